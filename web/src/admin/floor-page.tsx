// /floor, for managers: the restaurant's tables and kitchen stations, added,
// changed and deleted in place (record-list.tsx). A table or station that
// orders, screens, tickets or dishes refer to cannot be deleted: the server
// says so (409 in_use) and the row shows it; renaming is the way instead.

import { useEffect, useMemo, useState } from "react";

import { apiFor } from "../api";
import type { Station, Table } from "../catalog";
import { ManagerHeader } from "../components";
import type { Session } from "../session";
import { listStations, listTables, messageOf } from "./back-office";
import { StationForm, Swatch, TableForm } from "./floor-forms";
import { Alert } from "./form-kit";
import { RecordList, upsert } from "./record-list";

const tableId = (t: Table) => t.tableId;
const stationId = (s: Station) => s.stationId;

export function FloorPage({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [tables, setTables] = useState<Table[] | null>(null);
  const [stations, setStations] = useState<Station[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const fail = (e: unknown) => setError(messageOf(e));
    listTables(api).then(setTables, fail);
    listStations(api).then(setStations, fail);
  }, [api]);

  return (
    <main className="admin-page">
      <ManagerHeader title="Tables and stations" current="/floor" who={session.name} onLogout={onLogout} />
      <Alert>{error}</Alert>
      <RecordList
        title="Tables"
        addLabel="Add a table"
        records={tables}
        idOf={tableId}
        nameOf={(t) => `table ${t.name}`}
        summary={(t) => (
          <>
            <strong>Table {t.name}</strong>
            <span>{t.seats} seats</span>
            {t.area && <span className="badge">{t.area}</span>}
          </>
        )}
        editor={(table, close) => (
          <TableForm api={api} record={table} onCancel={close} onSaved={(saved) => { setTables((all) => upsert(all, saved, tableId)); close(); }} />
        )}
        deleteWarning={(t) => `Table ${t.name} will be removed from the waiters' floor plan.`}
        onDelete={async (t) => {
          await api.delete(`/api/admin/tables/${t.tableId}`);
          setTables((all) => (all ?? []).filter((x) => x.tableId !== t.tableId));
        }}
        empty="No table yet."
        testId="table"
      />
      <RecordList
        title="Stations"
        addLabel="Add a station"
        records={stations}
        idOf={stationId}
        nameOf={(s) => `station ${s.name}`}
        summary={(s) => (
          <>
            <Swatch colour={s.colour} />
            <strong>{s.name}</strong>
          </>
        )}
        editor={(station, close) => (
          <StationForm api={api} record={station} onCancel={close} onSaved={(saved) => { setStations((all) => upsert(all, saved, stationId)); close(); }} />
        )}
        deleteWarning={(s) => `The station ${s.name} will be removed; the kitchen display no longer offers it.`}
        onDelete={async (s) => {
          await api.delete(`/api/admin/stations/${s.stationId}`);
          setStations((all) => (all ?? []).filter((x) => x.stationId !== s.stationId));
        }}
        empty="No station yet: every dish goes to the whole kitchen."
        testId="station"
      />
    </main>
  );
}
