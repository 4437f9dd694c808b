// Watches the server under stress: its stderr (every line, not only the tail
// that support/server.mjs keeps, so a sanitizer report in the middle of a
// chatty log is not lost), a copy of that stderr in a log file, and its exit.

import { createWriteStream } from "node:fs";

/** The first line of every sanitizer report (ASan, UBSan, TSan, LSan). */
export const sanitizerReport = /ERROR: AddressSanitizer|runtime error:|WARNING: ThreadSanitizer|ERROR: LeakSanitizer/;

/** Brigade's own log lines (text or JSON), which may come between a report's lines. */
const serverLogLine = /^(\d{4}-\d\d-\d\dT|\{")/;
const tailLines = 400;
/** How much of each report to show: its stack and where the memory was. */
const reportLines = 24;

/**
 * Starts watching `server` (from startKitchenServer). Returns:
 * - died: a promise that rejects when the server exits before stopping()
 *   was called (a crash: its message names the signal or exit code);
 * - exit(): "signal SIGSEGV" / "code 0" once exited, else null;
 * - reports(): the sanitizer report lines seen so far, with the lines after each;
 * - tail(n): the last n lines of stderr;
 * - stopping(): marks the exit that follows as expected;
 * - close(): after the exit, reads the rest of stderr and closes the log file.
 */
export function watchServer(server, logFile) {
  const log = createWriteStream(logFile);
  const tail = [];
  const reports = [];
  let partial = "";
  let afterReport = 0;
  let exit = null;
  let expected = false;

  const onLine = (line) => {
    tail.push(line);
    if (tail.length > tailLines) tail.shift();
    if (sanitizerReport.test(line)) {
      reports.push(line);
      afterReport = reportLines;
    } else if (afterReport > 0 && line.trim() !== "" && !serverLogLine.test(line)) {
      // The frames after the first line say where it happened. Other threads
      // go on logging while the sanitizer symbolizes: their lines are skipped.
      reports.push(line);
      afterReport = /^==\d+==ABORTING/.test(line) ? 0 : afterReport - 1;
    }
  };
  const onChunk = (chunk) => {
    log.write(chunk);
    const lines = (partial + chunk).split("\n");
    partial = lines.pop();
    lines.forEach(onLine);
  };
  // What the server wrote while starting, then everything after it.
  onChunk(server.stderr());
  server.process.stderr.on("data", onChunk);
  // The pipe may still hold the end of a report when the process has exited.
  const ended = new Promise((resolve) =>
    server.process.stderr.once("close", () => {
      if (partial) onLine(partial);
      partial = "";
      resolve();
    }),
  );

  let rejectDied;
  const died = new Promise((_, reject) => {
    rejectDied = reject;
  });
  died.catch(() => {}); // awaited by whoever races it; never an unhandled rejection
  server.process.once("exit", (code, signal) => {
    exit = signal ? `signal ${signal}` : `code ${code}`;
    if (!expected) rejectDied(new Error(`the server died (${exit})`));
  });

  return {
    died,
    exit: () => exit,
    reports: () => [...reports],
    tail: (n = 40) => tail.slice(-n),
    stopping: () => {
      expected = true;
    },
    /**
     * After the exit: resolves once the whole stderr is read (or after 5 s,
     * should a child of the server hold the pipe) and is in the log file.
     */
    async close() {
      let timer;
      await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
      clearTimeout(timer);
      await new Promise((resolve) => log.end(resolve));
    },
  };
}
