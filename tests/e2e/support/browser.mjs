// Debian's Chromium, headless, driven by playwright-core (no browser download):
// one browser per test file, a context per screen (its own storage, like a
// separate device), and screenshots of each step kept under
// tests/e2e/artifacts/<file>/ as the run's artifacts.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { after } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifactsRoot = path.resolve(here, "../artifacts");

/** Where Debian's chromium package puts the browser (scripts/setup.sh installs it). */
export const chromiumPath = process.env.BRIGADE_CHROMIUM || "/usr/bin/chromium";

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
  tablet: { width: 820, height: 1180 },
};

/**
 * Launches headless Chromium for the test file and closes it when the file
 * ends. The flags keep it off the network this machine does not have (no
 * component updates, sync or background requests) and let sounds play
 * without a tap, as a paired kitchen screen is set up to.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  after(() => browser.close());
  return browser;
}

/**
 * A screen: a page in a context of its own at `viewport`, its browser console
 * errors collected (a test can assert there were none), and `shot(step)`
 * saving a full-page screenshot as artifacts/<group>/<NN>-<name>-<step>.png.
 */
export async function openScreen(browser, { baseUrl, name, group, viewport = viewports.desktop }) {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  const dir = path.join(artifactsRoot, group);
  mkdirSync(dir, { recursive: true });
  return {
    page,
    context,
    consoleErrors,
    async shot(step) {
      const file = path.join(dir, `${String(nextShot()).padStart(2, "0")}-${name}-${step}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

let shots = 0;
const nextShot = () => ++shots;

/** Logs in through the login page as a demo member of staff and waits for their app. */
export async function logIn(screen, username, appPath) {
  const { page } = screen;
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(`${username}pass`);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`**${appPath}`);
  await waitLive(screen);
}

/** Waits until the screen's connection banner says it is live (connected and rooms joined). */
export async function waitLive({ page }, timeout = 10_000) {
  await page.locator('[data-testid="connection-banner"][data-state="live"]').waitFor({ timeout });
}
