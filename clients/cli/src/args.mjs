// The command line: its usage text and its parsing (node's util.parseArgs)
// into one plain object per command. Every mistake is a UsageError (exit 2).

import { parseArgs } from "node:util";

import { UsageError } from "./errors.mjs";
import { parseRoom, roomSyntax } from "./rooms.mjs";

export const usage = `usage: brigade-cli connect URL [--token T | --login USER:PASS] [--namespace NSP] [--transport websocket|polling]
       brigade-cli listen URL [--token T | --login USER:PASS] [--join ROOM]... [--event NAME]...
       brigade-cli emit URL EVENT [JSON] [--token T | --login USER:PASS]
       brigade-cli --help`;

export const promptHelp = `  emit EVENT [JSON]    send EVENT (with the JSON payload) and print its ack
  on EVENT | on *      print every EVENT (or every event) as it arrives
  off EVENT | off *    stop printing it
  join ROOM            join a room with the server's join:* command; print the ack
  leave ROOM           leave it with leave:*
  status               connected or not, socket id, transport, rooms
  help                 these commands
  quit | exit          close the connection and exit`;

export const help = `brigade-cli: a command-line Socket.IO client for Brigade (docs/cli.md)

${usage}

Commands:
  connect   an interactive prompt: emit events, watch events, join and leave rooms
  listen    print incoming events as JSON lines {"event","data","at"} until interrupted
  emit      connect, emit EVENT with the JSON payload, print the ack as JSON, exit
            (status 0 when the ack says ok:true, 1 otherwise)

URL is the server's address, e.g. http://localhost:8000.
ROOM is ${roomSyntax} (also table:N, order:N).

Options:
  --token T            the handshake's auth token (default: $BRIGADE_TOKEN)
  --login USER:PASS    log in with POST URL/api/auth/login and use its token
  --namespace NSP      the Socket.IO namespace (default /)
  --transport T        websocket or polling only (default: polling, then upgrade)
  --timeout MS         how long to wait for an ack (default 5000)
  --join ROOM          listen: join this room first (repeatable)
  --event NAME         listen: print only these events (repeatable; default all)
  -h, --help           this help

Interactive commands (connect):
${promptHelp}`;

const commands = ["connect", "listen", "emit"];

const commonOptions = {
  token: { type: "string" },
  login: { type: "string" },
  namespace: { type: "string", default: "/" },
  transport: { type: "string" },
  timeout: { type: "string", default: "5000" },
};

const listenOptions = {
  ...commonOptions,
  join: { type: "string", multiple: true, default: [] },
  event: { type: "string", multiple: true, default: [] },
};

/**
 * Parses process.argv.slice(2) into {command: "help"} or
 * {command, origin, namespace, transport, timeoutMs, token, login, ...}:
 * listen adds rooms and events, emit adds event and args.
 */
export function parseCommandLine(argv) {
  if (argv.length === 0) throw new UsageError("missing command");
  if (argv[0] === "help" || argv.includes("--help") || argv.includes("-h")) return { command: "help" };
  const [command, ...rest] = argv;
  if (!commands.includes(command)) throw new UsageError(`unknown command "${command}"`);

  const { values, positionals } = parseOrThrow(command === "listen" ? listenOptions : commonOptions, joinedRoomWords(rest));
  const [url, ...extra] = positionals;
  if (url === undefined) throw new UsageError("missing URL");
  const parsed = { command, origin: serverOrigin(url), ...connectionOptions(values) };

  if (command === "emit") {
    const [event, json, ...more] = extra;
    if (event === undefined) throw new UsageError("missing EVENT");
    if (more.length > 0) throw new UsageError(`unexpected argument "${more[0]}" (quote the JSON payload)`);
    return { ...parsed, event, args: json === undefined ? [] : [parseJson(json)] };
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === "listen") {
    return { ...parsed, rooms: values.join.map(roomOrThrow), events: values.event };
  }
  return parsed;
}

/** A JSON argument, or a UsageError saying why it is not JSON. */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`bad JSON argument ${JSON.stringify(text)}: ${err.message}`);
  }
}

function parseOrThrow(options, args) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
}

// `--join table 4` reads naturally but parseArgs takes one value per option:
// glue the word after a room kind to it ("table 4") before parsing, so that a
// bad id is reported as one.
function joinedRoomWords(args) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--join" && /^(table|order)$/.test(args[i + 1] ?? "") && /^[^-]/.test(args[i + 2] ?? "")) {
      out.push("--join", `${args[i + 1]} ${args[i + 2]}`);
      i += 2;
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

function roomOrThrow(text) {
  try {
    return parseRoom(text);
  } catch (err) {
    throw new UsageError(`--join: ${err.message}`);
  }
}

/** http(s)://HOST[:PORT] → its origin; a path would be mistaken for a namespace. */
function serverOrigin(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`bad URL "${text}" (expected http://HOST:PORT)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`bad URL "${text}": http:// or https:// only`);
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new UsageError(`bad URL "${text}": give the server's address only; use --namespace for a namespace`);
  }
  return url.origin;
}

function connectionOptions(values) {
  if (values.token !== undefined && values.login !== undefined) {
    throw new UsageError("give --token or --login, not both");
  }
  if (values.transport !== undefined && !["websocket", "polling"].includes(values.transport)) {
    throw new UsageError(`--transport must be websocket or polling, not "${values.transport}"`);
  }
  if (!values.namespace.startsWith("/")) throw new UsageError(`--namespace must start with "/"`);
  if (!/^[1-9]\d*$/.test(values.timeout)) throw new UsageError("--timeout must be a positive number of milliseconds");
  return {
    token: values.token,
    login: values.login === undefined ? undefined : credentials(values.login),
    namespace: values.namespace,
    transport: values.transport,
    timeoutMs: Number(values.timeout),
  };
}

function credentials(text) {
  const colon = text.indexOf(":");
  if (colon <= 0) throw new UsageError("--login takes USER:PASS");
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
