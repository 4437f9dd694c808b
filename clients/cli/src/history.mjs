// The interactive prompt's history, kept across sessions in
// ~/.brigade-cli_history ($BRIGADE_CLI_HISTORY, empty for none) like a
// shell's, so yesterday's `emit join:table {"tableId":4}` is one ↑ away.

import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const historySize = 500;

export function historyFile(env = process.env) {
  return env.BRIGADE_CLI_HISTORY ?? path.join(os.homedir(), ".brigade-cli_history");
}

/** The saved lines, newest first as readline wants them; none when unreadable. */
export function loadHistory(file) {
  if (!file) return [];
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).reverse().slice(0, historySize);
  } catch {
    return [];
  }
}

/** Saves readline's history (newest first); a read-only home just means no history. */
export function saveHistory(file, lines) {
  if (!file) return;
  try {
    writeFileSync(file, `${[...lines].reverse().join("\n")}\n`, { mode: 0o600 });
  } catch {
    // not worth interrupting a session for
  }
}
