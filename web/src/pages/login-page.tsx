import { useEffect, useState, type FormEvent } from "react";

import { ApiError, apiRequest } from "../api";
import { navigate } from "../navigation";
import { saveSession, type Session } from "../session";

interface LoginAnswer {
  token: string;
  /** A one-time password: this token may only choose a new one (docs/security.md). */
  passwordChangeRequired?: boolean;
}

/** Keeps the token the server answered, or throws when this app cannot read it. */
function keepSession(token: string): Session {
  const session = saveSession(token);
  if (!session) throw new ApiError(0, "invalid_token", "The server sent a token this app cannot read.");
  return session;
}

/** The password a person was given, and the token that may only replace it. */
interface PendingChange {
  token: string;
  currentPassword: string;
}

export function LoginPage({ notice, onLoggedIn }: { notice: string | null; onLoggedIn: (session: Session) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [setupOpen, setSetupOpen] = useState(false);

  // A new server with no restaurant yet: point to /setup instead of a login
  // nobody can pass.
  useEffect(() => {
    apiRequest<{ open: boolean }>("GET", "/api/setup", null)
      .then((state) => setSetupOpen(state.open))
      .catch(() => setSetupOpen(false));
  }, []);

  if (pending) {
    return (
      <ChangePasswordForm
        pending={pending}
        onChanged={(session) => onLoggedIn(session)}
        onCancel={() => {
          setPending(null);
          setPassword("");
        }}
      />
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await apiRequest<LoginAnswer>("POST", "/api/auth/login", null, { username, password });
      if (answer.passwordChangeRequired) {
        setPending({ token: answer.token, currentPassword: password });
        return;
      }
      onLoggedIn(keepSession(answer.token));
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
        {setupOpen && (
          <p className="notice" role="status">
            This server has no restaurant yet.{" "}
            <a href="/setup" onClick={(e) => { e.preventDefault(); navigate("/setup"); }}>
              Set it up
            </a>
          </p>
        )}
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

/** After a login with a one-time password: choose one's own, then carry on with the fresh token. */
function ChangePasswordForm({
  pending,
  onChanged,
  onCancel,
}: {
  pending: PendingChange;
  onChanged: (session: Session) => void;
  onCancel: () => void;
}) {
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (next !== confirm) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await apiRequest<LoginAnswer>("POST", "/api/auth/password", pending.token, {
        currentPassword: pending.currentPassword,
        newPassword: next,
      });
      onChanged(keepSession(answer.token));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "The password could not be changed.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="change-title">
        <h1 id="change-title">Choose your password</h1>
        <p className="muted">You logged in with a one-time password. Choose your own to carry on.</p>
        <label>
          New password (10 characters or more)
          <input name="newPassword" type="password" autoComplete="new-password" value={next} minLength={10}
            onChange={(e) => setNext(e.target.value)} required autoFocus />
        </label>
        <label>
          New password again
          <input name="confirmPassword" type="password" autoComplete="new-password" value={confirm} minLength={10}
            onChange={(e) => setConfirm(e.target.value)} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save and continue"}
        </button>
        <button type="button" className="quiet" onClick={onCancel}>
          Back to login
        </button>
      </form>
    </main>
  );
}
