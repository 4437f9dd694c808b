import { useState, type FormEvent } from "react";

import { ApiError, apiRequest } from "../api";
import { saveSession, type Session } from "../session";

interface LoginAnswer {
  token: string;
}

export function LoginPage({ notice, onLoggedIn }: { notice: string | null; onLoggedIn: (session: Session) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await apiRequest<LoginAnswer>("POST", "/api/auth/login", null, { username, password });
      const session = saveSession(answer.token);
      if (!session) throw new ApiError(0, "invalid_token", "The server sent a token this app cannot read.");
      onLoggedIn(session);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        setError(`Too many attempts. Try again in ${e.retryAfterSeconds ?? 1} s.`);
      } else {
        setError(e instanceof ApiError ? e.message : "Login failed.");
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Brigade</h1>
        <p className="muted">Staff login</p>
        {notice && <p className="notice" role="status">{notice}</p>}
        <label>
          Username
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
        <p className="muted small">Kitchen and table screens are paired by a manager with a link.</p>
      </form>
    </main>
  );
}
