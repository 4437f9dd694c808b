// A dish's form: name, description, price, category, the station its
// tickets go to, its default course, its prep time (for fire by prep time:
// docs/kitchen.md "Stations and courses"), the 14 allergens, tags, the modifier
// groups a waiter chooses from (in the order ticked) and whether it is
// available. New dishes go at the end of their category.

import { useState } from "react";

import type { Api } from "../api";
import { allergens, isAllergen, type Allergen, type Menu, type MenuItem, type Station } from "../catalog";
import { Field, FormButtons, SelectField, useApiForm } from "./form-kit";
import { choiceRule, courseLabel, courses, parseTags } from "./menu-admin";

const fields = ["name", "description", "price", "categoryId", "stationId", "course", "prepMinutes", "allergens", "tags", "modifierGroupIds", "available"] as const;

/** A select's value for an id that may be missing: "" is none. */
const idValue = (id: number | null | undefined) => (id == null ? "" : String(id));
const idOf = (value: string) => (value === "" ? null : Number(value));

export function MenuItemForm({
  api,
  record,
  menu,
  stations,
  onSaved,
  onCancel,
}: {
  api: Api;
  record: MenuItem | null;
  menu: Menu;
  stations: readonly Station[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(record?.name ?? "");
  const [description, setDescription] = useState(record?.description ?? "");
  const [price, setPrice] = useState(record ? String(record.price) : "");
  const [categoryId, setCategoryId] = useState(idValue(record ? record.categoryId : menu.categories[0]?.categoryId));
  const [stationId, setStationId] = useState(idValue(record?.stationId));
  const [course, setCourse] = useState(String(record?.course ?? 2));
  // "" or 0: not given (the dish goes at once, whatever the others take).
  const [prepMinutes, setPrepMinutes] = useState(record?.prepMinutes ? String(record.prepMinutes) : "");
  const [ticked, setTicked] = useState<ReadonlySet<Allergen>>(new Set((record?.allergens ?? []).filter(isAllergen)));
  const [tags, setTags] = useState((record?.tags ?? []).join(" "));
  const [groupIds, setGroupIds] = useState<number[]>(record?.modifierGroups.map((g) => g.modifierGroupId) ?? []);
  const [available, setAvailable] = useState(record?.available ?? true);
  const form = useApiForm(`item-${record?.menuItemId ?? "new"}`, fields);
  const title = record ? `Change ${record.name}` : "Add a dish";

  const toggleAllergen = (code: Allergen, on: boolean) =>
    setTicked((all) => {
      const next = new Set(all);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });
  const toggleGroup = (id: number, on: boolean) => setGroupIds((all) => (on ? [...all.filter((g) => g !== id), id] : all.filter((g) => g !== id)));

  const save = async () => {
    const body = {
      name,
      description,
      price: Number(price),
      categoryId: idOf(categoryId),
      stationId: idOf(stationId),
      course: Number(course),
      prepMinutes: Number(prepMinutes || 0),
      allergens: allergens.map(([code]) => code).filter((code) => ticked.has(code)),
      tags: parseTags(tags),
      modifierGroupIds: groupIds,
      available,
    };
    if (record) {
      await api.patch(`/api/admin/menu/items/${record.menuItemId}`, body);
    } else {
      // A new dish leaves out what it has none of rather than sending null.
      const { categoryId: category, stationId: station, ...rest } = body;
      await api.post("/api/admin/menu/items", { ...rest, ...(category ? { categoryId: category } : {}), ...(station ? { stationId: station } : {}) });
    }
    onSaved();
  };

  return (
    <form className="form-grid item-form" onSubmit={form.onSubmit(save)} aria-label={title}>
      <h3 className="form-title">{title}</h3>
      <Field form={form} field="name" label="Dish name" value={name} onChange={setName} required maxLength={80} autoFocus />
      <Field form={form} field="price" label="Price" type="number" min={0} step="0.01" inputMode="decimal" value={price} onChange={setPrice} required />
      <SelectField
        form={form}
        field="categoryId"
        label="Category"
        value={categoryId}
        onChange={setCategoryId}
        choices={[["", "No category"], ...menu.categories.map((c) => [c.categoryId, c.name] as const)]}
      />
      <SelectField
        form={form}
        field="stationId"
        label="Station"
        value={stationId}
        onChange={setStationId}
        choices={[["", "The whole kitchen"], ...stations.map((s) => [s.stationId, s.name] as const)]}
      />
      <SelectField form={form} field="course" label="Course" value={course} onChange={setCourse} choices={courses.map((c) => [c, courseLabel(c)] as const)} />
      <Field form={form} field="prepMinutes" label="Prep time (min)" type="number" min={0} max={240} step={1} inputMode="numeric" value={prepMinutes} onChange={setPrepMinutes} placeholder="not given" />
      <label className="wide">
        Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={500} aria-describedby={form.describedBy("description")} />
        {form.hint("description")}
      </label>
      <fieldset className="wide check-grid" aria-describedby={form.describedBy("allergens")}>
        <legend>Allergens</legend>
        {allergens.map(([code, label]) => (
          <label key={code} className="check">
            <input type="checkbox" checked={ticked.has(code)} onChange={(e) => toggleAllergen(code, e.target.checked)} />
            {label}
          </label>
        ))}
        {form.hint("allergens")}
      </fieldset>
      <fieldset className="wide check-grid" aria-describedby={form.describedBy("modifierGroupIds")}>
        <legend>Modifier groups</legend>
        {menu.modifierGroups.length === 0 && <p className="muted">No modifier group yet: add one under Modifier groups.</p>}
        {menu.modifierGroups.map((group) => (
          <label key={group.modifierGroupId} className="check">
            <input type="checkbox" checked={groupIds.includes(group.modifierGroupId)} onChange={(e) => toggleGroup(group.modifierGroupId, e.target.checked)} />
            {group.name} <span className="muted small">({choiceRule(group)})</span>
          </label>
        ))}
        {form.hint("modifierGroupIds")}
      </fieldset>
      <Field form={form} field="tags" label="Tags (separated by spaces)" value={tags} onChange={setTags} autoCapitalize="none" />
      <label className="check">
        <input type="checkbox" checked={available} onChange={(e) => setAvailable(e.target.checked)} aria-describedby={form.describedBy("available")} />
        Available (not sold out)
      </label>
      <FormButtons form={form} submitLabel={record ? "Save dish" : "Add dish"} onCancel={onCancel} />
    </form>
  );
}
