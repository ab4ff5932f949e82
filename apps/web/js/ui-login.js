// The login screen: log in with a token from POST /api/token, or create an
// account first and then log in.

import { errorText } from "./error-text.js";
import { register } from "./http-api.js";

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
      error.textContent = errorText(e);
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
      error.textContent = reason && reason !== "logout" ? errorText(reason) : "";
      document.getElementById("login-screen").hidden = false;
      document.getElementById("app-screen").hidden = true;
      form.username.focus();
    },
  };
}
