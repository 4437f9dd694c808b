// The REST API (docs/api.md) with the session's bearer token. Every error
// becomes an ApiError with the server's code and message, so screens can say
// what went wrong instead of "request failed".

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    /** The request field a 400 validation or a conflict is about, when the server names one. */
    readonly field: string | null = null,
    /** The whole `error` object, for what some errors carry besides (an import's list of `errors`). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The token is no good any more: the screen must log in or be paired again. */
  get isAuthFailure(): boolean {
    return this.status === 401 && this.code.startsWith("token_");
  }
}

type AuthFailureListener = (error: ApiError) => void;
let onAuthFailure: AuthFailureListener = () => {};

/** Called when a request fails because the token is missing, invalid or expired. */
export function setAuthFailureListener(listener: AuthFailureListener): void {
  onAuthFailure = listener;
}

export async function apiRequest<T>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers = body === undefined ? extraHeaders : { ...extraHeaders, "Content-Type": "application/json" };
  const res = await send(method, path, token, body === undefined ? null : JSON.stringify(body), headers);
  const text = await res.text();
  return (text ? safeJson(text) : null) as T;
}

/** Sends a request; an answer other than 2xx, or none, becomes an ApiError. */
async function send(method: string, path: string, token: string | null, body: string | null, extraHeaders: Record<string, string>): Promise<Response> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body });
  } catch {
    throw new ApiError(0, "offline", "The server cannot be reached. Check the Wi-Fi and try again.");
  }
  if (res.ok) return res;
  const text = await res.text();
  const error = (safeJson(text) as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
  const retryAfter = res.headers.get("Retry-After");
  const failure = new ApiError(
    res.status,
    error?.code ?? "http_" + res.status,
    error?.message ?? `The server answered ${res.status}`,
    retryAfter ? Number(retryAfter) : null,
    typeof error?.field === "string" ? error.field : null,
    error && typeof error === "object" ? error : {},
  );
  if (token && failure.isAuthFailure) onAuthFailure(failure);
  throw failure;
}

/** A file the server sends as an attachment, named as its Content-Disposition says. */
export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

/** Hands a downloaded file to the browser, which saves it under `filename`. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function filenameOf(res: Response): string | null {
  const match = /filename="?([^";]+)"?/.exec(res.headers.get("Content-Disposition") ?? "");
  return match?.[1] ?? null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** An API bound to one token. */
export function apiFor(token: string) {
  return {
    get: <T>(path: string) => apiRequest<T>("GET", path, token),
    post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
      apiRequest<T>("POST", path, token, body, headers),
    patch: <T>(path: string, body: unknown) => apiRequest<T>("PATCH", path, token, body),
    put: <T>(path: string, body: unknown) => apiRequest<T>("PUT", path, token, body),
    delete: <T>(path: string) => apiRequest<T>("DELETE", path, token),
    /** Posts a file's text as it is, e.g. a CSV with `text/csv`. */
    postText: <T>(path: string, text: string, contentType: string) =>
      send("POST", path, token, text, { "Content-Type": contentType }).then(async (res) => safeJson(await res.text()) as T),
    download: (path: string): Promise<DownloadedFile> =>
      send("GET", path, token, null, {}).then(async (res) => ({ blob: await res.blob(), filename: filenameOf(res) })),
  };
}

export type Api = ReturnType<typeof apiFor>;

/**
 * A random key for `Idempotency-Key` (docs/api.md): made once per order the
 * waiter composes, so a retry after a lost answer replays the order instead of
 * creating a second one. crypto.randomUUID needs a secure context, which a
 * restaurant's plain-HTTP LAN address is not; getRandomValues works anywhere.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
