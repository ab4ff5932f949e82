// The web client in a real browser against a real node: three people
// register, befriend, chat, go offline and come back, send an image and a
// file, and talk in a group. Fails on any wrong or missing message, any
// message shown twice, and any JavaScript error in the pages.
//
//   node chat.test.mjs BASE_URL SCREENSHOT_DIR ADMIN_KEY
// (run.sh starts the node and passes these.)

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import {
  enter, launchBrowser, leftoverPushes, openConversation, openPage, readMessages,
  sel, sendText, texts, waitForMessages, waitForPresence, waitUntil,
} from "./browser.mjs";
import { gradientPng } from "./png.mjs";

const [baseUrl, screenshotDir, adminKey] = process.argv.slice(2);
const PASSWORD = "correct horse battery";
mkdirSync(screenshotDir, { recursive: true });
const shot = (user, file) => user.page.screenshot({ path: join(screenshotDir, file) });

const pageErrors = [];
const browser = await launchBrowser();
const users = [];
let step = "start";
let stepStarted = Date.now();
const started = stepStarted;

/** Names the step that follows, for failures; prints how long the last took. */
function begin(name) {
  const now = Date.now();
  if (step !== "start") console.log(`  ${step}: ${(now - stepStarted) / 1000} s`);
  step = name;
  stepStarted = now;
}

/** No conversation may show a message twice. */
async function assertNoDuplicates(user) {
  const ids = (await readMessages(user)).map((m) => m.msgId).filter(Boolean);
  assert.equal(new Set(ids).size, ids.length, `${user.name} shows a message twice: ${ids}`);
}

try {
  begin("the login screen");
  const alice = await openPage(browser, baseUrl, "alice", pageErrors);
  users.push(alice);
  await alice.page.waitForSelector(sel("login-submit"));
  await alice.page.fill(sel("login-username"), "alice");
  await shot(alice, "login.png");

  begin("three users register");
  await enter(alice, "alice", PASSWORD, { create: true });
  const bob = await openPage(browser, baseUrl, "bob", pageErrors);
  const carol = await openPage(browser, baseUrl, "carol", pageErrors);
  users.push(bob, carol);
  await enter(bob, "bob", PASSWORD, { create: true });
  await enter(carol, "carol", PASSWORD, { create: true });

  begin("a wrong password is refused");
  const stranger = await openPage(browser, baseUrl, "stranger", pageErrors);
  await stranger.page.fill(sel("login-username"), "alice");
  await stranger.page.fill(sel("login-password"), "not the password");
  await stranger.page.click(sel("login-submit"));
  await waitUntil(stranger.page, () =>
    document.querySelector('[data-test="login-error"]').textContent.includes("Wrong"));
  await stranger.context.close();

  begin("alice asks bob; bob accepts the live request");
  await alice.page.fill(sel("add-friend-input"), "bob");
  await alice.page.click(sel("add-friend-submit"));
  await alice.page.waitForSelector(`${sel("outgoing-request")}[data-username="bob"]`);
  await bob.page.click(`${sel("incoming-request")}[data-username="alice"] ${sel("accept-request")}`);
  await waitForPresence(alice, "bob", true);
  await waitForPresence(bob, "alice", true);
  await alice.page.waitForSelector(sel("outgoing-request"), { state: "detached" });

  begin("they chat both ways");
  await openConversation(alice, "friend", "bob");
  await sendText(alice, "Hi Bob!");
  await openConversation(bob, "friend", "alice");
  await waitForMessages(bob, (m) => m.some((x) => x.text === "Hi Bob!"));
  await sendText(bob, "Hello Alice, how are you?");
  await waitForMessages(alice, (m) => m.some((x) => x.text === "Hello Alice, how are you?"));
  await sendText(alice, "Great, thanks. Sending you a picture in a second.");

  begin("bob closes his tab: alice sees him go offline and writes on");
  await bob.context.close();
  await waitForPresence(alice, "bob", false);
  const offlineTexts = ["First, while you were away", "Second", "Third, the last"];
  for (const text of offlineTexts) await sendText(alice, text);

  begin("bob logs in again and reads everything in order");
  const bobAgain = await openPage(browser, baseUrl, "bob (again)", pageErrors);
  users.push(bobAgain);
  await enter(bobAgain, "bob", PASSWORD);
  await waitForPresence(alice, "bob", true);
  await openConversation(bobAgain, "friend", "alice");
  const expected = ["Hi Bob!", "Hello Alice, how are you?",
    "Great, thanks. Sending you a picture in a second.", ...offlineTexts];
  await waitForMessages(bobAgain, (m) => m.filter((x) => x.kind === "text").length >= 6);
  assert.deepEqual(await texts(bobAgain), expected);
  await assertNoDuplicates(bobAgain);

  begin("bob's network drops: his page reconnects and sends what waited");
  await bobAgain.context.setOffline(true);
  await bobAgain.page.waitForSelector(`${sel("connection-status")}:not([data-status="online"])`);
  await bobAgain.page.fill(sel("composer-input"), "Written while offline");
  await bobAgain.page.click(sel("composer-send"));
  await waitForMessages(bobAgain, (m) =>
    m.some((x) => x.text === "Written while offline" && x.status === "sending"));
  await sendText(alice, "Sent while bob was offline");
  await bobAgain.context.setOffline(false);
  await bobAgain.page.waitForSelector(`${sel("connection-status")}[data-status="online"]`);
  await waitForMessages(bobAgain, (m) =>
    m.some((x) => x.text === "Written while offline" && x.status === "sent")
    && m.some((x) => x.text === "Sent while bob was offline"));
  await waitForMessages(alice, (m) => m.some((x) => x.text === "Written while offline"));
  for (const user of [alice, bobAgain]) {
    const shown = await texts(user);
    assert.equal(shown.filter((t) => t === "Written while offline").length, 1, `${user.name}: ${shown}`);
    await assertNoDuplicates(user);
  }

  begin("an image shows inline on both sides");
  const picture = gradientPng(320, 200, [251, 146, 60], [124, 58, 237]);
  await alice.page.setInputFiles(sel("file-input"),
    { name: "sunset.png", mimeType: "image/png", buffer: picture });
  const imageLoaded = () => [...document.querySelectorAll('[data-test="message-image"]')]
    .some((img) => img.complete && img.naturalWidth > 0);
  await alice.page.waitForSelector(`${sel("message")}[data-kind="image"][data-status="sent"]`);
  await waitUntil(bobAgain.page, imageLoaded);
  await waitUntil(alice.page, imageLoaded);
  await sendText(bobAgain, "Nice picture!");
  await waitForMessages(alice, (m) => m.some((x) => x.text === "Nice picture!"));
  await shot(alice, "chat.png");

  begin("a file arrives as a download link");
  await alice.page.setInputFiles(sel("file-input"),
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("meeting at noon\n") });
  const fileLink = bobAgain.page.locator(sel("message-file")).last();
  await fileLink.waitFor();
  const [download] = await Promise.all([bobAgain.page.waitForEvent("download"), fileLink.click()]);
  const stream = await download.createReadStream();
  let content = "";
  for await (const chunk of stream) content += chunk;
  assert.equal(content, "meeting at noon\n");
  await assertNoDuplicates(alice);

  begin("a system message from the admin API shows");
  const system = await fetch(`${baseUrl}/api/admin/system_message`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Admin-Key": adminKey },
    body: JSON.stringify({ username: "carol", body: "Welcome to Troupe, carol!" }),
  });
  assert.equal(system.status, 202);
  await carol.page.waitForSelector(`${sel("system-message")}:has-text("Welcome to Troupe, carol!")`);

  begin("friends made by the admin API appear live, the last messaged first");
  const friendship = await fetch(`${baseUrl}/api/admin/friendship`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Admin-Key": adminKey },
    body: JSON.stringify({ a: "alice", b: "carol" }),
  });
  assert.equal(friendship.status, 200);
  await waitForPresence(carol, "alice", true);
  await openConversation(carol, "friend", "alice");
  await sendText(carol, "Hello from carol");
  const friendOrder = (names) => [...document.querySelectorAll('[data-test="friend"]')]
    .map((row) => row.dataset.name).join() === names;
  await waitUntil(alice.page, friendOrder, "carol,bob");
  await waitUntil(alice.page, () => document.querySelector(
    '[data-test="friend"][data-name="carol"] [data-test="unread"]')?.textContent === "1");

  begin("history scrolls back: older pages load at the top, in order");
  const countdown = Array.from({ length: 60 }, (_, i) => `Countdown ${60 - i}`);
  // Typed and sent in one go through the composer, faster than clicks.
  await carol.page.locator(sel("composer-input")).evaluate((input, lines) => {
    for (const line of lines) {
      input.value = line;
      input.form.requestSubmit();
    }
  }, countdown);
  await waitForMessages(carol, (m) => m.filter((x) => x.status === "sent").length === 61);
  await alice.page.reload(); // starts afresh: only the newest page of history
  await alice.page.waitForSelector(`${sel("connection-status")}[data-status="online"]`);
  await openConversation(alice, "friend", "carol");
  await waitForMessages(alice, (m) => m.length === 50);
  await alice.page.waitForSelector(sel("load-older"));
  await alice.page.locator(sel("messages")).evaluate((list) => { list.scrollTop = 0; });
  await waitForMessages(alice, (m) => m.length === 61);
  // Both sides in the node's order (replies to quick sends may come in any
  // order): alice's from two pages of history, carol's from her replies.
  const aliceSees = await texts(alice);
  assert.deepEqual(aliceSees, await texts(carol));
  assert.deepEqual([...aliceSees].sort(), ["Hello from carol", ...countdown].sort());
  const ids = (await readMessages(alice)).map((m) => BigInt(m.msgId));
  assert.ok(ids.every((id, i) => i === 0 || ids[i - 1] < id), "alice's messages out of order");
  await alice.page.waitForSelector(sel("load-older"), { state: "detached" });

  begin("alice creates a group and adds bob and carol");
  await alice.page.fill(sel("group-name-input"), "Weekend trip");
  await alice.page.click(sel("group-create-submit"));
  await waitUntil(alice.page, () =>
    document.querySelector('[data-test="chat-title"]')?.textContent === "Weekend trip");
  await alice.page.click(sel("toggle-members"));
  for (const name of ["bob", "carol"]) {
    await alice.page.fill(sel("add-member-input"), name);
    await alice.page.click(sel("add-member-submit"));
    await alice.page.waitForSelector(`${sel("member")}[data-username="${name}"]`);
  }
  await alice.page.click(`${sel("member")}[data-username="bob"] ${sel("promote-member")}`);
  await alice.page.waitForSelector(`${sel("member")}[data-username="bob"][data-role="admin"]`);

  begin("the three talk in the group");
  await openConversation(bobAgain, "group", "Weekend trip");
  await openConversation(carol, "group", "Weekend trip");
  await sendText(alice, "Where shall we go?");
  await sendText(bobAgain, "The mountains!");
  await sendText(carol, "Count me in for the mountains.");
  const groupTexts = ["Where shall we go?", "The mountains!", "Count me in for the mountains."];
  for (const user of [alice, bobAgain, carol]) {
    await waitForMessages(user, (m) => m.filter((x) => x.kind === "text").length >= 3);
    assert.deepEqual(await texts(user), groupTexts, `${user.name}'s group chat`);
    await assertNoDuplicates(user);
  }
  const authors = (await readMessages(carol)).map((m) => m.from);
  assert.deepEqual(authors, ["alice", "bob", "carol"]);
  await shot(alice, "group.png");

  begin("the owner mutes the group: members can no longer write");
  await alice.page.selectOption(sel("group-state"), "muted");
  await carol.page.waitForSelector(`${sel("composer-input")}:disabled`);

  begin("a reload keeps the session and shows no message twice");
  await carol.page.reload();
  await carol.page.waitForSelector(`${sel("connection-status")}[data-status="online"]`);
  await openConversation(carol, "group", "Weekend trip");
  await waitForMessages(carol, (m) => m.filter((x) => x.kind === "text").length >= 3);
  assert.deepEqual(await texts(carol), groupTexts);
  await assertNoDuplicates(carol);

  begin("every push was acknowledged: the node holds none");
  for (const user of users) await user.context.close();
  for (const name of ["alice", "bob", "carol"]) {
    assert.deepEqual(await leftoverPushes(browser, baseUrl, name, PASSWORD, adminKey), [],
      `pushes ${name}'s pages never acknowledged`);
  }

  begin("done");
  assert.deepEqual(pageErrors, [], "JavaScript errors in the pages");
  console.log(`web client test passed in ${(Date.now() - started) / 1000} s`);
} catch (error) {
  console.error(`FAILED at "${step}": ${error.stack || error}`);
  if (pageErrors.length) console.error(`page errors:\n  ${pageErrors.join("\n  ")}`);
  for (const user of users) {
    if (!user.page.isClosed() && user.page.context().pages().length) {
      await user.page.screenshot({ path: join(screenshotDir, `failure-${user.name}.png`) }).catch(() => {});
    }
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
