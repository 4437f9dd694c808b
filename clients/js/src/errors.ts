import type { ClientCommandName, ConnectErrorData } from "./socket-events.types.js";

/**
 * Codes a room command can fail with: the server's own codes ("validation",
 * "not_found", "unavailable", …) plus two the client produces itself:
 *   - "timeout":       no acknowledgement within the ack timeout
 *   - "not_connected": no connection to send it on (connect() not called, the
 *                      connection was given up, or disconnect() was called)
 */
export type RoomCommandErrorCode = "validation" | "not_found" | "unavailable" | "timeout" | "not_connected" | (string & {});

/** A room command (join:* or leave:*) that did not succeed. */
export class RoomCommandError extends Error {
  override name = "RoomCommandError";
  /** The command that failed, e.g. "join:table". */
  readonly command: ClientCommandName;
  /** The room it was about, e.g. "table:3". */
  readonly room: string;
  readonly code: RoomCommandErrorCode;
  /** What the server sent besides code and message (e.g. `{field: "tableId"}` for "validation"). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    command: ClientCommandName,
    room: string,
    code: RoomCommandErrorCode,
    message: string,
    options?: ErrorOptions & { details?: Record<string, unknown> },
  ) {
    super(message, options);
    this.command = command;
    this.room = room;
    this.code = code;
    this.details = options?.details ?? {};
  }
}

/** A join:* command that did not succeed (the server answered ok:false, or no answer came). */
export class RoomJoinError extends RoomCommandError {
  override name = "RoomJoinError";
}

/** A leave:* command that did not succeed. */
export class RoomLeaveError extends RoomCommandError {
  override name = "RoomLeaveError";
}

/**
 * Why connect() failed: the server refused the connection (code from its
 * `err.data`, e.g. "unauthenticated", message the server's) or it could not be
 * reached (code "transport").
 */
export class ConnectError extends Error {
  override name = "ConnectError";
  readonly code: string;
  /** The server's `err.data`, when it sent one. */
  readonly data: ConnectErrorData | undefined;

  constructor(message: string, code: string, data: ConnectErrorData | undefined, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.data = data;
  }
}

/**
 * Why the REST catch-up after a reconnection could not read the missed events
 * (GET /api/events; see `CatchUpResult`):
 *   - code from the server's error body (e.g. "forbidden" for a table display,
 *     which may not read the event log; "unauthenticated"), with `status`
 *   - "http_<status>" when the answer had no error body
 *   - "network": the request did not get an answer
 *   - "bad_response": the answer was not a page of events
 */
export class CatchUpError extends Error {
  override name = "CatchUpError";
  readonly code: string;
  /** The HTTP status, when an answer came. */
  readonly status: number | undefined;

  constructor(message: string, code: string, status: number | undefined, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.status = status;
  }
}
