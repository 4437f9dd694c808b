// `brigade serve` for the browser tests: the demo restaurant on a temporary
// SQLite file, the built web apps (web/dist, made by scripts/setup.sh), and
// the integration tests' JWT secret, so a restarted server accepts the tokens
// the screens already hold.

import { existsSync } from "node:fs";
import path from "node:path";

import { tempDir } from "../../integration/support/api.mjs";
import { repoRoot, startKitchenServer } from "../../integration/support/server.mjs";

export const webRoot = path.join(repoRoot, "web/dist");

/**
 * Starts a server for one test file; `port` reuses a port (a restart);
 * `demo: false` leaves a fresh database empty (the first-run /setup page);
 * `extraArgs` are more `brigade serve` flags (e.g. a quicker timer).
 */
export async function startWebServer({ db = null, port = 0, demo = true, extraArgs = [] } = {}) {
  if (!existsSync(path.join(webRoot, "index.html"))) {
    throw new Error(`web apps not built at ${webRoot}: run scripts/setup.sh (or npm run build --workspace web)`);
  }
  const file = db ?? path.join(tempDir("brigade-e2e-"), "e2e.db");
  const server = await startKitchenServer({ db: file, port, demo, extraArgs: ["--web-root", webRoot, ...extraArgs] });
  return { ...server, db: file };
}
