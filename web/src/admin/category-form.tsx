// A menu category's form: its name, to add one at the end or rename one.

import { useState } from "react";

import type { Api } from "../api";
import type { MenuCategory } from "../catalog";
import { Field, FormButtons, useApiForm } from "./form-kit";

export function CategoryForm({
  api,
  record,
  position,
  onSaved,
  onCancel,
}: {
  api: Api;
  record: MenuCategory | null;
  /** Where a new category goes: after the others. */
  position: number;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(record?.name ?? "");
  const form = useApiForm(`category-${record?.categoryId ?? "new"}`, ["name"] as const);
  const title = record ? `Rename ${record.name}` : "Add a category";

  const save = async () => {
    if (record) await api.patch(`/api/admin/menu/categories/${record.categoryId}`, { name });
    else await api.post("/api/admin/menu/categories", { name, position });
    onSaved();
  };

  return (
    <form className="form-grid" onSubmit={form.onSubmit(save)} aria-label={title}>
      <h3 className="form-title">{title}</h3>
      <Field form={form} field="name" label="Category name" value={name} onChange={setName} required maxLength={80} autoFocus />
      <FormButtons form={form} submitLabel={record ? "Save name" : "Add category"} onCancel={onCancel} />
    </form>
  );
}
