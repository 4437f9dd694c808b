// Figures of the `service` scenario: percentiles, the markdown tables it
// prints, and the ratios of the peer's figures to Brigade's.

/** Nearest-rank percentiles of a list of numbers. */
export function summary(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

const fixed = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "—");
const ratio = (peer, brigade, digits = 1) => (Number.isFinite(peer / brigade) && brigade > 0 ? `${(peer / brigade).toFixed(digits)}×` : "—");

function markdown(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

/** The rows of the main table: [label, value(run), ratio(peer, brigade) or ""]. */
const rows = [
  ["commands sent (per s)", (r) => `${r.commands.measured} (${fixed(r.commands.perSecond)})`, () => ""],
  ["command failures", (r) => String(r.commands.failed), () => ""],
  ["deliveries owed / missing / unowed", (r) => `${r.deliveries.owed} / ${r.deliveries.missing} / ${r.deliveries.unowed}`, () => ""],
  ["command → every screen p50 / p99 / max (ms)", (r) => `${fixed(r.latencyMs.p50)} / ${fixed(r.latencyMs.p99)} / ${fixed(r.latencyMs.max)}`, (p, b) => `${ratio(p.latencyMs.p50, b.latencyMs.p50)} / ${ratio(p.latencyMs.p99, b.latencyMs.p99)}`],
  ["REST answer p50 / p99 (ms)", (r) => `${fixed(r.answerMs.p50)} / ${fixed(r.answerMs.p99)}`, (p, b) => `${ratio(p.answerMs.p50, b.answerMs.p50)} / ${ratio(p.answerMs.p99, b.answerMs.p99)}`],
  ["server CPU per command (µs)", (r) => fixed(r.server.cpuPerCommandUs, 0), (p, b) => ratio(p.server.cpuPerCommandUs, b.server.cpuPerCommandUs)],
  ["server CPU per delivery (µs)", (r) => fixed(r.server.cpuPerDeliveryUs, 1), (p, b) => ratio(p.server.cpuPerDeliveryUs, b.server.cpuPerDeliveryUs)],
  ["event frames delivered (stats updates)", (r) => `${r.deliveries.frames} (${r.deliveries.statsFrames})`, () => ""],
  ["server cores (user + system)", (r) => `${fixed(r.server.cores, 2)} (${fixed(r.server.userCores, 2)} + ${fixed(r.server.systemCores, 2)})`, (p, b) => ratio(p.server.cores, b.server.cores)],
  ["server RSS idle / peak (MiB)", (r) => `${fixed(r.server.rssKiB.idle / 1024)} / ${fixed(r.server.rssKiB.peak / 1024)}`, (p, b) => ratio(p.server.rssKiB.peak, b.server.rssKiB.peak)],
  ["app REST reads per command", (r) => `${fixed(r.appReads.perCommand, 2)}${r.appReads.sent ? ` (made; p50/p99 ${fixed(r.appReads.latencyMs.p50)} / ${fixed(r.appReads.latencyMs.p99)} ms, ${r.appReads.failed} failed)` : " (counted, not made)"}`, () => ""],
  ["client cores (driver + screens); schedule lag max", (r) => `${fixed(r.client.cores, 2)}; ${fixed(r.generatorMaxLagMs)} ms`, () => ""],
];

const titles = { brigade: "Brigade (SQLite, synchronous=FULL)", peer: "Express + socket.io (in memory, no durability)" };

/** The main table: one column per server run, and the peer ÷ Brigade ratio when both ran. */
export function mainTable(runs) {
  const both = runs.brigade && runs.peer;
  const names = Object.keys(runs);
  const header = ["", ...names.map((n) => titles[n]), ...(both ? ["peer ÷ Brigade"] : [])];
  const body = rows.map(([label, value, versus]) => [label, ...names.map((n) => value(runs[n])), ...(both ? [versus(runs.peer, runs.brigade)] : [])]);
  return markdown([header, ...body]);
}

/** Latency by command kind: p50 / p99 (ms) per server. */
export function kindTable(runs) {
  const names = Object.keys(runs);
  const kinds = Object.keys(runs[names[0]].byKind);
  const header = ["command", "share", ...names.map((n) => `${n}: n, p50 / p99 (ms)`)];
  const body = kinds.map((kind) => [
    kind,
    `${fixed(100 * runs[names[0]].byKind[kind].share, 1)} %`,
    ...names.map((n) => {
      const k = runs[n].byKind[kind];
      return `${k.commands}, ${fixed(k.latencyMs.p50)} / ${fixed(k.latencyMs.p99)}`;
    }),
  ]);
  return markdown([header, ...body]);
}
