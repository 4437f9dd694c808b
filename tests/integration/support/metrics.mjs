// Reads and parses the Prometheus text exposition of GET /metrics, strictly
// enough to fail on a malformed line: every sample must belong to a family
// with a TYPE line, label values must be properly quoted and escaped.

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/;

/** Parses `{a="x",b="y\"z"}` into {a: "x", b: "y\"z"}; throws on bad syntax. */
export function parseLabels(text) {
  const labels = {};
  let i = 1; // after "{"
  while (text[i] !== "}") {
    const eq = text.indexOf("=", i);
    if (eq < 0) throw new Error(`label without "=" in ${text}`);
    const name = text.slice(i, eq);
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw new Error(`bad label name "${name}" in ${text}`);
    if (text[eq + 1] !== '"') throw new Error(`unquoted label value in ${text}`);
    let value = "";
    let j = eq + 2;
    for (;;) {
      const c = text[j];
      if (c === undefined) throw new Error(`unterminated label value in ${text}`);
      if (c === '"') break;
      if (c === "\n") throw new Error(`raw newline in label value in ${text}`);
      if (c === "\\") {
        const next = text[j + 1];
        if (next === "\\") value += "\\";
        else if (next === '"') value += '"';
        else if (next === "n") value += "\n";
        else throw new Error(`bad escape \\${next} in ${text}`);
        j += 2;
        continue;
      }
      value += c;
      j += 1;
    }
    labels[name] = value;
    i = j + 1;
    if (text[i] === ",") i += 1;
    else if (text[i] !== "}") throw new Error(`expected "," or "}" after a label in ${text}`);
  }
  if (i !== text.length - 1) throw new Error(`text after "}" in ${text}`);
  return labels;
}

/** The family a sample belongs to: histogram samples carry a suffix. */
function familyOf(name, types) {
  if (types.has(name)) return name;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && types.get(base) === "histogram") return base;
  }
  return undefined;
}

/** Parses an exposition; throws on anything malformed. */
export function parseExposition(text) {
  const types = new Map();
  const help = new Map();
  const samples = [];
  if (!text.endsWith("\n")) throw new Error("exposition does not end with a newline");
  for (const line of text.slice(0, -1).split("\n")) {
    if (line.startsWith("# HELP ")) {
      const [name] = line.slice(7).split(" ", 1);
      help.set(name, line.slice(7 + name.length + 1));
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const [name, type] = line.slice(7).split(" ");
      if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(type)) {
        throw new Error(`bad TYPE line: ${line}`);
      }
      if (types.has(name)) throw new Error(`second TYPE for ${name}`);
      types.set(name, type);
      continue;
    }
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`malformed sample line: ${JSON.stringify(line)}`);
    const [, name, labelText, valueText] = m;
    const family = familyOf(name, types);
    if (!family) throw new Error(`sample ${name} has no TYPE line before it`);
    const value = valueText === "+Inf" ? Infinity : valueText === "-Inf" ? -Infinity : Number(valueText);
    if (Number.isNaN(value) && valueText !== "NaN") throw new Error(`bad value in ${line}`);
    samples.push({ name, family, labels: labelText ? parseLabels(labelText) : {}, value });
  }
  return { types, help, samples };
}

/** GET /metrics, parsed, with `value(name, labels)` summing matching samples. */
export async function scrape(url) {
  const res = await fetch(`${url}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const contentType = res.headers.get("content-type") || "";
  if (!contentType.startsWith("text/plain; version=0.0.4")) throw new Error(`/metrics Content-Type ${contentType}`);
  const parsed = parseExposition(await res.text());
  const matches = (sample, labels) => Object.entries(labels).every(([k, v]) => sample.labels[k] === v);
  return {
    ...parsed,
    /** Sum of the samples named `name` whose labels include `labels` (0 if none). */
    value(name, labels = {}) {
      return parsed.samples.filter((s) => s.name === name && matches(s, labels)).reduce((a, s) => a + s.value, 0);
    },
  };
}

/**
 * Scrapes until `predicate(metrics)` holds (the server counts on its own
 * threads, a moment after the client saw the effect); rejects with
 * `describe(metrics)` after `timeoutMs`. Awaits each scrape, no fixed sleeps.
 */
export async function scrapeUntil(url, predicate, describe, { timeoutMs = 3000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await scrape(url);
    if (predicate(m)) return m;
    if (Date.now() > deadline) throw new Error(`metrics never matched: ${describe(m)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
