// A modifier group's form: its name, how many options a waiter picks (at
// least `minChoices`, at most `maxChoices`; a minimum of 1 or more makes the
// choice required) and its options with their price changes. Saving sends
// the whole option list; an option keeps its id, so orders that chose it
// still name it.

import { useState } from "react";

import type { Api } from "../api";
import type { ModifierGroup } from "../catalog";
import { Field, FormButtons, useApiForm } from "./form-kit";
import { choiceRule } from "./menu-admin";

interface OptionDraft {
  optionId?: number;
  name: string;
  priceDelta: string;
  /** Keeps React's rows apart while options are added and removed. */
  key: number;
}

let nextKey = 1;
const blankOption = (): OptionDraft => ({ name: "", priceDelta: "0", key: nextKey++ });

export function ModifierGroupForm({
  api,
  record,
  onSaved,
  onCancel,
}: {
  api: Api;
  record: ModifierGroup | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(record?.name ?? "");
  const [minChoices, setMin] = useState(String(record?.minChoices ?? 0));
  const [maxChoices, setMax] = useState(String(record?.maxChoices ?? 1));
  const [options, setOptions] = useState<OptionDraft[]>(() =>
    record ? record.options.map((o) => ({ optionId: o.optionId, name: o.name, priceDelta: String(o.priceDelta), key: nextKey++ })) : [blankOption()],
  );
  const form = useApiForm(`group-${record?.modifierGroupId ?? "new"}`, ["name", "minChoices", "maxChoices", "options"] as const);
  const title = record ? `Change ${record.name}` : "Add a modifier group";

  const change = (key: number, patch: Partial<OptionDraft>) => setOptions((all) => all.map((o) => (o.key === key ? { ...o, ...patch } : o)));

  const save = async () => {
    const body = {
      name,
      minChoices: Number(minChoices),
      maxChoices: Number(maxChoices),
      options: options.map(({ optionId, name, priceDelta }) => ({ ...(optionId ? { optionId } : {}), name, priceDelta: Number(priceDelta) })),
    };
    if (record) await api.patch(`/api/admin/menu/modifier-groups/${record.modifierGroupId}`, body);
    else await api.post("/api/admin/menu/modifier-groups", body);
    onSaved();
  };

  return (
    <form className="form-grid" onSubmit={form.onSubmit(save)} aria-label={title}>
      <h3 className="form-title">{title}</h3>
      <Field form={form} field="name" label="Group name" value={name} onChange={setName} required maxLength={80} autoFocus />
      <Field form={form} field="minChoices" label="At least" type="number" min={0} max={20} value={minChoices} onChange={setMin} required />
      <Field form={form} field="maxChoices" label="At most" type="number" min={1} max={20} value={maxChoices} onChange={setMax} required />
      <p className="muted wide" data-testid="choice-rule">
        Waiters {choiceRule({ minChoices: Number(minChoices), maxChoices: Number(maxChoices) })}
        {Number(minChoices) >= 1 ? ": the order cannot be sent without it." : "."}
      </p>
      <fieldset className="wide option-list" aria-describedby={form.describedBy("options")}>
        <legend>Options</legend>
        {options.map((option, index) => (
          <div className="option-row" key={option.key}>
            <label>
              Option {index + 1}
              <input value={option.name} onChange={(e) => change(option.key, { name: e.target.value })} required maxLength={80} />
            </label>
            <label>
              Price change
              <input
                aria-label={`Option ${index + 1} price change`}
                type="number"
                step="0.01"
                inputMode="decimal"
                value={option.priceDelta}
                onChange={(e) => change(option.key, { priceDelta: e.target.value })}
                required
              />
            </label>
            <button type="button" onClick={() => setOptions((all) => all.filter((o) => o.key !== option.key))}>
              Remove option {index + 1}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setOptions((all) => [...all, blankOption()])}>
          Add option
        </button>
        {form.hint("options")}
      </fieldset>
      <FormButtons form={form} submitLabel={record ? "Save group" : "Add group"} onCancel={onCancel} />
    </form>
  );
}
