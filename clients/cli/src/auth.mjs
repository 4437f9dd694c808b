// The token for the handshake: given as is (--token, or $BRIGADE_TOKEN so it
// stays out of the shell history), or fetched with a staff login (--login).
// Neither the token nor the password is ever printed.

import { CliError } from "./errors.mjs";

// A login is slow on purpose (argon2id, and a back-off after failures):
// only a server that does not answer at all is given up on.
const loginTimeoutMs = 30_000;

/** The token to send, or undefined to connect without one (the server will say token_missing). */
export async function resolveToken({ origin, token, login, env = process.env }) {
  if (token !== undefined) return token;
  if (login !== undefined) return loginToken(origin, login);
  return env.BRIGADE_TOKEN || undefined;
}

/** POST ORIGIN/api/auth/login {username, password} → the answer's token. */
export async function loginToken(origin, { username, password }) {
  let res;
  try {
    res = await fetch(`${origin}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
      signal: AbortSignal.timeout(loginTimeoutMs),
    });
  } catch (err) {
    throw new CliError(`login as ${username} failed: ${err.cause?.message ?? err.message}`);
  }
  const body = await res.json().catch(() => null);
  if (res.ok && typeof body?.token === "string") return body.token;
  const why = body?.error ? [body.error.code, body.error.message].filter(Boolean).join(": ") : res.statusText;
  throw new CliError(`login as ${username} failed: ${res.status} ${why}`);
}
