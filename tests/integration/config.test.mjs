// Configuration (issue 7): one precedence chain, command line > BRIGADE_*
// environment > the --config TOML file > defaults; `serve --help` lists
// every option with its default; `config print` shows the effective
// configuration with secrets masked; an unknown key or a bad value stops
// start-up with a message naming it.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { tempDir } from "./support/api.mjs";
import { login } from "./support/auth.mjs";
import { brigadeBinary, isNodePeer, startBrigade } from "./support/server.mjs";

const skip = isNodePeer ? "Brigade's own command line" : false;
const dir = isNodePeer ? "" : tempDir("brigade-config-");
const fileSecret = "file-secret-0123456789-0123456789-abcdef";
const envSecret = "env-secret-0123456789-0123456789-abcdefgh";

// The environment without BRIGADE_* settings the caller may have, plus `env`.
function cleanEnv(env = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("BRIGADE_")));
  return { ...base, ...env };
}

function run(args, { env = {} } = {}) {
  const result = spawnSync(brigadeBinary(), args, { env: cleanEnv(env), encoding: "utf8", timeout: 10_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function configFile(name, text) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// `config print` as {key: {value, origin}}.
function printed(args, options) {
  const { code, stdout, stderr } = run(["config", "print", ...args], options);
  assert.equal(code, 0, stderr);
  const settings = {};
  for (const line of stdout.split("\n")) {
    const m = /^([a-z-]+) = (.*?)  # (.*)$/.exec(line);
    if (m) settings[m[1]] = { value: m[2], origin: m[3] };
    const unset = /^# ([a-z-]+) = \(not set\)$/.exec(line);
    if (unset) settings[unset[1]] = { value: null, origin: "default" };
  }
  return { settings, stdout };
}

test("serve --help lists every option with its default and its variable", { skip }, () => {
  const { code, stdout } = run(["serve", "--help"]);
  assert.equal(code, 0);
  const { settings } = printed([]);
  const keys = Object.keys(settings);
  assert.ok(keys.length >= 32, `config print lists ${keys.length} keys`);
  assert.equal(settings["tls-cert"].value, null, "an unset option is printed commented out");
  for (const key of keys) {
    if (key === "log-level" || key === "log-format") continue;  // global options: `brigade --help`
    assert.match(stdout, new RegExp(`--${key}\\b`), `--help lists --${key}`);
    const variable = `BRIGADE_${key.toUpperCase().replaceAll("-", "_")}`;
    assert.ok(stdout.includes(`(env: ${variable})`), `--help names ${variable}`);
  }
  assert.match(stdout, /--port UINT=8000/);
  assert.match(stdout, /--shutdown-timeout TEXT=10s/);
  assert.match(stdout, /--config TEXT/);
  const root = run(["--help"]).stdout;
  assert.match(root, /--log-format TEXT:\{text,json\}=text/);
});

test("command line beats environment beats file beats default", { skip }, () => {
  const file = configFile("precedence.toml", "port = 7001\nhttp-rate = 42\ndb_threads = 2\n");
  const withAll = printed(["--config", file, "--port", "7003"], { env: { BRIGADE_PORT: "7002", BRIGADE_HTTP_RATE: "43" } });
  assert.deepEqual(withAll.settings.port, { value: "7003", origin: "command line" });
  assert.deepEqual(withAll.settings["http-rate"], { value: "43", origin: "environment BRIGADE_HTTP_RATE" });
  assert.deepEqual(withAll.settings["db-threads"], { value: "2", origin: `${file}:3` });
  assert.deepEqual(withAll.settings.host, { value: '"0.0.0.0"', origin: "default" });

  const withoutFlag = printed(["--config", file], { env: { BRIGADE_PORT: "7002" } });
  assert.deepEqual(withoutFlag.settings.port, { value: "7002", origin: "environment BRIGADE_PORT" });
  const fileOnly = printed(["--config", file]);
  assert.deepEqual(fileOnly.settings.port, { value: "7001", origin: `${file}:1` });
  assert.deepEqual(printed([]).settings.port, { value: "8000", origin: "default" });
  // BRIGADE_CONFIG names the file when --config does not.
  assert.equal(printed([], { env: { BRIGADE_CONFIG: file } }).settings.port.value, "7001");
});

test("config print masks secrets wherever they come from", { skip }, () => {
  const file = configFile("secret.toml", `jwt-secret = "${fileSecret}"\n`);
  const fromFile = printed(["--config", file]);
  assert.deepEqual(fromFile.settings["jwt-secret"], { value: '"********"', origin: `${file}:1` });
  assert.ok(!fromFile.stdout.includes(fileSecret));
  const fromEnv = printed(["--config", file], { env: { BRIGADE_JWT_SECRET: envSecret } });
  assert.deepEqual(fromEnv.settings["jwt-secret"], { value: '"********"', origin: "environment BRIGADE_JWT_SECRET" });
  assert.ok(!fromEnv.stdout.includes(envSecret));
});

test("a server runs on what the file, the environment and the flags say", { skip }, async () => {
  const db = path.join(dir, "configured.db");
  const file = configFile(
    "server.toml",
    ["host = \"127.0.0.1\"", "port = 1", `db = ${JSON.stringify(db)}`, "demo = true", "mode = \"production\"",
      `jwt-secret = "${fileSecret}"`, "log-format = \"json\""].join("\n"),
  );
  // The flag's port 0 beats the file's 1; the environment's secret beats the file's.
  const server = await startBrigade(["serve", "--config", file, "--port", "0"], { env: cleanEnv({ BRIGADE_JWT_SECRET: envSecret }) });
  const { status, body: session } = await login(server.url, "waiter1");  // the file's db and demo
  assert.equal(status, 200);
  const { token } = session;
  // Signed with the environment's secret: verify by asking the server itself
  // and by the signature differing from one made with the file's secret.
  const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  const { createHmac } = await import("node:crypto");
  const [header, body, signature] = token.split(".");
  const sign = (secret) => createHmac("sha256", secret).update(`${header}.${body}`).digest("base64url");
  assert.equal(signature, sign(envSecret));
  // The file's log format: every stderr line is one JSON object.
  const lines = server.stderr().trim().split("\n");
  assert.ok(lines.length > 0);
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), line);
});

test("an unknown key stops start-up naming the key and a likely fix", { skip }, () => {
  const file = configFile("unknown.toml", "port = 8000\nprot = 8001\n");
  const { code, stderr } = run(["serve", "--config", file]);
  assert.equal(code, 2);
  assert.match(stderr, new RegExp(`${file.replaceAll(".", "\\.")}:2: unknown key prot \\(did you mean port\\?\\)`));
});

test("bad values stop start-up naming the key or variable", { skip }, () => {
  const cases = [
    ["port = \"eighty\"", /:1: port must be a whole number/],
    ["port = 99999", /:1: port: Could not convert/],
    ["db-threads = 100", /:1: db-threads: .*not in range 1 to 64/],
    ["mode = \"staging\"", /:1: mode: .*staging not in \{production,dev\}/],
    ["token-ttl = \"forever\"", /:1: token-ttl: .*expected a duration/],
    ["demo = \"yes\"", /:1: demo must be true or false/],
    ["port = [1, 2]", /:1: port must be a single value/],
    ["[server]\nport = 1", /:1: server: a value was expected, not a table/],
    ["port = ", /:1:\d+: /],
  ];
  for (const [text, expected] of cases) {
    const file = configFile("bad.toml", text);
    const { code, stderr } = run(["serve", "--config", file]);
    assert.equal(code, 2, `${text}: exit code`);
    assert.match(stderr, expected, text);
    assert.ok(stderr.startsWith("brigade: "), stderr);
  }
  const env = run(["serve"], { env: { BRIGADE_MAX_PAYLOAD: "lots" } });
  assert.equal(env.code, 2);
  assert.match(env.stderr, /BRIGADE_MAX_PAYLOAD: max-payload: Could not convert/);
  const flag = run(["serve"], { env: { BRIGADE_DEMO: "perhaps" } });
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /BRIGADE_DEMO=perhaps: expected true or false/);
  const missing = run(["serve", "--config", path.join(dir, "absent.toml")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /absent\.toml: cannot be read/);
});
