// Managers pair screens: a kitchen display or a table's display gets a device
// token (POST /api/auth/devices) inside a link; opening the link on the
// screen pairs it (pages/pair-page.tsx). Below, the screens already paired,
// each of which can be revoked (admin/paired-screens.tsx).

import { useEffect, useMemo, useState, type FormEvent } from "react";

import { PairedScreens } from "../admin/paired-screens";
import { ApiError, apiFor } from "../api";
import type { Table } from "../catalog";
import { ManagerHeader } from "../components";
import type { Session } from "../session";

interface DeviceAnswer {
  token: string;
  expiresAt: string;
  device: { id: number; name: string; role: string; tableId?: number | null };
}

export function ScreensPage({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [tables, setTables] = useState<Table[]>([]);
  const [role, setRole] = useState<"kitchen_display" | "table_display">("kitchen_display");
  const [tableId, setTableId] = useState<number>(1);
  const [name, setName] = useState("Pass");
  const [paired, setPaired] = useState<{ link: string; answer: DeviceAnswer } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pairings, setPairings] = useState(0);

  useEffect(() => {
    api
      .get<{ tables: Table[] }>("/api/tables")
      .then((answer) => setTables(answer.tables))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [api]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const body = role === "table_display" ? { role, tableId, name } : { role, name };
      const answer = await api.post<DeviceAnswer>("/api/auth/devices", body);
      setPaired({ link: `${window.location.origin}/pair#token=${answer.token}`, answer });
      setPairings((n) => n + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <main className="screens-page">
      <ManagerHeader title="Screens" current="/screens" who={session.name} onLogout={onLogout} />
      <form className="panel form-grid" onSubmit={submit}>
        <h2 className="form-title">Pair a screen</h2>
        <label>
          Screen
          <select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            <option value="kitchen_display">Kitchen display</option>
            <option value="table_display">Table display</option>
          </select>
        </label>
        {role === "table_display" && (
          <label>
            Table
            <select value={tableId} onChange={(e) => setTableId(Number(e.target.value))}>
              {tables.map((t) => (
                <option key={t.tableId} value={t.tableId}>
                  Table {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <button type="submit" className="primary">
          Make pairing link
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
      {paired && (
        <section className="panel" aria-label="Pairing link">
          <p>
            Open this link on the screen <strong>{paired.answer.device.name}</strong> (valid until{" "}
            {new Date(paired.answer.expiresAt).toLocaleDateString()}):
          </p>
          <p className="pair-link">
            <a href={paired.link} data-testid="pairing-link">
              {paired.link}
            </a>
          </p>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(paired.link)}>
            Copy link
          </button>
        </section>
      )}
      <PairedScreens
        api={api}
        refresh={pairings}
        tableName={(id) => tables.find((t) => t.tableId === id)?.name ?? String(id)}
      />
    </main>
  );
}
