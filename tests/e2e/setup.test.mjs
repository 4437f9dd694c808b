// The first run in a real browser (issue 18; docs/operations.md "Creating a
// restaurant"): a server started without --demo on a fresh database sends
// the login page to /setup; a tablet fills in the restaurant and its first
// manager, lands on the login page, and logs in as that manager. Screenshots
// go to tests/e2e/artifacts/setup/.

import assert from "node:assert/strict";
import { test } from "node:test";

import { launchBrowser, openScreen, viewports, waitLive } from "./support/browser.mjs";
import { startWebServer } from "./support/kitchen-server.mjs";

const server = await startWebServer({ demo: false });
const browser = await launchBrowser();
const group = "setup";

test("a fresh server is set up from /setup on a tablet, and its new manager logs in", async () => {
  const tablet = await openScreen(browser, { baseUrl: server.url, name: "tablet", group, viewport: viewports.tablet });
  const { page } = tablet;

  // The login page knows there is nobody to log in yet.
  await page.goto("/login");
  await page.getByRole("link", { name: "Set it up" }).click();
  await page.waitForURL("**/setup");
  await page.getByRole("heading", { name: "Set up Brigade" }).waitFor();
  await tablet.shot("form");

  await page.locator('input[name="restaurantName"]').fill("Chez Nous");
  await page.locator('input[name="timezone"]').fill("Europe/Paris");
  await page.locator('input[name="currency"]').fill("eur"); // typed in capitals whatever the keyboard
  assert.equal(await page.locator('input[name="currency"]').inputValue(), "EUR");
  await page.locator('input[name="managerName"]').fill("Olive Owner");
  await page.locator('input[name="username"]').fill("olive");
  await page.locator('input[name="password"]').fill("olive's own password");
  await page.locator('input[name="confirm"]').fill("olive's own password");
  await page.getByRole("button", { name: "Create the restaurant" }).click();

  // On to the login page, which says what to do next.
  await page.waitForURL("**/login");
  await page.getByRole("status").filter({ hasText: "Chez Nous is ready. Log in as olive." }).waitFor();
  await tablet.shot("created");
  await page.getByLabel("Username").fill("olive");
  await page.getByLabel("Password").fill("olive's own password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL("**/waiter");
  await waitLive(tablet);
  await tablet.shot("logged-in");

  // Set-up is over: the page says so and leads back to the login page.
  await page.goto("/setup");
  await page.getByText("This server is already set up.").waitFor();
  await page.getByRole("button", { name: "Go to the login page" }).click();
  await page.waitForURL(/\/(login|waiter)$/);
  assert.deepEqual(tablet.consoleErrors, []);
});
