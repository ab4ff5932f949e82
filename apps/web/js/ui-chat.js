// The conversation pane: its header, the messages (oldest at the top,
// older pages loaded when scrolled to the top) and the composer for text,
// images and files.

import { formatTime, h, initial } from "./dom.js";

// How close to the top (px) loads the previous page of history.
const LOAD_OLDER_AT = 48;

/** Why the user may not write in this conversation now, or null. */
function writeBlocker(store, key) {
  const peer = store.peerOf(key);
  if (!key.startsWith("g:")) return peer ? null : "You are no longer friends.";
  if (!peer) return "You are not a member of this group.";
  if (peer.state === "dissolved") return "This group was dissolved.";
  if (peer.state === "muted") return "This group is muted: nobody can write.";
  if (peer.state === "admins_only" && peer.role === "member") return "Only admins can write here.";
  return null;
}

export function setUpChat(store, client, { onToggleMembers }) {
  const byId = (id) => document.getElementById(id);
  const list = byId("message-list");
  const input = byId("composer-input");
  // The drawn message elements of the open conversation, by message key.
  let drawn = new Map();
  let drawnKey = null;

  byId("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || !store.activeKey) return;
    client.sendText(store.activeKey, text);
    input.value = "";
  });

  byId("file-input").addEventListener("change", (event) => {
    for (const file of event.target.files) client.sendFile(store.activeKey, file);
    event.target.value = "";
  });

  // Whether the view follows new messages: the user has not scrolled up.
  let stickToBottom = true;
  list.addEventListener("scroll", () => {
    stickToBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 32;
    if (list.scrollTop < LOAD_OLDER_AT && store.activeKey) client.loadOlder(store.activeKey);
  });

  /** The body of a message: text, an inline image, or a download link. */
  const messageBody = (message) => {
    if (message.kind === "text") return h("p", { class: "text" }, message.body);
    const fileId = message.status === "sending" ? null : message.body;
    if (message.kind === "image") {
      const image = h("img", { class: "image", test: "message-image", alt: "image" });
      const source = message.localPreview ? Promise.resolve(message.localPreview)
        : fileId ? client.fileUrl(fileId) : null;
      source?.then((url) => { image.src = url; }, () => { image.alt = "image unavailable"; });
      // The image's height arrives with it: keep the newest message in view.
      image.addEventListener("load", () => { if (stickToBottom) list.scrollTop = list.scrollHeight; });
      return image;
    }
    const link = h("a", { class: "file-link", test: "message-file", href: "#", title: `file ${fileId ?? ""}` },
      client.fileNames.get(fileId) ?? (fileId ? "Download file" : message.body));
    link.addEventListener("click", async (event) => {
      if (link.download || !fileId) return; // already a blob: link, or not sent yet
      event.preventDefault();
      link.href = await client.fileUrl(fileId);
      link.download = client.fileNames.get(fileId) ?? `troupe-file-${fileId}`;
      link.click();
    });
    return link;
  };

  const STATUS_TEXT = { sending: "sending…", sent: "sent", failed: "not sent" };

  const messageElement = (message, isGroup) => {
    const mine = message.from === store.me;
    return h("li", {
      class: `message ${mine ? "mine" : "theirs"} kind-${message.kind}`,
      test: "message",
      dataset: { from: message.from, kind: message.kind, status: message.status,
                 msgId: message.msgId ?? "" },
    },
      isGroup && !mine ? h("span", { class: "author" }, message.from) : null,
      h("div", { class: "bubble" }, messageBody(message)),
      h("span", { class: "meta", title: message.error || "" },
        formatTime(message.ts),
        mine ? h("span", { class: "status", test: "message-status" }, ` · ${STATUS_TEXT[message.status]}`) : null));
  };

  const messageKey = (m) => (m.msgId !== undefined ? `m:${m.msgId}` : `r:${m.requestId}`);

  /** Redraws the open conversation, reusing the elements already there. */
  const drawMessages = () => {
    const key = store.activeKey;
    if (drawnKey !== key) {
      stickToBottom = true;
      drawn = new Map();
      drawnKey = key;
      list.replaceChildren();
    }
    const conversation = store.conversation(key);
    const atBottom = stickToBottom;
    const fromBottom = list.scrollHeight - list.scrollTop;
    const firstBefore = list.firstElementChild;
    const isGroup = key.startsWith("g:");
    const next = new Map();
    const elements = store.sortedMessages(key).map((message) => {
      const id = messageKey(message);
      let element = drawn.get(id);
      if (!element || element.dataset.status !== message.status) element = messageElement(message, isGroup);
      next.set(id, element);
      return element;
    });
    const top = conversation.reachedStart
      ? h("li", { class: "history-edge muted" }, elements.length ? "The beginning of this conversation" : "No messages yet. Say hello!")
      : h("li", { class: "history-edge muted", test: "load-older" }, "Scroll up for older messages");
    list.replaceChildren(top, ...elements);
    drawn = next;
    // Stay at the newest message, or keep the view still when older ones came in above.
    if (atBottom || !firstBefore) list.scrollTop = list.scrollHeight;
    else list.scrollTop = list.scrollHeight - fromBottom;
    // A short first page leaves nothing to scroll: load more at once.
    if (conversation.loaded && !conversation.reachedStart && list.scrollHeight <= list.clientHeight) {
      client.loadOlder(key);
    }
  };

  const drawHeader = () => {
    const key = store.activeKey;
    const peer = store.peerOf(key);
    const isGroup = key.startsWith("g:");
    const name = isGroup ? peer?.name ?? "Group" : key.slice(2);
    byId("chat-title").textContent = name;
    byId("chat-avatar").textContent = initial(name);
    const members = isGroup ? store.members.get(peer?.group_id) : null;
    byId("chat-subtitle").textContent = isGroup
      ? [members ? `${members.length} members` : null, peer?.state !== "normal" ? peer?.state.replace("_", " ") : null,
         peer ? `you are ${peer.role}` : "not a member"].filter(Boolean).join(" · ")
      : peer ? (peer.online ? "online" : "offline") : "former friend";
    const action = isGroup
      ? h("button", { class: "ghost", test: "toggle-members", onclick: onToggleMembers }, "Members")
      : peer ? h("button", { class: "ghost danger", test: "remove-friend",
                             onclick: () => client.removeFriend(peer.username).catch(() => {}) }, "Remove friend")
        : null;
    byId("chat-actions").replaceChildren(...(action ? [action] : []));
    const blocker = writeBlocker(store, key);
    const note = byId("composer-note");
    note.hidden = !blocker;
    note.textContent = blocker || "";
    for (const control of byId("composer").elements) control.disabled = Boolean(blocker);
  };

  const showConversation = () => {
    const open = Boolean(store.activeKey);
    byId("chat-empty").hidden = open;
    byId("chat-header").hidden = !open;
    list.hidden = !open;
    byId("composer").hidden = !open;
    if (!open) return;
    drawHeader();
    drawMessages();
    input.focus();
  };

  store.addEventListener("change", (event) => {
    if (event.detail === "active") return showConversation();
    if (!store.activeKey) return;
    if (event.detail === "conversation" && event.key === store.activeKey) drawMessages();
    else if (["friends", "groups", "members"].includes(event.detail)) drawHeader();
  });

  return showConversation;
}
