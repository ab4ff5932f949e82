#pragma once

#include <caf/type_id.hpp>

// Every atom the node's actors exchange, in one type-ID block.
CAF_BEGIN_TYPE_ID_BLOCK(troupe, caf::first_custom_type_id)

// -- a connection and its session actor ------------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, frame_atom, "frame")
CAF_ADD_ATOM(troupe, troupe::atoms, activity_atom, "activity")
CAF_ADD_ATOM(troupe, troupe::atoms, closed_atom, "closed")
CAF_ADD_ATOM(troupe, troupe::atoms, heartbeat_atom, "heartbeat")
CAF_ADD_ATOM(troupe, troupe::atoms, login_deadline_atom, "loginDue")
CAF_ADD_ATOM(troupe, troupe::atoms, pace_atom, "pace")

// -- the session directory -------------------------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, attach_atom, "attach")
CAF_ADD_ATOM(troupe, troupe::atoms, replaced_atom, "replaced")
CAF_ADD_ATOM(troupe, troupe::atoms, shutdown_atom, "shutdown")
CAF_ADD_ATOM(troupe, troupe::atoms, reattach_atom, "reattach")

// -- authentication --------------------------------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, login_atom, "login")
CAF_ADD_ATOM(troupe, troupe::atoms, signup_atom, "signup")
CAF_ADD_ATOM(troupe, troupe::atoms, hash_atom, "hash")
CAF_ADD_ATOM(troupe, troupe::atoms, verify_atom, "verify")

// -- persistence -----------------------------------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, run_atom, "run")
CAF_ADD_ATOM(troupe, troupe::atoms, batch_atom, "batch")

// -- delivery --------------------------------------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, deliver_atom, "deliver")
CAF_ADD_ATOM(troupe, troupe::atoms, push_atom, "push")
CAF_ADD_ATOM(troupe, troupe::atoms, resend_atom, "resend")
CAF_ADD_ATOM(troupe, troupe::atoms, flush_atom, "flush")
CAF_ADD_ATOM(troupe, troupe::atoms, positions_atom, "positions")
CAF_ADD_ATOM(troupe, troupe::atoms, online_atom, "online")
CAF_ADD_ATOM(troupe, troupe::atoms, detach_atom, "detach")

// -- groups ----------------------------------------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, group_atom, "group")
CAF_ADD_ATOM(troupe, troupe::atoms, fan_out_atom, "fanOut")
CAF_ADD_ATOM(troupe, troupe::atoms, idle_atom, "idle")
CAF_ADD_ATOM(troupe, troupe::atoms, stop_atom, "stop")
CAF_ADD_ATOM(troupe, troupe::atoms, resync_atom, "resync")

// -- the cluster: directories of several nodes ------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, peer_up_atom, "peerUp")
CAF_ADD_ATOM(troupe, troupe::atoms, peer_attach_atom, "peerAttach")
CAF_ADD_ATOM(troupe, troupe::atoms, peer_detach_atom, "peerDetach")
CAF_ADD_ATOM(troupe, troupe::atoms, peer_sync_atom, "peerSync")
CAF_ADD_ATOM(troupe, troupe::atoms, relay_atom, "relay")
CAF_ADD_ATOM(troupe, troupe::atoms, node_presence_atom, "nodePres")
// -- the cluster: membership and links -------------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, hello_atom, "hello")
CAF_ADD_ATOM(troupe, troupe::atoms, join_atom, "join")
CAF_ADD_ATOM(troupe, troupe::atoms, live_atom, "live")
CAF_ADD_ATOM(troupe, troupe::atoms, serving_atom, "serving")
CAF_ADD_ATOM(troupe, troupe::atoms, joined_atom, "joined")
CAF_ADD_ATOM(troupe, troupe::atoms, renew_atom, "renew")
// -- supervision -----------------------------------------------------------
CAF_ADD_ATOM(troupe, troupe::atoms, restart_atom, "restart")

CAF_END_TYPE_ID_BLOCK(troupe)
