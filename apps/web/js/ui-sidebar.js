// The left column: who I am and whether I am connected, system notices,
// friend requests, the friends list (online dots, last message first) and
// the groups list, with the forms to add a friend and create a group.

import { formatTime, h, initial, replaceChildren } from "./dom.js";
import { errorText } from "./error-text.js";
import { friendKey, groupKey } from "./store.js";

const STATUS_TEXT = { online: "Online", connecting: "Connecting…", offline: "Offline, reconnecting…" };

export function setUpSidebar(store, client) {
  const byId = (id) => document.getElementById(id);
  const error = byId("sidebar-error");

  /** Runs `action`; shows its failure under the add-friend form. */
  const attempt = async (action) => {
    error.textContent = "";
    try {
      return await action();
    } catch (e) {
      error.textContent = errorText(e);
      return undefined;
    }
  };

  byId("add-friend-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = event.target.username;
    const done = await attempt(() => client.addFriend(input.value.trim()));
    if (done) input.value = "";
  });

  byId("create-group-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = event.target.name;
    const groupId = await attempt(() => client.createGroup(input.value.trim()));
    if (groupId) {
      input.value = "";
      client.open(groupKey(groupId));
    }
  });

  byId("logout-button").addEventListener("click", () => client.logOut());

  const drawMe = () => {
    byId("me-name").textContent = store.me;
    byId("me-avatar").textContent = initial(store.me);
    const status = byId("connection-status");
    status.textContent = STATUS_TEXT[store.status];
    status.dataset.status = store.status;
  };

  const drawNotices = () => replaceChildren(byId("notices"), store.notices.map((notice) =>
    h("div", { class: "notice", test: "system-message" },
      h("span", { class: "notice-label" }, "System"), notice.body)));

  const drawRequests = () => {
    const incoming = store.incoming.map((r) =>
      h("div", { class: "request", test: "incoming-request", dataset: { username: r.username } },
        h("span", { class: "avatar small" }, initial(r.username)),
        h("div", { class: "request-text" },
          h("strong", {}, r.username), h("span", { class: "muted" }, r.note || "wants to be friends")),
        h("div", { class: "request-actions" },
          h("button", { class: "primary small", test: "accept-request",
                        onclick: () => attempt(() => client.answerRequest(r.request_id, true)) }, "Accept"),
          h("button", { class: "small", test: "reject-request",
                        onclick: () => attempt(() => client.answerRequest(r.request_id, false)) }, "Reject"))));
    const outgoing = store.outgoing.map((r) =>
      h("div", { class: "request outgoing", test: "outgoing-request", dataset: { username: r.username } },
        h("span", { class: "avatar small" }, initial(r.username)),
        h("div", { class: "request-text" },
          h("strong", {}, r.username), h("span", { class: "muted" }, "request sent"))));
    const all = incoming.concat(outgoing);
    replaceChildren(byId("requests"), all.length ? h("h2", { class: "list-title" }, "Requests") : null, all);
  };

  /** One row of the friends or groups list. */
  const peerRow = ({ key, name, subtitle, online, unread, lastMessageAt, test, extra }) =>
    h("li", {
      class: `peer${key === store.activeKey ? " active" : ""}`,
      test, dataset: { key, name, ...extra },
      onclick: () => client.open(key),
    },
      h("span", { class: "avatar" }, initial(name),
        online === undefined ? null
          : h("span", { class: `dot${online ? " online" : ""}`, test: "presence",
                        dataset: { online: String(online) } })),
      h("div", { class: "peer-text" },
        h("strong", {}, name),
        h("span", { class: "muted" }, subtitle)),
      h("div", { class: "peer-meta" },
        lastMessageAt ? h("span", { class: "muted small-text" }, formatTime(lastMessageAt)) : null,
        unread ? h("span", { class: "badge", test: "unread" }, unread) : null));

  const drawFriends = () => replaceChildren(byId("friend-list"),
    store.friends.size === 0
      ? h("li", { class: "list-empty" }, "No friends yet: add one above.")
      : store.sortedFriends().map((f) => peerRow({
        key: friendKey(f.username), name: f.username,
        subtitle: f.online ? "online" : "offline",
        online: f.online, unread: f.unread, lastMessageAt: f.lastMessageAt,
        test: "friend", extra: { online: String(f.online) },
      })));

  const drawGroups = () => replaceChildren(byId("group-list"),
    [...store.groups.values()].map((g) => peerRow({
      key: groupKey(g.group_id), name: g.name,
      subtitle: g.state === "normal" ? g.role : `${g.role} · ${g.state.replace("_", " ")}`,
      unread: g.unread, lastMessageAt: g.lastMessageAt, test: "group",
    })));

  store.addEventListener("change", (event) => {
    switch (event.detail) {
      case "status": return drawMe();
      case "notices": return drawNotices();
      case "requests": return drawRequests();
      case "friends": return drawFriends();
      case "groups": return drawGroups();
      case "active": drawFriends(); return drawGroups();
    }
  });

  /** Draws everything afresh (after a login). */
  return () => {
    drawMe();
    drawNotices();
    drawRequests();
    drawFriends();
    drawGroups();
  };
}
