// Who is using this screen: the token from a login or a pairing link, kept in
// localStorage so a kitchen display comes back by itself after a power cut,
// and its claims (role, restaurant, table) read for routing. The server checks
// the token on every request; reading the claims here is only for the UI.

export type Role = "waiter" | "chef" | "manager" | "kitchen_display" | "table_display";

export interface Session {
  token: string;
  id: string;
  name: string;
  role: Role;
  restaurantId: number;
  tableId: number | null;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const storageKey = "brigade.session.token";

function decodeClaims(token: string): Record<string, unknown> | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(
      Array.from(atob(base64), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join(""),
    );
    const claims: unknown = JSON.parse(json);
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const roles: readonly Role[] = ["waiter", "chef", "manager", "kitchen_display", "table_display"];

/** The session a token stands for, or null if it is not a Brigade token or has expired. */
export function sessionOf(token: string, now = Date.now()): Session | null {
  const claims = decodeClaims(token);
  if (!claims) return null;
  const role = claims.role as Role;
  const exp = claims.exp;
  if (!roles.includes(role) || typeof exp !== "number" || exp * 1000 <= now) return null;
  return {
    token,
    id: String(claims.sub ?? ""),
    name: typeof claims.name === "string" ? claims.name : role,
    role,
    restaurantId: Number(claims.restaurantId),
    tableId: typeof claims.tableId === "number" ? claims.tableId : null,
    expiresAt: exp * 1000,
  };
}

export function loadSession(): Session | null {
  const token = localStorage.getItem(storageKey);
  if (!token) return null;
  const session = sessionOf(token);
  if (!session) localStorage.removeItem(storageKey);
  return session;
}

export function saveSession(token: string): Session | null {
  const session = sessionOf(token);
  if (session) localStorage.setItem(storageKey, token);
  return session;
}

export function clearSession(): void {
  localStorage.removeItem(storageKey);
}

/** The app a role works in. */
export function homePath(session: Session): string {
  switch (session.role) {
    case "waiter":
    case "manager":
      return "/waiter";
    case "chef":
    case "kitchen_display":
      return "/kitchen";
    case "table_display":
      return "/table";
  }
}

/** Which apps a role may open (the server enforces the same through its rooms and routes). */
export function mayOpen(session: Session, path: string): boolean {
  switch (path) {
    case "/waiter":
      return session.role === "waiter" || session.role === "manager";
    case "/kitchen":
    case "/kitchen/expo":
      return session.role === "chef" || session.role === "kitchen_display" || session.role === "manager";
    case "/table":
      return session.role === "table_display";
    case "/screens":
    case "/staff":
    case "/audit":
    case "/floor":
    case "/menu":
    case "/settings":
    case "/dashboard":
    case "/speed":
      return session.role === "manager";
    default:
      return false;
  }
}
