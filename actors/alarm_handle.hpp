#pragma once

#include <memory>

#include <caf/actor_addr.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>
#include <caf/timespan.hpp>

namespace troupe::actors {

/// Delayed messages to an actor that do not keep its memory.
///
/// CAF 0.17's `delayed_send` holds its receiver until the message is due,
/// and even a weak reference (an `actor_addr`) keeps the actor's memory
/// allocated, its state gone: a session whose client hung up would stay in
/// memory as long as its longest timer (the heartbeat check, up to
/// `heartbeat.timeout`: 120 s), and a client opening and closing sockets
/// fast could pin hundreds of thousands. The node's alarm (`names::alarm`)
/// is what the clock holds instead, and a pending tick refers to its actor
/// only through an `alarm_handle` that the actor's state owns: once the
/// actor has gone, the tick finds nothing and is dropped.
class alarm_handle {
 public:
  alarm_handle() = default;

  explicit alarm_handle(caf::actor_addr owner);

  /// Sends `tick` to the owner after `delay` through the node's alarm, or,
  /// while no alarm is registered, straight from the clock (keeping the
  /// owner until then, as CAF does).
  void send_later(caf::actor_system& sys, caf::timespan delay,
                  caf::atom_value tick) const;

 private:
  std::shared_ptr<const caf::actor_addr> owner_;
};

/// A pending tick's reference to its actor.
using alarm_target = std::weak_ptr<const caf::actor_addr>;

} // namespace troupe::actors

// A pointer into this process: the alarm serves its own node only.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(troupe::actors::alarm_target)
