// The members panel of an open group: who is in it, online or not, with
// their roles; and the controls the user's role allows (owners: add, kick,
// roles, the group's state; admins: add, kick plain members; everyone but
// the owner: leave).

import { h, initial, replaceChildren } from "./dom.js";
import { errorText } from "./error-text.js";

const STATES = ["normal", "muted", "admins_only", "dissolved"];

export function setUpGroupPanel(store, client) {
  const panel = document.getElementById("members-panel");
  let open = false;

  const activeGroup = () => {
    const key = store.activeKey;
    return key?.startsWith("g:") ? store.groups.get(Number(key.slice(2))) ?? null : null;
  };

  /** Runs a group command; shows its failure in the panel. */
  const run = (groupId, type, params) =>
    client.groupCommand(type, groupId, params).then(
      () => { error.textContent = ""; },
      (e) => { error.textContent = errorText(e); });

  const memberRow = (group, member) => {
    const isMe = member.username === store.me;
    const owner = group.role === "owner";
    const canKick = !isMe && member.role !== "owner"
      && (owner || (group.role === "admin" && member.role === "member"));
    const params = { username: member.username };
    return h("li", { class: "member", test: "member", dataset: { username: member.username, role: member.role } },
      h("span", { class: "avatar small" }, initial(member.username),
        h("span", { class: `dot${member.online ? " online" : ""}` })),
      h("div", { class: "peer-text" },
        h("strong", {}, isMe ? `${member.username} (you)` : member.username),
        h("span", { class: `role role-${member.role}` }, member.role)),
      h("div", { class: "member-actions" },
        owner && !isMe ? h("button", {
          class: "small", test: member.role === "admin" ? "demote-member" : "promote-member",
          onclick: () => run(group.group_id, "group_set_role",
            { ...params, role: member.role === "admin" ? "member" : "admin" }),
        }, member.role === "admin" ? "Make member" : "Make admin") : null,
        canKick ? h("button", { class: "small danger", test: "kick-member",
                                onclick: () => run(group.group_id, "group_kick", params) }, "Remove") : null));
  };

  // The panel's controls are built once and kept: redrawing them when the
  // member list changes would wipe what the user is typing.
  const count = h("span", { class: "muted" });
  const addInput = h("input", { name: "username", placeholder: "Add a member", required: true,
                                autocomplete: "off", test: "add-member-input" });
  const addForm = h("form", {
    class: "inline-form",
    onsubmit: (event) => {
      event.preventDefault();
      run(activeGroup().group_id, "group_add", { username: addInput.value.trim() });
      addInput.value = "";
    },
  }, addInput, h("button", { class: "primary", test: "add-member-submit" }, "Add"));
  const error = h("p", { class: "form-error", role: "alert" });
  const memberList = h("ul", { class: "member-list", test: "members" });
  const stateSelect = h("select", {
    test: "group-state",
    onchange: (event) => run(activeGroup().group_id, "group_set_state", { state: event.target.value }),
  }, STATES.map((state) => h("option", { value: state }, state.replace("_", " "))));
  const stateLabel = h("label", { class: "state-select" }, "Group state ", stateSelect);
  const stateText = h("p", { class: "muted" });
  const leaveButton = h("button", {
    class: "ghost danger", test: "leave-group",
    onclick: () => run(activeGroup().group_id, "group_leave"),
  }, "Leave group");
  panel.append(
    h("header", { class: "panel-header" }, h("strong", {}, "Members"), count),
    addForm, error, memberList,
    h("footer", { class: "panel-footer" }, stateLabel, stateText, leaveButton));

  const draw = () => {
    const group = activeGroup();
    panel.hidden = !open || !group;
    if (panel.hidden) return;
    const members = store.members.get(group.group_id) ?? [];
    count.textContent = String(members.length);
    addForm.hidden = group.role === "member" || group.state === "dissolved";
    replaceChildren(memberList, members.map((m) => memberRow(group, m)));
    const canSetState = group.role === "owner" && group.state !== "dissolved";
    stateLabel.hidden = !canSetState;
    stateSelect.value = group.state;
    stateText.hidden = canSetState;
    stateText.textContent = `State: ${group.state.replace("_", " ")}`;
    leaveButton.hidden = group.role === "owner";
  };

  store.addEventListener("change", (event) => {
    if (["active", "members", "groups"].includes(event.detail)) draw();
  });

  return {
    toggle() {
      open = !open;
      draw();
    },
  };
}
