// The client's behaviour: what to ask the node when, what each push means
// for the store, and sends that survive a reconnect. Views call its
// methods; it never touches the page.

import { Connection, newRequestId } from "./connection.js";
import { downloadFile, uploadFile } from "./http-api.js";
import { friendKey, groupKey } from "./store.js";

const HISTORY_PAGE = 50;

export class ChatClient {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.connection = new Connection(() => session.validToken());
    // Sends the node has not answered yet, by request id. Repeated after a
    // reconnect with the same id: the node stores each one once.
    this.outbox = new Map();
    this.seenPushIds = new Set();
    this.fileUrls = new Map(); // file id → Promise of a blob: URL
    this.fileNames = new Map(); // file id → name, for the files this tab sent
    this.connection.addEventListener("welcome", () => this.onWelcome());
    this.connection.addEventListener("push", (e) => this.onPush(e.detail));
    this.connection.addEventListener("status", (e) => store.setStatus(e.detail));
    this.connection.addEventListener("ended", (e) => this.onEnded?.(e.detail));
  }

  start() {
    this.outbox.clear();
    this.seenPushIds.clear();
    this.fileUrls.clear();
    this.store.reset(this.session.username);
    this.connection.start();
    this.session.keepFresh(this.connection);
  }

  async logOut() {
    await this.request("logout").catch(() => {});
    this.connection.end("logout");
  }

  request(type, params) {
    return this.connection.request(type, params);
  }

  async onWelcome() {
    await Promise.all([this.loadFriends(), this.loadRequests(), this.loadGroups()]);
    for (const [requestId, send] of this.outbox) this.transmit(requestId, send);
    const active = this.store.activeKey;
    if (active) this.catchUp(active);
  }

  // Friends and groups come in pages (500 a reply by default): read them all.
  async loadFriends() {
    const friends = [];
    try {
      for (let more = true; more;) {
        const page = await this.request("friends", {offset : friends.length});
        friends.push(...page.friends);
        more = page.more && page.friends.length > 0;
      }
    } catch {
      return;
    }
    this.store.setFriends(friends);
  }

  loadRequests() {
    return this.request("friend_requests").then((d) => this.store.setRequests(d), () => {});
  }

  async loadGroups() {
    const groups = [];
    try {
      for (let more = true; more;) {
        const after
          = groups.length ? {after : groups[groups.length - 1].group_id} : {};
        const page = await this.request("groups", after);
        groups.push(...page.groups);
        more = page.more && page.groups.length > 0;
      }
    } catch {
      return;
    }
    this.store.setGroups(groups);
  }

  loadMembers(groupId) {
    return this.request("group_members", { group_id: groupId })
      .then((d) => this.store.setMembers(groupId, d.members), () => {});
  }

  onPush(push) {
    if (push.type === "message") return this.onMessage(push);
    if (push.type === "presence") return this.store.setPresence(push.username, push.online);
    // Every other push has an id that the node never reuses.
    if (this.seenPushIds.has(push.id)) return;
    this.seenPushIds.add(push.id);
    switch (push.type) {
      case "friend_request":
        this.store.addIncomingRequest({
          request_id: push.request_id, username: push.from, note: push.note, ts: push.ts,
        });
        break;
      case "friend_update":
        this.loadFriends();
        this.loadRequests();
        break;
      case "group_update":
        this.loadGroups();
        if (this.store.members.has(push.group_id)) this.loadMembers(push.group_id);
        break;
      case "system":
        this.store.addNotice({ id: push.id, body: push.body, ts: push.ts });
        break;
    }
  }

  onMessage(push) {
    const key = this.keyOf(push);
    this.store.addMessages(key, [push], { countUnread: true });
    // A message from someone not yet in our lists (a new friend or group).
    if (this.store.peerOf(key)) return;
    if (key.startsWith("g:")) this.loadGroups();
    else this.loadFriends();
  }

  /** The conversation a message belongs to, seen from this user. */
  keyOf(message) {
    if (message.group_id !== undefined) return groupKey(message.group_id);
    return friendKey(message.from === this.store.me ? message.to : message.from);
  }

  /** Where a conversation's requests go: {to} or {group_id}. */
  target(key) {
    return key.startsWith("g:") ? { group_id: Number(key.slice(2)) } : { with: key.slice(2) };
  }

  async open(key) {
    this.store.setActive(key);
    if (key.startsWith("g:")) this.loadMembers(Number(key.slice(2)));
    if (!this.store.conversation(key).loaded) await this.loadNewest(key);
  }

  async loadNewest(key) {
    const conversation = this.store.conversation(key);
    try {
      const { messages } = await this.request("history", { ...this.target(key), limit: HISTORY_PAGE });
      conversation.loaded = true;
      conversation.reachedStart = messages.length < HISTORY_PAGE;
      if (!this.store.addMessages(key, messages)) this.store.changed("conversation", key);
    } catch {
      // Offline: the next welcome loads it.
    }
  }

  /** After a reconnect: whatever the open conversation missed. */
  async catchUp(key) {
    if (!this.store.conversation(key).loaded) return this.loadNewest(key);
    try {
      const { messages } = await this.request("history", { ...this.target(key), limit: HISTORY_PAGE });
      this.store.addMessages(key, messages);
    } catch { /* the next welcome tries again */ }
  }

  /** Scrolling back: one page before the oldest message shown. */
  async loadOlder(key) {
    const conversation = this.store.conversation(key);
    const before = this.store.oldestMsgId(key);
    if (conversation.reachedStart || conversation.loadingOlder || before === null) return 0;
    conversation.loadingOlder = true;
    try {
      const { messages } = await this.request("history", {
        ...this.target(key), before, limit: HISTORY_PAGE,
      });
      conversation.reachedStart = messages.length < HISTORY_PAGE;
      const added = this.store.addMessages(key, messages);
      if (!added) this.store.changed("conversation", key);
      return added;
    } catch {
      return 0;
    } finally {
      conversation.loadingOlder = false;
    }
  }

  sendText(key, text) {
    this.queueSend(key, "text", text);
  }

  /** Uploads `file`, then sends it as an image or a file message. */
  async sendFile(key, file) {
    const kind = file.type.startsWith("image/") ? "image" : "file";
    const preview = kind === "image" ? URL.createObjectURL(file) : null;
    const requestId = newRequestId();
    this.store.addSending(key, requestId, kind, file.name, preview);
    try {
      const { file_id } = await uploadFile(this.session.validToken(), file);
      if (preview) this.fileUrls.set(String(file_id), Promise.resolve(preview));
      this.fileNames.set(String(file_id), file.name);
      this.queueSend(key, kind, String(file_id), requestId);
    } catch (error) {
      this.store.markFailed(key, requestId, error.message);
    }
  }

  queueSend(key, kind, body, requestId = newRequestId()) {
    const send = { key, kind, body };
    this.outbox.set(requestId, send);
    const existing = this.store.conversation(key).sending.get(requestId);
    if (existing) existing.body = body;
    else this.store.addSending(key, requestId, kind, body);
    this.transmit(requestId, send);
  }

  async transmit(requestId, { key, kind, body }) {
    const [type, where] = key.startsWith("g:")
      ? ["group_send", { group_id: Number(key.slice(2)) }]
      : ["send", { to: key.slice(2) }];
    try {
      const { msg_id, ts } = await this.connection.request(type, { ...where, kind, body }, requestId);
      this.outbox.delete(requestId);
      this.store.markSent(key, requestId, msg_id, ts);
    } catch (error) {
      // Unanswered: try again now if still online (the node stores a
      // repeated id once), else at the next welcome.
      if (error.code === "timeout") return this.transmit(requestId, { key, kind, body });
      if (error.code === "offline") return;
      this.outbox.delete(requestId);
      this.store.markFailed(key, requestId, error.message);
    }
  }

  /** A blob: URL for file `fileId`, downloaded once with the token. */
  fileUrl(fileId) {
    let url = this.fileUrls.get(fileId);
    if (!url) {
      url = downloadFile(this.session.validToken(), fileId).then((blob) => URL.createObjectURL(blob));
      url.catch(() => this.fileUrls.delete(fileId));
      this.fileUrls.set(fileId, url);
    }
    return url;
  }

  // -- friends and groups: each a request, then a reload of what it changed

  addFriend(username) {
    return this.request("friend_request", { username })
      .finally(() => { this.loadRequests(); this.loadFriends(); });
  }

  answerRequest(requestId, accept) {
    return this.request("friend_respond", { request_id: requestId, accept })
      .finally(() => { this.loadRequests(); this.loadFriends(); });
  }

  removeFriend(username) {
    return this.request("friend_remove", { username }).finally(() => this.loadFriends());
  }

  async createGroup(name) {
    const { group_id } = await this.request("group_create", { name });
    await this.loadGroups();
    return group_id;
  }

  /** Runs a group command (group_add, group_kick, ...) and reloads the group. */
  groupCommand(type, groupId, params = {}) {
    return this.request(type, { group_id: groupId, ...params }).finally(() => {
      this.loadGroups();
      this.loadMembers(groupId);
    });
  }
}
