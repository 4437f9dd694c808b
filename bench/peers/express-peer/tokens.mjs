// HS256 JWTs with node:crypto, carrying the claims Brigade's tokens carry
// (sub, name, role, restaurantId, tableId for a table display). A typical
// Express stack would use the jsonwebtoken package, which does more work per
// check; this lighter check only flatters the peer's figures.

import { createHmac, timingSafeEqual } from "node:crypto";

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

export class TokenError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function tokenService(secret, { ttlSeconds = 12 * 3600, deviceTtlSeconds = 30 * 24 * 3600 } = {}) {
  const mac = (input) => createHmac("sha256", secret).update(input).digest();

  return {
    /** A token for an actor {id, name, role, restaurantId, tableId?}; devices live longer. */
    issue(actor) {
      const now = Math.floor(Date.now() / 1000);
      const device = actor.role === "kitchen_display" || actor.role === "table_display";
      const claims = {
        sub: String(actor.id),
        name: actor.name,
        role: actor.role,
        restaurantId: actor.restaurantId,
        iat: now,
        nbf: now,
        exp: now + (device ? deviceTtlSeconds : ttlSeconds),
      };
      if (actor.tableId !== undefined && actor.tableId !== null) claims.tableId = actor.tableId;
      const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
      return { token: `${input}.${mac(input).toString("base64url")}`, expiresAt: new Date(claims.exp * 1000).toISOString() };
    },

    /** The actor a token speaks for, or a TokenError with Brigade's code. */
    verify(token) {
      if (typeof token !== "string" || token === "") throw new TokenError("token_missing", "No token");
      const parts = token.split(".");
      if (parts.length !== 3) throw new TokenError("token_invalid", "Malformed token");
      const given = Buffer.from(parts[2], "base64url");
      const expected = mac(`${parts[0]}.${parts[1]}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenError("token_invalid", "Bad signature");
      let claims;
      try {
        claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
      } catch {
        throw new TokenError("token_invalid", "Malformed token");
      }
      if (!(claims.exp > Date.now() / 1000)) throw new TokenError("token_expired", "Token expired");
      return { id: Number(claims.sub), name: claims.name, role: claims.role, restaurantId: claims.restaurantId, tableId: claims.tableId ?? null };
    },
  };
}
