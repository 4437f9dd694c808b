// The restaurant's paired screens on the screens page: what each is, when it
// was paired, and Revoke (its token stops working and it is disconnected at
// once; a revoked screen stays listed as such). `refresh` changes when a new
// screen is paired, to list it.

import { useEffect, useState } from "react";

import type { Api } from "../api";
import { listScreens, messageOf, shortDateTime, type PairedScreen } from "./back-office";
import { ConfirmAction } from "./confirm-action";

const kinds: Record<PairedScreen["role"], string> = { kitchen_display: "Kitchen display", table_display: "Table display" };

export function PairedScreens({ api, refresh, tableName }: { api: Api; refresh: number; tableName: (id: number) => string }) {
  const [screens, setScreens] = useState<PairedScreen[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listScreens(api)
      .then(setScreens)
      .catch((e: unknown) => setError(messageOf(e)));
  }, [api, refresh]);

  async function revoke(screen: PairedScreen) {
    setError(null);
    try {
      const revoked = await api.post<PairedScreen>(`/api/admin/screens/${screen.deviceId}/revoke`);
      setScreens((all) => (all ?? []).map((s) => (s.deviceId === revoked.deviceId ? revoked : s)));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section className="panel">
      <h2>Paired screens</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {screens?.length === 0 && <p className="muted">No screen is paired yet.</p>}
      <ul className="screen-list">
        {(screens ?? []).map((screen) => (
          <li key={screen.deviceId} className={`staff-row${screen.revoked ? " inactive" : ""}`} data-testid={`screen-${screen.deviceId}`}>
            <div className="staff-who">
              <strong>{screen.name}</strong>
              <span>{kinds[screen.role]}</span>
              {screen.tableId !== null && <span>Table {tableName(screen.tableId)}</span>}
              <span className="muted">paired {shortDateTime(screen.createdAt)}</span>
              {screen.revoked && (
                <span className="badge badge-cancelled">Revoked{screen.revokedAt ? ` ${shortDateTime(screen.revokedAt)}` : ""}</span>
              )}
            </div>
            {!screen.revoked && (
              <div className="actions">
                <ConfirmAction
                  label={`Revoke ${screen.name}`}
                  confirmLabel={`Yes, revoke ${screen.name}`}
                  warning={`${screen.name} will be disconnected at once and must be paired again with a new link.`}
                  onConfirm={() => revoke(screen)}
                />
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
