// `brigade-cli connect`: a readline prompt over one connection. Commands run
// one after another in the order typed (or piped in), so an ack is printed
// before the next command's output; events and connection changes are printed
// as they arrive.

import readline from "node:readline";

import { parseJson, promptHelp } from "./args.mjs";
import { emitWithAck, firstConnection, payloadOf, transportName } from "./connection.mjs";
import { historyFile, historySize, loadHistory, saveHistory } from "./history.mjs";
import { RoomSet, parseRoom, roomCommand } from "./rooms.mjs";
import { session } from "./session.mjs";

/** Resolves to the exit status: 0 on quit or end of input, 1 when the connection is refused or lost for good. */
export function interactive(socket, { timeoutMs, input = process.stdin, output = process.stdout }) {
  const terminal = Boolean(input.isTTY && output.isTTY);
  const history = terminal ? historyFile() : "";
  const rl = readline.createInterface({
    input,
    output,
    terminal,
    prompt: "brigade> ",
    history: loadHistory(history),
    historySize,
  });
  rl.on("history", (lines) => saveHistory(history, lines));
  let closed = false;
  rl.on("close", () => (closed = true));

  // On a terminal, an event arriving mid-typing is printed above the prompt
  // and the half-typed line is redrawn.
  const say = (text) => {
    if (!terminal || closed) return void output.write(`${text}\n`);
    readline.clearLine(output, 0);
    readline.cursorTo(output, 0);
    output.write(`${text}\n`);
    rl.prompt(true);
  };

  const rooms = new RoomSet();
  const watched = new Set();
  socket.onAny((event, ...args) => {
    if (watched.has(event) || watched.has("*")) say(`event ${event} ${JSON.stringify(payloadOf(args))}`);
  });

  async function printAck(event, send) {
    try {
      say(`ack ${event} ${JSON.stringify(await send())}`);
    } catch (err) {
      say(`error: ${err.message}`);
    }
  }

  async function roomAction(action, text) {
    let room;
    try {
      room = parseRoom(text);
    } catch (err) {
      return say(`error: ${err.message}`);
    }
    const { event } = roomCommand(action, room);
    await printAck(event, () => rooms[action](socket, room, timeoutMs));
  }

  const commands = {
    help: () => say(promptHelp),
    async emit(rest) {
      const [, event, json] = /^(\S+)\s*(.*)$/s.exec(rest) ?? [];
      if (!event) return say("usage: emit EVENT [JSON]");
      let args;
      try {
        args = json ? [parseJson(json)] : [];
      } catch (err) {
        return say(`error: ${err.message}`);
      }
      await printAck(event, () => emitWithAck(socket, event, args, timeoutMs));
    },
    on(event) {
      if (!event) return say(`printing: ${[...watched].join(", ") || "nothing"}`);
      watched.add(event);
      say(`printing ${event === "*" ? "every event" : event}`);
    },
    off(event) {
      if (!event) return say("usage: off EVENT | off *");
      if (event === "*") watched.clear();
      else watched.delete(event);
      say(`stopped printing ${event === "*" ? "events" : event}`);
    },
    join: (rest) => roomAction("join", rest),
    leave: (rest) => roomAction("leave", rest),
    status() {
      const state = socket.connected
        ? `connected, id ${socket.id}, transport ${transportName(socket)}`
        : `not connected${socket.active ? " (connecting)" : ""}`;
      say(`status: ${state}, namespace ${socket.nsp}, rooms ${rooms.names.join(" ") || "none"}`);
    },
    quit: () => end(0),
    exit: () => end(0),
  };

  const { ended, end, over } = session(socket, { rooms, timeoutMs, report: say, onEnd: () => rl.close() });
  // Ctrl-C reaches readline on a terminal (the process itself otherwise).
  rl.on("SIGINT", () => end(0));

  let queue = Promise.resolve();
  rl.on("line", (line) => {
    queue = queue.then(async () => {
      if (over()) return;
      const [, name = "", rest = ""] = /^\s*(\S*)\s*(.*?)\s*$/s.exec(line);
      if (name === "") {
        // an empty line: just a new prompt
      } else if (Object.hasOwn(commands, name)) {
        await commands[name](rest);
      } else {
        say(`error: unknown command "${name}" (type help)`);
      }
      if (terminal && !closed) rl.prompt();
    });
  });
  // End of input (Ctrl-D, or the end of a piped script): finish what was
  // typed first, and let a connection still being made succeed or be refused
  // so that a script's exit status says whether it got through.
  rl.on("close", async () => {
    await queue;
    if (over()) return;
    if (!socket.connected) await firstConnection(socket).catch(() => {});
    if (over()) return;
    if (!socket.connected) say("brigade-cli: not connected");
    end(socket.connected ? 0 : 1);
  });

  if (terminal) {
    say("type help for the commands");
  }
  return ended;
}
