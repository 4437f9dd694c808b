// The two ways brigade-cli fails, each with its exit status: the command line
// itself is wrong (2, with the usage line), or something went wrong while
// talking to the server (1).

/** A bad command line: unknown command or option, missing URL, bad JSON. Exit status 2. */
export class UsageError extends Error {
  exitCode = 2;
}

/** A failure at run time: refused connection, failed login or join, no ack. Exit status 1. */
export class CliError extends Error {
  exitCode = 1;
}
