// What to tell the user for each error code of the protocol (section 7)
// and for the client's own ("offline", "expired", ...); the node's own
// message otherwise.

const TEXT = {
  auth_failed: "Wrong username or password.",
  rate_limited: "Too many failed attempts; wait a few minutes.",
  username_taken: "That username is taken.",
  invalid_username: "Usernames are 3 to 32 characters: a-z 0-9 _ . -",
  weak_password: "Passwords are 8 to 128 characters.",
  expired: "Your session has ended; please log in again.",
  replaced: "You logged in somewhere else.",
  offline: "Not connected; try again in a moment.",
  timeout: "The server did not answer; try again.",
  no_such_user: "There is no user by that name.",
  cannot_friend_self: "That is you.",
  already_friends: "You are friends already.",
  already_requested: "You asked already; waiting for an answer.",
  already_member: "Already a member.",
  not_member: "Not a member of this group.",
  forbidden: "Your role does not allow that.",
  group_full: "The group is full.",
  group_dissolved: "This group was dissolved.",
  owner_cannot_leave: "The owner cannot leave the group.",
  too_long: "That is too long.",
  unavailable: "The server cannot store anything right now; try again soon.",
};

/** A sentence for `error` (anything with a `code`, or a code itself). */
export function errorText(error) {
  const code = typeof error === "string" ? error : error?.code;
  return TEXT[code] ?? error?.message ?? String(error);
}
