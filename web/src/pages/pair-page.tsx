// /pair#token=… : a screen opens the link a manager made for it (docs/security.md,
// device tokens). The token is checked with the server, kept, and the screen
// goes to its app. The token travels in the fragment, which browsers never
// send to servers or write to proxies' logs.

import { useEffect, useState } from "react";

import { ApiError, apiRequest } from "../api";
import { clearSession, saveSession, type Session } from "../session";

export function PairPage({ onPaired }: { onPaired: (session: Session) => void }) {
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    const token = fragment.get("token") ?? new URLSearchParams(window.location.search).get("token");
    if (!token) {
      setError("This pairing link has no token. Ask a manager for a new link.");
      return;
    }
    apiRequest("GET", "/api/auth/me", token)
      .then(() => {
        const session = saveSession(token);
        if (!session) throw new ApiError(0, "invalid_token", "This pairing link has expired. Ask a manager for a new one.");
        onPaired(session);
      })
      .catch((e: unknown) => {
        clearSession();
        setError(e instanceof ApiError ? e.message : "Pairing failed.");
      });
  }, [onPaired]);

  return (
    <main className="login">
      <div className="login-card">
        <h1>Brigade</h1>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p role="status">Pairing this screen…</p>
        )}
      </div>
    </main>
  );
}
