// What the page knows: friends, requests, groups, conversations and their
// messages. The one place that deduplicates and orders messages. Views
// listen to its "change" events and redraw the part named in `detail`
// ("friends", "requests", "groups", "notices", "status", "active",
// "members", or "conversation" with the key in `event.key`).

/** Conversation keys: "u:alice" with a friend, "g:42" in a group. */
export const friendKey = (username) => `u:${username}`;
export const groupKey = (groupId) => `g:${groupId}`;

export class Store extends EventTarget {
  constructor() {
    super();
    this.reset(null);
  }

  reset(me) {
    this.me = me;
    this.status = "offline";
    this.friends = new Map(); // username → {username, nickname, online, lastMessageAt, unread}
    this.incoming = [];
    this.outgoing = [];
    this.groups = new Map(); // group_id → {group_id, name, role, state, lastMessageAt, unread}
    this.members = new Map(); // group_id → [{user_id, username, role, online}]
    this.conversations = new Map();
    this.notices = [];
    this.activeKey = null;
  }

  changed(what, key) {
    const event = new CustomEvent("change", { detail: what });
    event.key = key;
    this.dispatchEvent(event);
  }

  setStatus(status) {
    this.status = status;
    this.changed("status");
  }

  setFriends(list) {
    const previous = this.friends;
    this.friends = new Map(list.map((f) => [f.username, {
      username: f.username,
      nickname: f.nickname || "",
      online: f.online,
      lastMessageAt: f.last_message_at || 0,
      unread: previous.get(f.username)?.unread ?? 0,
    }]));
    this.changed("friends");
  }

  /** Friends, the last messaged first, then by name (as the node orders them). */
  sortedFriends() {
    return [...this.friends.values()].sort((a, b) =>
      b.lastMessageAt - a.lastMessageAt || a.username.localeCompare(b.username));
  }

  setPresence(username, online) {
    const friend = this.friends.get(username);
    if (friend && friend.online !== online) {
      friend.online = online;
      this.changed("friends");
    }
    // The same person in the member lists of the groups shown.
    for (const [groupId, members] of this.members) {
      const member = members.find((m) => m.username === username);
      if (member && member.online !== online) {
        member.online = online;
        this.changed("members", groupKey(groupId));
      }
    }
  }

  setRequests({ incoming, outgoing }) {
    this.incoming = incoming;
    this.outgoing = outgoing;
    this.changed("requests");
  }

  addIncomingRequest(request) {
    if (this.incoming.some((r) => r.request_id === request.request_id)) return;
    this.incoming.push(request);
    this.changed("requests");
  }

  setGroups(list) {
    const previous = this.groups;
    this.groups = new Map(list.map((g) => [g.group_id, {
      ...g,
      lastMessageAt: previous.get(g.group_id)?.lastMessageAt ?? 0,
      unread: previous.get(g.group_id)?.unread ?? 0,
    }]));
    this.changed("groups");
  }

  setMembers(groupId, members) {
    this.members.set(groupId, members);
    this.changed("members", groupKey(groupId));
  }

  addNotice(notice) {
    this.notices.push(notice);
    this.changed("notices");
  }

  setActive(key) {
    this.activeKey = key;
    const peer = this.peerOf(key);
    if (peer) peer.unread = 0;
    this.changed("active");
    this.changed(key?.startsWith("g:") ? "groups" : "friends");
  }

  /** The friend or group entry a conversation key stands for. */
  peerOf(key) {
    if (!key) return null;
    return key.startsWith("g:")
      ? this.groups.get(Number(key.slice(2)))
      : this.friends.get(key.slice(2));
  }

  conversation(key) {
    let conversation = this.conversations.get(key);
    if (!conversation) {
      conversation = {
        key,
        byId: new Map(), // msg_id → message, the stored ones
        sending: new Map(), // request id → message, not yet answered
        loaded: false, // the newest page of history is in
        reachedStart: false, // nothing older is left
        loadingOlder: false,
      };
      this.conversations.set(key, conversation);
    }
    return conversation;
  }

  /**
   * Adds stored messages (pushes or history) to conversation `key`. A
   * message already there is kept once; returns how many were new.
   */
  addMessages(key, messages, { countUnread = false } = {}) {
    const conversation = this.conversation(key);
    let added = 0;
    for (const m of messages) {
      if (conversation.byId.has(m.msg_id)) continue;
      conversation.byId.set(m.msg_id, {
        msgId: m.msg_id, from: m.from, kind: m.kind, body: String(m.body),
        ts: m.ts, status: "sent",
      });
      added += 1;
      this.touchPeer(key, m.ts, countUnread && m.from !== this.me);
    }
    if (added) this.changed("conversation", key);
    return added;
  }

  /** Shows a message of ours as "sending" until the node answers. */
  addSending(key, requestId, kind, body, localPreview) {
    this.conversation(key).sending.set(requestId, {
      requestId, from: this.me, kind, body: String(body), ts: Date.now(),
      status: "sending", localPreview,
    });
    this.changed("conversation", key);
  }

  /** The node stored our message: it becomes a sent message with its id. */
  markSent(key, requestId, msgId, ts) {
    const conversation = this.conversation(key);
    const message = conversation.sending.get(requestId);
    if (!message) return;
    conversation.sending.delete(requestId);
    // History may have brought the same message in already: keep one.
    if (!conversation.byId.has(msgId)) {
      conversation.byId.set(msgId, { ...message, msgId, ts, status: "sent" });
      this.touchPeer(key, ts, false);
    }
    this.changed("conversation", key);
  }

  markFailed(key, requestId, reason) {
    const message = this.conversation(key).sending.get(requestId);
    if (!message) return;
    message.status = "failed";
    message.error = reason;
    this.changed("conversation", key);
  }

  /** Messages in the order they were stored; ours still sending come last. */
  sortedMessages(key) {
    const conversation = this.conversation(key);
    const stored = [...conversation.byId.values()].sort((a, b) => a.msgId - b.msgId);
    return stored.concat([...conversation.sending.values()]);
  }

  oldestMsgId(key) {
    let oldest = null;
    for (const id of this.conversation(key).byId.keys()) {
      if (oldest === null || id < oldest) oldest = id;
    }
    return oldest;
  }

  touchPeer(key, ts, unread) {
    const peer = this.peerOf(key);
    if (!peer) return;
    peer.lastMessageAt = Math.max(peer.lastMessageAt, ts);
    if (unread && key !== this.activeKey) peer.unread += 1;
    this.changed(key.startsWith("g:") ? "groups" : "friends");
  }
}
