// The managers' back office in real browsers, on a tablet: a manager adds a
// waiter (a bad password is refused next to its field), the waiter logs in on
// a phone, the manager deactivates them, and the waiter's open app is sent
// back to the login at once, saying why (auth:revoked on its socket; its
// token answers 401 token_revoked). The audit log lists the changes; a
// paired kitchen screen is revoked the same way; a waiter sees none of it.
// Screenshots go to tests/e2e/artifacts/back-office/.

import assert from "node:assert/strict";
import { test } from "node:test";

import { launchBrowser, logIn, openScreen, viewports, waitLive } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer();
const browser = await launchBrowser();
const group = "back-office";
const tablet = { width: 1024, height: 768 };
const storedToken = (page) => page.evaluate(() => localStorage.getItem("brigade.session.token"));

test("a manager adds a waiter, deactivates them, and the waiter's open app logs out at once", async () => {
  const manager = await openScreen(browser, { baseUrl: server.url, name: "manager", group, viewport: tablet });
  await logIn(manager, "manager1", "/waiter");
  await manager.page.getByRole("button", { name: "Staff", exact: true }).click();
  await manager.page.waitForURL("**/staff");
  const form = manager.page.getByRole("form", { name: "Add a member of staff" });
  const own = manager.page.getByTestId("staff-manager1");
  await own.waitFor();

  // The manager's own row cannot be deactivated or demoted, and says why.
  assert.equal(await own.getByRole("button", { name: "Deactivate Morgan Manager" }).isDisabled(), true);
  assert.equal(await own.getByRole("combobox", { name: "Role of Morgan Manager" }).isDisabled(), true);
  assert.match(await own.innerText(), /cannot change your own role or deactivate yourself/);

  // The server's refusal of a field shows next to that field.
  await form.getByLabel("Name", { exact: true }).fill("Wanda Lee");
  await form.getByLabel("Username").fill("wanda");
  await form.getByLabel("Role").selectOption("waiter");
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Add" }).click();
  const passwordError = form.locator("#add-password-error");
  await passwordError.waitFor({ timeout: 3000 });
  assert.match(await passwordError.innerText(), /8/);
  await manager.shot("password-refused");

  await form.getByLabel("Password").fill("wandapass");
  await form.getByRole("button", { name: "Add" }).click();
  const wandaRow = manager.page.getByTestId("staff-wanda");
  await wandaRow.waitFor({ timeout: 3000 });
  assert.match(await wandaRow.innerText(), /Wanda Lee[\s\S]*wanda[\s\S]*waiter[\s\S]*Active/);
  await manager.shot("waiter-added");

  // The new waiter logs in on a phone, in a browser of their own.
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter", group, viewport: viewports.phone });
  await logIn(waiter, "wanda", "/waiter");
  const token = await storedToken(waiter.page);
  assert.ok(token);
  await waiter.shot("logged-in");

  // Deactivating asks first, and says the phones are logged out at once.
  await wandaRow.getByRole("button", { name: "Deactivate Wanda Lee" }).click();
  assert.match(await wandaRow.locator(".confirm").innerText(), /logged out of every phone and screen at once/);
  await manager.shot("confirm-deactivate");
  await wandaRow.getByRole("button", { name: "Yes, deactivate Wanda Lee" }).click();

  // The waiter's open app is on the login page at once, saying why.
  await waiter.page.waitForURL("**/login", { timeout: 3000 });
  const notice = waiter.page.getByRole("status").filter({ hasText: "deactivated" });
  await notice.waitFor({ timeout: 3000 });
  assert.match(await notice.innerText(), /Your account was deactivated by a manager\./);
  assert.equal(await storedToken(waiter.page), null, "the token is forgotten");
  await waiter.shot("sent-to-login");

  // The old token is refused, and so is the password.
  const me = await fetch(`${server.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 401);
  assert.equal((await me.json()).error.code, "token_revoked");
  await waiter.page.getByLabel("Username").fill("wanda");
  await waiter.page.getByLabel("Password").fill("wandapass");
  await waiter.page.getByRole("button", { name: "Log in" }).click();
  await waiter.page.getByRole("alert").waitFor({ timeout: 3000 });
  assert.equal(new URL(waiter.page.url()).pathname, "/login");

  await wandaRow.getByText("Deactivated").first().waitFor();
  await wandaRow.getByRole("button", { name: "Reactivate Wanda Lee" }).waitFor();
  await wandaRow.getByRole("combobox", { name: "Role of Wanda Lee" }).selectOption("chef");
  await wandaRow.getByRole("status").filter({ hasText: "Wanda Lee is now a chef" }).waitFor({ timeout: 3000 });
  await manager.shot("waiter-deactivated");

  // The audit log, newest first, in sentences.
  await manager.page.getByRole("button", { name: "Audit log" }).click();
  await manager.page.waitForURL("**/audit");
  const entries = manager.page.getByTestId("audit-entry");
  await entries.first().waitFor({ timeout: 3000 });
  const lines = await entries.allInnerTexts();
  assert.match(lines[0], /Morgan Manager changed Wanda Lee's role from waiter to chef/);
  assert.match(lines[1], /Morgan Manager deactivated Wanda Lee/);
  assert.match(lines[2], /Morgan Manager added Wanda Lee \(wanda\) as a waiter/);
  assert.equal(await manager.page.getByRole("button", { name: "Load older" }).count(), 0, "one page holds it all");
  await manager.shot("audit-log");

  assert.deepEqual(manager.consoleErrors.filter((e) => !/\b400\b/.test(e)), []);
});

test("a manager revokes a paired kitchen screen: it leaves at once and is listed as revoked", async () => {
  const manager = await openScreen(browser, { baseUrl: server.url, name: "manager", group, viewport: tablet });
  await logIn(manager, "manager1", "/waiter");
  await manager.page.getByRole("button", { name: "Screens" }).click();
  await manager.page.getByLabel("Name").fill("Pass left");
  await manager.page.getByRole("button", { name: "Make pairing link" }).click();
  const link = await manager.page.getByTestId("pairing-link").getAttribute("href");

  const kitchen = await openScreen(browser, { baseUrl: server.url, name: "kitchen", group });
  await kitchen.page.goto(link);
  await kitchen.page.waitForURL("**/kitchen");
  await waitLive(kitchen);

  const row = manager.page.locator(".screen-list li").filter({ hasText: "Pass left" });
  await row.waitFor({ timeout: 3000 });
  assert.match(await row.innerText(), /Kitchen display/);
  await row.getByRole("button", { name: "Revoke Pass left" }).click();
  await row.getByRole("button", { name: "Yes, revoke Pass left" }).click();
  await row.getByText(/^Revoked/).waitFor({ timeout: 3000 });
  await manager.shot("screen-revoked");

  await kitchen.page.waitForURL("**/login", { timeout: 3000 });
  await kitchen.page.getByRole("status").filter({ hasText: "revoked" }).waitFor({ timeout: 3000 });
  await kitchen.shot("revoked");

  await manager.page.getByRole("button", { name: "Audit log" }).click();
  await manager.page.getByTestId("audit-entry").filter({ hasText: 'revoked the kitchen display "Pass left"' }).waitFor({ timeout: 3000 });
});

test("a waiter sees no back-office link and cannot open its pages", async () => {
  const waiter = await openScreen(browser, { baseUrl: server.url, name: "waiter1", group, viewport: viewports.phone });
  await logIn(waiter, "waiter1", "/waiter");
  for (const label of ["Staff", "Audit log", "Screens"]) {
    assert.equal(await waiter.page.getByRole("button", { name: label, exact: true }).count(), 0, label);
  }
  for (const path of ["/staff", "/audit"]) {
    await waiter.page.goto(path);
    await waiter.page.waitForURL("**/waiter");
  }
});
