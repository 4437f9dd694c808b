// A back-office list a manager edits in place: each record's summary with
// Edit (its form opens in the row) and Delete (asked about first; a refusal
// such as 409 in_use is shown in the row), and an "Add …" button that opens
// an empty form above the list. Tables, stations, menu categories, modifier
// groups and dishes are all edited this way; the forms are the caller's.

import { useState, type ReactNode } from "react";

import { messageOf } from "./back-office";
import { ConfirmAction } from "./confirm-action";
import { Alert } from "./form-kit";

/** `close` ends the editing: a form calls it once saved, or on Cancel. */
export type Editor<T> = (record: T | null, close: () => void) => ReactNode;

export interface RecordListProps<T> {
  title: string;
  /** "Add a table": the button that opens the empty form. */
  addLabel: string;
  records: readonly T[] | null;
  idOf: (record: T) => number;
  nameOf: (record: T) => string;
  summary: (record: T) => ReactNode;
  editor: Editor<T>;
  /** What deleting does, said before it is done. */
  deleteWarning: (record: T) => string;
  onDelete: (record: T) => Promise<void>;
  /** Controls beside Edit and Delete (moving a category up). */
  extraActions?: (record: T, fail: (error: unknown) => void) => ReactNode;
  empty: string;
  /** Rows are `data-testid="<testId>-<id>"`. */
  testId: string;
}

export function RecordList<T>(props: RecordListProps<T>) {
  const { title, addLabel, records, idOf, editor, empty } = props;
  const [adding, setAdding] = useState(false);
  return (
    <section className="panel" aria-label={title}>
      <div className="panel-head">
        <h2>{title}</h2>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            {addLabel}
          </button>
        )}
      </div>
      {adding && editor(null, () => setAdding(false))}
      {records === null && <p className="muted">Loading…</p>}
      {records?.length === 0 && <p className="muted">{empty}</p>}
      <ul className="record-list">
        {(records ?? []).map((record) => (
          <RecordRow key={idOf(record)} record={record} {...props} />
        ))}
      </ul>
    </section>
  );
}

function RecordRow<T>({ record, idOf, nameOf, summary, editor, deleteWarning, onDelete, extraActions, testId }: RecordListProps<T> & { record: T }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = nameOf(record);
  const fail = (e: unknown) => setError(messageOf(e));

  async function remove() {
    setError(null);
    try {
      await onDelete(record);
    } catch (e) {
      fail(e);
    }
  }

  return (
    <li className="staff-row" data-testid={`${testId}-${idOf(record)}`}>
      {editing ? (
        editor(record, () => setEditing(false))
      ) : (
        <>
          <div className="staff-who">{summary(record)}</div>
          <div className="actions">
            <button type="button" onClick={() => { setError(null); setEditing(true); }}>
              Edit {name}
            </button>
            {extraActions?.(record, fail)}
            <ConfirmAction label={`Delete ${name}`} confirmLabel={`Yes, delete ${name}`} warning={deleteWarning(record)} onConfirm={remove} />
          </div>
        </>
      )}
      <Alert>{error}</Alert>
    </li>
  );
}

/** `list` with `record` in place of the one with its id, or added at the end. */
export function upsert<T>(list: readonly T[] | null, record: T, idOf: (record: T) => number): T[] {
  const all = list ?? [];
  return all.some((r) => idOf(r) === idOf(record)) ? all.map((r) => (idOf(r) === idOf(record) ? record : r)) : [...all, record];
}
