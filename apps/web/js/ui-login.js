// The login screen: log in with a token from POST /api/token, or create an
// account first and then log in.

import { register } from "./http-api.js";

const MESSAGES = {
  auth_failed: "Wrong username or password.",
  rate_limited: "Too many failed attempts; wait a few minutes.",
  username_taken: "That username is taken.",
  invalid_username: "Usernames are 3 to 32 characters: a-z 0-9 _ . -",
  weak_password: "Passwords are 8 to 128 characters.",
  expired: "Your session has ended; please log in again.",
  replaced: "You logged in somewhere else.",
};

/** Wires the form; `onLoggedIn()` runs once the session holds a token. */
export function setUpLogin(session, onLoggedIn) {
  const form = document.getElementById("login-form");
  const error = document.getElementById("login-error");

  const submit = async (createAccount) => {
    if (!form.reportValidity()) return;
    const username = form.username.value.trim();
    const password = form.password.value;
    error.textContent = "";
    form.classList.add("busy");
    try {
      if (createAccount) await register(username, password);
      await session.logIn(username, password);
      form.password.value = "";
      onLoggedIn();
    } catch (e) {
      error.textContent = MESSAGES[e.code] || e.message;
    } finally {
      form.classList.remove("busy");
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(false);
  });
  document.getElementById("register-button").addEventListener("click", () => submit(true));

  return {
    /** Shows the login screen, with why the last session ended, if known. */
    show(reason) {
      error.textContent = reason ? MESSAGES[reason] || "" : "";
      document.getElementById("login-screen").hidden = false;
      document.getElementById("app-screen").hidden = true;
      form.username.focus();
    },
  };
}
