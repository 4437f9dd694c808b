// Tokens for the tests: real logins (POST /api/auth/login with the demo
// passwords), tokens from the `brigade token` command, and hand-made JWTs
// (signed with the test secret, or forged) for the refusal tests.

import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";

import { brigadeBinary } from "./server.mjs";

/** The JWT secret every `brigade serve` started by the tests uses (server.mjs passes it). */
export const testSecret = "brigade-integration-tests-jwt-secret-0123456789";

/** The demo staff's password: waiter1 → waiter1pass. */
export const demoPassword = (username) => `${username}pass`;

const b64url = (data) => Buffer.from(data).toString("base64url");

/** A compact JWT with these header and claims, HS256-signed with `secret`. */
export function signJwt(claims, { secret = testSecret, header = { alg: "HS256", typ: "JWT" } } = {}) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** Claims as the server issues them, valid for `ttlSeconds` from now. */
export function claimsFor({ sub, role, restaurantId = 1, name = "Test", tableId, ttlSeconds = 3600 }) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: String(sub), name, role, restaurantId, iat: now, nbf: now, exp: now + ttlSeconds };
  if (tableId !== undefined) claims.tableId = tableId;
  return claims;
}

/** POST /api/auth/login; resolves to {status, body}. */
export async function login(baseUrl, username, password = demoPassword(username)) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const tokens = new Map();

/**
 * A demo staff member's token from a real login, cached per server. Callers
 * asking at once share the one login in flight (the server allows only a few
 * logins at once per address); a failed login is forgotten.
 */
export function tokenFor(baseUrl, username) {
  const key = `${baseUrl} ${username}`;
  if (!tokens.has(key)) {
    const pending = login(baseUrl, username).then((res) => {
      if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    });
    pending.catch(() => tokens.delete(key));
    tokens.set(key, pending);
  }
  return tokens.get(key);
}

/** A string that looks like a JWT (three dot-separated parts). */
export const isJwt = (value) => typeof value === "string" && value.split(".").length === 3;

/** `brigade token --db DB ...args` (signed with the test secret); its stdout as JSON. */
export function cliToken(db, args) {
  const out = execFileSync(brigadeBinary(), ["token", "--db", db, "--jwt-secret", testSecret, "--json", ...args], {
    encoding: "utf8",
  });
  return JSON.parse(out);
}
