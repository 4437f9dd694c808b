#!/usr/bin/env node
// brigade-cli: parse the command line, get a token, open the socket and hand
// it to the command. Exit status: 0 ok, 1 a run-time failure (refused
// connection, failed login or join, no ack), 2 a bad command line.

import { help, parseCommandLine, usage } from "../src/args.mjs";
import { resolveToken } from "../src/auth.mjs";
import { openSocket } from "../src/connection.mjs";
import { emitOnce } from "../src/emit.mjs";
import { UsageError } from "../src/errors.mjs";
import { interactive } from "../src/interactive.mjs";
import { listen } from "../src/listen.mjs";

async function main(argv) {
  const options = parseCommandLine(argv);
  if (options.command === "help") {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const token = await resolveToken(options);
  // The one-shot emit must fail rather than retry; the others ride out a restart.
  const socket = openSocket(options.origin, { ...options, token, reconnection: options.command !== "emit" });
  switch (options.command) {
    case "connect":
      return interactive(socket, options);
    case "listen":
      try {
        return await listen(socket, options);
      } finally {
        socket.close();
      }
    case "emit":
      return emitOnce(socket, options);
  }
}

/**
 * Exits with `status` once stdout and stderr are flushed: an unanswered ack's
 * timer or a closing socket must not keep a finished command alive.
 */
function exit(status) {
  let pending = 2;
  const flushed = () => --pending === 0 && process.exit(status);
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
}

try {
  exit(await main(process.argv.slice(2)));
} catch (err) {
  if (err.exitCode === undefined) throw err; // a bug: let node print the stack
  process.stderr.write(`brigade-cli: ${err.message}\n`);
  if (err instanceof UsageError) process.stderr.write(`${usage}\nrun brigade-cli --help for more\n`);
  exit(err.exitCode);
}
