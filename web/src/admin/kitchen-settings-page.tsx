// /settings, for managers: the kitchen's settings (docs/api.md "Back office:
// kitchen settings"): auto-fire of held courses, fire by prep time beside it,
// and the ticket target the speed-of-service report measures against.

import { useEffect, useMemo, useState } from "react";

import { apiFor, type Api } from "../api";
import { ManagerHeader } from "../components";
import type { Session } from "../session";
import { messageOf, readSettings, type KitchenSettings } from "./back-office";
import { Alert, Done, Field, FormButtons, useApiForm } from "./form-kit";

const fields = ["autoFireMinutes", "ticketTargetMinutes", "fireByPrepTime"] as const;

export function KitchenSettingsPage({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [settings, setSettings] = useState<KitchenSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    readSettings(api).then(setSettings, (e: unknown) => setLoadError(messageOf(e)));
  }, [api]);

  return (
    <main className="admin-page">
      <ManagerHeader title="Kitchen settings" current="/settings" who={session.name} onLogout={onLogout} />
      <Alert>{loadError}</Alert>
      <section className="panel" aria-label="Kitchen settings">
        {settings ? (
          <SettingsForm
            // The server's answer fills the form again (its values, as saved).
            key={JSON.stringify(settings)}
            api={api}
            settings={settings}
            onEdit={() => setSaved(false)}
            onSaved={(next) => {
              setSettings(next);
              setSaved(true);
            }}
          />
        ) : (
          !loadError && <p className="muted">Loading…</p>
        )}
        <Done>{saved ? "Saved: the kitchen works this way from now on." : null}</Done>
      </section>
    </main>
  );
}

function SettingsForm({ api, settings, onEdit, onSaved }: { api: Api; settings: KitchenSettings; onEdit: () => void; onSaved: (saved: KitchenSettings) => void }) {
  const [autoFire, setAutoFire] = useState(String(settings.autoFireMinutes));
  const [target, setTarget] = useState(String(settings.ticketTargetMinutes));
  const [byPrepTime, setByPrepTime] = useState(settings.fireByPrepTime);
  const form = useApiForm("settings", fields);

  const save = async () => {
    const body = { autoFireMinutes: Number(autoFire), ticketTargetMinutes: Number(target), fireByPrepTime: byPrepTime };
    onSaved(await api.patch<KitchenSettings>("/api/admin/settings", body));
  };

  return (
    <form className="form-grid" onSubmit={form.onSubmit(save)} onChange={onEdit} aria-label="Kitchen settings">
      <h2 className="wide">Courses</h2>
      <Field form={form} field="autoFireMinutes" label="Auto-fire after (minutes, 0 = off)" type="number" min={0} max={240} step={1} inputMode="numeric" value={autoFire} onChange={setAutoFire} required />
      <p className="wide muted">With auto-fire on, a held course goes to the kitchen by itself that many minutes after the previous course; off, only the waiter fires it.</p>
      <label className="check wide">
        <input type="checkbox" role="switch" checked={byPrepTime} onChange={(e) => setByPrepTime(e.target.checked)} aria-describedby={form.describedBy("fireByPrepTime") ?? "settings-prep-time-help"} />
        Fire by prep time
        {form.hint("fireByPrepTime")}
      </label>
      <p className="wide muted" id="settings-prep-time-help">
        The slowest dish of a course goes to its station at once; quicker ones wait for their turn, so the whole course is ready together (each dish's prep time is set on the Menu page).
      </p>
      <h2 className="wide">Speed of service</h2>
      <Field form={form} field="ticketTargetMinutes" label="Ticket target (minutes)" type="number" min={1} max={240} step={1} inputMode="numeric" value={target} onChange={setTarget} required />
      <FormButtons form={form} submitLabel="Save settings" />
    </form>
  );
}
