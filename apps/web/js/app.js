// The entry point: shows the login screen or the chat, and switches
// between them as sessions start and end.

import { ChatClient } from "./chat-client.js";
import { Session } from "./session.js";
import { Store } from "./store.js";
import { setUpChat } from "./ui-chat.js";
import { setUpGroupPanel } from "./ui-group.js";
import { setUpLogin } from "./ui-login.js";
import { setUpSidebar } from "./ui-sidebar.js";

const session = new Session();
const store = new Store();
const client = new ChatClient(store, session);

const groupPanel = setUpGroupPanel(store, client);
const drawSidebar = setUpSidebar(store, client);
const showConversation = setUpChat(store, client, { onToggleMembers: () => groupPanel.toggle() });

function enterChat() {
  document.getElementById("login-screen").hidden = true;
  document.getElementById("app-screen").hidden = false;
  client.start();
  drawSidebar();
  showConversation();
}

const login = setUpLogin(session, enterChat);

// The session ended for good (logged out, replaced elsewhere, token
// expired while offline): back to the login screen.
client.onEnded = (reason) => {
  session.clear();
  login.show(reason);
};

if (session.validToken()) enterChat();
else login.show();
