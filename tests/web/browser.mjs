// What the browser test needs around Playwright: Debian's chromium, one
// page per user (each in its own context, like separate people), and
// waits on conditions in the page, each with a bounded timeout.

import { chromium } from "playwright-core";

// Bound on every wait: long enough for a slow CI machine, short enough
// that a client that never gets there fails quickly.
export const WAIT_MS = 15000;

// What the browser itself logs about failed requests (a refused login, a
// reconnect while the network is down): the client's to handle, no errors.
const NETWORK_NOISE = [/^Failed to load resource/, /^WebSocket connection to .* failed/];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    // The CI runs as root, where chromium's sandbox cannot start. The test's
    // pages are all in the background but one: let them run at full speed.
    args: ["--no-sandbox", "--disable-background-timer-throttling",
      "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
  });
}

/**
 * A user's browser tab on the node at `baseUrl`. JavaScript errors in the
 * page are collected: the test fails on any.
 */
export async function openPage(browser, baseUrl, name, pageErrors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on("pageerror", (error) => pageErrors.push(`${name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !NETWORK_NOISE.some((pattern) => pattern.test(message.text()))) {
      pageErrors.push(`${name} console: ${message.text()}`);
    }
  });
  await page.goto(baseUrl);
  return { name, page, context };
}

const sel = (test) => `[data-test="${test}"]`;
export { sel };

/**
 * page.waitForFunction, polling on a timer: the default polls on animation
 * frames, which a browser does not run for a page in the background (all
 * but one of the test's pages).
 */
export function waitUntil(page, predicate, argument) {
  return page.waitForFunction(predicate, argument, { polling: 100 });
}

/** Registers (`create`) or logs in, and waits until the socket is online. */
export async function enter({ page }, username, password, { create = false } = {}) {
  await page.fill(sel("login-username"), username);
  await page.fill(sel("login-password"), password);
  await page.click(sel(create ? "register-submit" : "login-submit"));
  await page.waitForSelector(`${sel("connection-status")}[data-status="online"]`);
}

/** Waits until the friend's row shows them online (true) or offline. */
export function waitForPresence({ page }, username, online) {
  return page.waitForSelector(
    `${sel("friend")}[data-name="${username}"][data-online="${online}"]`);
}

/** Opens the conversation with a friend or a group by its name. */
export async function openConversation({ page }, kind, name) {
  await page.click(`${sel(kind)}[data-name="${name}"]`);
  await waitUntil(page,
    (title) => document.querySelector('[data-test="chat-title"]')?.textContent === title, name);
}

/** Sends a text in the open conversation and waits until the node stored it. */
export async function sendText(user, text) {
  await user.page.fill(sel("composer-input"), text);
  await user.page.click(sel("composer-send"));
  await waitForMessages(user, (messages, sent) =>
    messages.some((m) => m.text === sent && m.status === "sent"), text);
}

/** The messages of the open conversation as {text, from, kind, status, msgId}. */
export function readMessages({ page }) {
  return page.evaluate(readMessagesInPage);
}

function readMessagesInPage() {
  return [...document.querySelectorAll('[data-test="message"]')].map((element) => ({
    text: element.querySelector(".text")?.textContent ?? null,
    from: element.dataset.from,
    kind: element.dataset.kind,
    status: element.dataset.status,
    msgId: element.dataset.msgId,
  }));
}

/**
 * Waits until `predicate(messages, argument)` holds for the open
 * conversation. The predicate runs in the page, so it sees no variables of
 * the test: pass what it needs as `argument`. On a timeout the error shows
 * what the page had.
 */
export async function waitForMessages({ page, name }, predicate, argument = null) {
  try {
    // One function built here from both sources. Playwright hands a function
    // to the page over the debugger protocol; a string it would eval() in
    // the page, which the page's Content-Security-Policy forbids.
    const check = new Function("argument",
      `return (${predicate})((${readMessagesInPage})(), argument);`);
    await waitUntil(page, check, argument);
  } catch (error) {
    const seen = JSON.stringify(await readMessages({ page }));
    throw new Error(`${name}: messages never matched ${predicate} (${error.message}); the page shows ${seen}`);
  }
}

/** The texts of the open conversation, in the order shown. */
export async function texts(user) {
  return (await readMessages(user)).filter((m) => m.kind === "text").map((m) => m.text);
}

/**
 * Logs `username` in over a bare WebSocket (replacing any session they
 * have) and returns the pushes the node still holds for them: a client
 * that acknowledged everything leaves none. To know when the backlog is
 * over, it has the admin API send the user a system message and reads up
 * to it: the node sends pushes in id order, the stored ones first.
 */
export async function leftoverPushes(browser, baseUrl, username, password, adminKey) {
  const { page, context } = await openPage(browser, baseUrl, `${username} (bare)`, []);
  try {
    return await page.evaluate(async ({ username, password, adminKey, waitMs }) => {
      const post = (path, body, headers = {}) => fetch(path, {
        method: "POST", headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      const { token } = await (await post("/api/token", { username, password })).json();
      const socket = new WebSocket(`ws://${location.host}/ws?token=${token}`);
      const leftovers = [];
      return new Promise((resolve, reject) => {
        setTimeout(() => reject(new Error("no end-of-backlog marker")), waitMs);
        socket.onmessage = async (event) => {
          const frame = JSON.parse(event.data);
          if (frame.type === "welcome") {
            await post("/api/admin/system_message", { username, body: "end of backlog" },
              { "X-Admin-Key": adminKey });
          } else if (frame.type === "system" && frame.body === "end of backlog") {
            socket.send(JSON.stringify({ type: "ack", id: frame.id }));
            socket.close();
            resolve(leftovers);
          } else if (frame.id !== undefined) {
            leftovers.push(`${frame.type} ${frame.id}`);
          }
        };
      });
    }, { username, password, adminKey, waitMs: WAIT_MS });
  } finally {
    await context.close();
  }
}
