// Does the node running this satisfy every engines.node range in
// package-lock.json (the packages npm ci installs on this platform)? Exits 0
// if so; otherwise says which package needs what and exits 1. scripts/setup.sh
// runs it to decide whether the machine's node will do or the pinned one goes
// into .tools/node (scripts/lib/install-node.sh).
//   node scripts/lib/node-engines.mjs [package-lock.json]
// Knows the range forms npm packages use: "a || b", ">=1.2", ">= 1.2.3", "^20.19.0",
// "~1.2", "<2", "14" (any 14.x); it ignores a range it cannot read, with a warning.
import { readFileSync } from "node:fs";

const lockPath = process.argv[2] || new URL("../../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const have = process.versions.node.split(".").map(Number);

const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Does `have` satisfy one comparator such as ">=14.17", "^20.19.0" or "14"? undefined if unreadable. */
function satisfies(comparator) {
  const match = /^(>=|<=|>|<|=|\^|~)?v?(\d+|[x*])(?:\.(\d+|[x*]))?(?:\.(\d+|[x*]))?$/.exec(comparator);
  if (!match) return comparator === "*" || comparator === "" ? true : undefined;
  const [, op = "", ...parts] = match;
  const given = parts.filter((part) => part !== undefined && part !== "x" && part !== "*").map(Number);
  const low = [given[0] ?? 0, given[1] ?? 0, given[2] ?? 0];
  // The first version past the range of a partial or caret/tilde version.
  const bump = (index) => low.map((value, i) => (i < index ? value : i === index ? value + 1 : 0));
  switch (op) {
    case ">=": return compare(have, low) >= 0;
    case "<": return compare(have, low) < 0;
    case ">": return given.length === 3 ? compare(have, low) > 0 : compare(have, bump(given.length - 1)) >= 0;
    case "<=": return given.length === 3 ? compare(have, low) <= 0 : compare(have, bump(given.length - 1)) < 0;
    case "^": {
      const index = low[0] > 0 || given.length === 1 ? 0 : low[1] > 0 || given.length === 2 ? 1 : 2;
      return compare(have, low) >= 0 && compare(have, bump(index)) < 0;
    }
    case "~": return compare(have, low) >= 0 && compare(have, bump(given.length === 1 ? 0 : 1)) < 0;
    default: return given.length === 0 || (compare(have, low) >= 0 && compare(have, bump(given.length - 1)) < 0);
  }
}

/** A range: alternatives separated by "||", each a space-separated list of comparators. */
function satisfiesRange(range) {
  let unreadable = false;
  const ok = range.split("||").some((alternative) => {
    const comparators = alternative.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1").split(/\s+/);
    const results = comparators.map(satisfies);
    if (results.includes(undefined)) unreadable = true;
    return results.every((result) => result !== false) && !results.includes(undefined);
  });
  return ok || (unreadable ? undefined : false);
}

const unmet = [];
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  const range = entry.engines?.node;
  if (!range) continue;
  // Optional packages for another platform are not installed here.
  if (entry.os && !entry.os.includes(process.platform)) continue;
  if (entry.cpu && !entry.cpu.includes(process.arch)) continue;
  const name = path === "" ? lock.name : path.replace(/^.*node_modules\//, "");
  const result = satisfiesRange(range);
  if (result === undefined) console.warn(`node-engines: cannot read ${name}'s engines.node "${range}"; not checked`);
  else if (!result) unmet.push(`${name} (${range})`);
}
if (unmet.length > 0) {
  const shown = unmet.slice(0, 3).join(", ") + (unmet.length > 3 ? ` and ${unmet.length - 3} more` : "");
  console.log(`node ${process.version} is not supported by ${shown}`);
  process.exit(1);
}
