// The forms of a table {name, seats, area} and a station {name, colour}, to
// add one (`record` null) or change one (docs/api.md "Back office: tables
// and stations"). A taken name or a bad field is shown at that field.

import { useState } from "react";

import type { Api } from "../api";
import type { Station, Table } from "../catalog";
import { Field, FormButtons, useApiForm } from "./form-kit";

interface FormProps<T> {
  api: Api;
  record: T | null;
  onSaved: (saved: T) => void;
  onCancel: () => void;
}

export function TableForm({ api, record, onSaved, onCancel }: FormProps<Table>) {
  const [name, setName] = useState(record?.name ?? "");
  const [seats, setSeats] = useState(String(record?.seats ?? 4));
  const [area, setArea] = useState(record?.area ?? "");
  const form = useApiForm(`table-${record?.tableId ?? "new"}`, ["name", "seats", "area"] as const);
  const title = record ? `Change table ${record.name}` : "Add a table";

  const save = async () => {
    const body = { name, seats: Number(seats), area };
    onSaved(record ? await api.patch<Table>(`/api/admin/tables/${record.tableId}`, body) : await api.post<Table>("/api/admin/tables", body));
  };

  return (
    <form className="form-grid" onSubmit={form.onSubmit(save)} aria-label={title}>
      <h3 className="form-title">{title}</h3>
      <Field form={form} field="name" label="Name" value={name} onChange={setName} required maxLength={40} autoFocus />
      <Field form={form} field="seats" label="Seats" type="number" min={0} max={100} value={seats} onChange={setSeats} required />
      <Field form={form} field="area" label="Area (e.g. Terrace)" value={area} onChange={setArea} maxLength={40} />
      <FormButtons form={form} submitLabel={record ? "Save table" : "Add table"} onCancel={onCancel} />
    </form>
  );
}

const defaultColour = "#0b57d0";

export function StationForm({ api, record, onSaved, onCancel }: FormProps<Station>) {
  const [name, setName] = useState(record?.name ?? "");
  const [colour, setColour] = useState(record?.colour || defaultColour);
  const [coloured, setColoured] = useState(record ? record.colour !== "" : true);
  const form = useApiForm(`station-${record?.stationId ?? "new"}`, ["name", "colour"] as const);
  const title = record ? `Change station ${record.name}` : "Add a station";

  const save = async () => {
    const body = { name, colour: coloured ? colour : "" };
    onSaved(
      record ? await api.patch<Station>(`/api/admin/stations/${record.stationId}`, body) : await api.post<Station>("/api/admin/stations", body),
    );
  };

  return (
    <form className="form-grid" onSubmit={form.onSubmit(save)} aria-label={title}>
      <h3 className="form-title">{title}</h3>
      <Field form={form} field="name" label="Name" value={name} onChange={setName} required maxLength={40} autoFocus />
      <label className="inline-label">
        <input type="checkbox" checked={coloured} onChange={(e) => setColoured(e.target.checked)} />
        Coloured tickets
      </label>
      {coloured && <Field form={form} field="colour" label="Colour" type="color" value={colour} onChange={setColour} />}
      {!coloured && form.hint("colour")}
      <FormButtons form={form} submitLabel={record ? "Save station" : "Add station"} onCancel={onCancel} />
    </form>
  );
}

/** A station's colour as a small swatch beside its name. */
export function Swatch({ colour }: { colour: string }) {
  return colour ? <span className="swatch" style={{ background: colour }} aria-label={`colour ${colour}`} /> : null;
}
