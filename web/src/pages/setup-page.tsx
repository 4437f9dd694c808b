// /setup: the first run of a server with no restaurant (docs/operations.md,
// "Creating a restaurant"). Creates the restaurant and its first manager with
// POST /api/setup, then sends the person to the login page. On the server's
// own machine no token is needed; from another, the link the server logged
// (/setup#token=…) carries it in the fragment, which browsers never send.

import { useEffect, useState, type FormEvent } from "react";

import { ApiError, apiRequest } from "../api";
import { navigate } from "../navigation";

interface SetupState {
  open: boolean;
  tokenRequired: boolean;
}

interface SetupAnswer {
  manager: { username: string };
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

function knownTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}

export function SetupPage({ onDone }: { onDone: (notice: string) => void }) {
  const [state, setState] = useState<SetupState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState(() => ({
    restaurantName: "",
    timezone: browserTimeZone(),
    currency: "EUR",
    managerName: "",
    username: "",
    password: "",
    confirm: "",
    setupToken: new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "",
  }));
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: key === "currency" ? e.target.value.toUpperCase() : e.target.value }));

  useEffect(() => {
    apiRequest<SetupState>("GET", "/api/setup", null)
      .then(setState)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : "The server cannot be reached."));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form.password !== form.confirm) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await apiRequest<SetupAnswer>("POST", "/api/setup", null, {
        ...(form.setupToken ? { setupToken: form.setupToken } : {}),
        restaurant: { name: form.restaurantName, timezone: form.timezone, currency: form.currency },
        manager: { name: form.managerName, username: form.username, password: form.password },
      });
      onDone(`${form.restaurantName} is ready. Log in as ${answer.manager.username}.`);
    } catch (e) {
      if (e instanceof ApiError && e.code === "already_set_up") setState({ open: false, tokenRequired: false });
      setError(e instanceof ApiError ? e.message : "Set-up failed.");
    } finally {
      setBusy(false);
    }
  }

  if (state && !state.open) {
    return (
      <main className="login">
        <section className="login-card" aria-labelledby="setup-title">
          <h1 id="setup-title">Brigade</h1>
          <p role="status">This server is already set up.</p>
          <button type="button" className="primary" onClick={() => navigate("/login", { replace: true })}>
            Go to the login page
          </button>
        </section>
      </main>
    );
  }

  const zones = knownTimeZones();
  return (
    <main className="login">
      <form className="login-card setup-card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">Set up Brigade</h1>
        <p className="muted">Create your restaurant and its first manager.</p>
        <fieldset>
          <legend>Restaurant</legend>
          <label>
            Name
            <input name="restaurantName" value={form.restaurantName} onChange={set("restaurantName")} required autoFocus maxLength={100} />
          </label>
          <label>
            Time zone
            <input name="timezone" value={form.timezone} onChange={set("timezone")} required list="setup-zones" autoComplete="off" />
            <datalist id="setup-zones">
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </label>
          <label>
            Currency
            <input name="currency" value={form.currency} onChange={set("currency")} required pattern="[A-Z]{3}" maxLength={3} autoComplete="off" />
          </label>
        </fieldset>
        <fieldset>
          <legend>First manager</legend>
          <label>
            Name
            <input name="managerName" value={form.managerName} onChange={set("managerName")} autoComplete="name" maxLength={100} />
          </label>
          <label>
            Username
            <input name="username" value={form.username} onChange={set("username")} required autoComplete="username" maxLength={64} />
          </label>
          <label>
            Password (10 characters or more)
            <input name="password" type="password" value={form.password} onChange={set("password")} required minLength={10} autoComplete="new-password" />
          </label>
          <label>
            Password again
            <input name="confirm" type="password" value={form.confirm} onChange={set("confirm")} required minLength={10} autoComplete="new-password" />
          </label>
        </fieldset>
        {state?.tokenRequired && (
          <label>
            Setup token (from the server's log)
            <input name="setupToken" value={form.setupToken} onChange={set("setupToken")} required autoComplete="off" />
          </label>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !state}>
          {busy ? "Creating…" : "Create the restaurant"}
        </button>
      </form>
    </main>
  );
}
