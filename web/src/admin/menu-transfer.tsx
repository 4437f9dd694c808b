// The whole menu in and out as a file: download it as JSON or CSV, or upload
// one. An import is checked whole and applied in one go: when the server
// refuses it (400 invalid_menu) every error it lists is shown, by line (CSV)
// or path (JSON), and nothing has changed; when it applies it, the counts.

import { useState, type FormEvent } from "react";

import { ApiError, saveFile, type Api } from "../api";
import { messageOf } from "./back-office";
import { Alert, Done } from "./form-kit";
import { contentTypeOf, importErrorsOf, type ImportCounts, type ImportError, type ImportMode } from "./menu-admin";

function countsSentence({ categories: c, modifierGroups: g, items: i }: ImportCounts): string {
  return (
    `Imported. Dishes: ${i.created} added, ${i.updated} updated, ${i.archived} archived. ` +
    `Categories: ${c.created} added, ${c.updated} updated. Modifier groups: ${g.created} added, ${g.updated} updated.`
  );
}

export function MenuTransfer({ api, onImported }: { api: Api; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>("merge");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<ImportError[]>([]);

  async function download(format: "json" | "csv") {
    setError(null);
    try {
      const { blob, filename } = await api.download(`/api/admin/menu/export?format=${format}`);
      saveFile(blob, filename ?? `menu.${format}`);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setDone(null);
    setError(null);
    setErrors([]);
    try {
      const counts = await api.postText<ImportCounts>(`/api/admin/menu/import?mode=${mode}`, await file.text(), contentTypeOf(file));
      setDone(countsSentence(counts));
      onImported();
    } catch (e) {
      setError(`${file.name} was not imported, nothing was changed: ${messageOf(e)}`);
      setErrors(e instanceof ApiError ? importErrorsOf(e.details) : []);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-label="Import and export">
      <h2>Import and export</h2>
      <div className="actions">
        <button type="button" onClick={() => void download("json")}>
          Download JSON
        </button>
        <button type="button" onClick={() => void download("csv")}>
          Download CSV
        </button>
      </div>
      <form className="form-grid" onSubmit={upload} aria-label="Import a menu">
        <label>
          Menu file (JSON or CSV)
          <input type="file" accept=".json,.csv,application/json,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </label>
        <fieldset className="radio-group">
          <legend>Dishes not in the file</legend>
          <label className="check">
            <input type="radio" name="import-mode" checked={mode === "merge"} onChange={() => setMode("merge")} />
            Keep them (merge)
          </label>
          <label className="check">
            <input type="radio" name="import-mode" checked={mode === "replace"} onChange={() => setMode("replace")} />
            Archive them (replace)
          </label>
        </fieldset>
        <button type="submit" className="primary" disabled={busy || !file}>
          Import
        </button>
      </form>
      <Done>{done}</Done>
      <Alert>{error}</Alert>
      {errors.length > 0 && (
        <table className="import-errors" data-testid="import-errors">
          <caption className="muted">
            {errors.length === 1 ? "1 error" : `${errors.length} errors`} to fix in the file
          </caption>
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Field</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, index) => (
              <tr key={index}>
                <td>{e.line !== undefined ? `Line ${e.line}` : (e.path ?? "")}</td>
                <td>{e.field ?? ""}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
