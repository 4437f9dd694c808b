// /menu, for managers: the menu editor. Categories (in the order the waiters
// see them), modifier groups, dishes, and the whole menu as a file. Every
// change is sent at once and the menu is read again, so what is shown is
// what waiters get from GET /api/menu.

import { useCallback, useEffect, useMemo, useState } from "react";

import { apiFor, type Api } from "../api";
import { allergenLabel, type Menu, type MenuCategory, type Station } from "../catalog";
import { ManagerHeader, money } from "../components";
import type { Session } from "../session";
import { listStations, messageOf } from "./back-office";
import { CategoryForm } from "./category-form";
import { Alert } from "./form-kit";
import { choiceRule, courseLabel, loadMenu, priceDelta } from "./menu-admin";
import { MenuItemForm } from "./menu-item-form";
import { MenuTransfer } from "./menu-transfer";
import { ModifierGroupForm } from "./modifier-group-form";
import { RecordList } from "./record-list";


/** Moves `category` one place up (-1) or down (+1): every category whose place changes gets its new position. */
async function moveCategory(api: Api, categories: readonly MenuCategory[], category: MenuCategory, by: -1 | 1) {
  const order = [...categories].sort((a, b) => a.position - b.position);
  const from = order.indexOf(category);
  const to = from + by;
  if (to < 0 || to >= order.length) return;
  [order[from], order[to]] = [order[to]!, order[from]!];
  for (const [position, c] of order.entries()) {
    if (c.position !== position) await api.patch(`/api/admin/menu/categories/${c.categoryId}`, { position });
  }
}

export function MenuPage({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const api = useMemo(() => apiFor(session.token), [session.token]);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [stations, setStations] = useState<Station[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      loadMenu(api).then(
        (answer) => setMenu(answer),
        (e: unknown) => setError(messageOf(e)),
      ),
    [api],
  );
  useEffect(() => {
    void reload();
    listStations(api).then(setStations, (e: unknown) => setError(messageOf(e)));
  }, [api, reload]);

  const categories = menu ? [...menu.categories].sort((a, b) => a.position - b.position) : null;
  const stationName = (id: number | null) => stations.find((s) => s.stationId === id)?.name;
  const currency = menu?.currency ?? "";

  return (
    <main className="admin-page">
      <ManagerHeader title="Menu" current="/menu" who={session.name} onLogout={onLogout} />
      <Alert>{error}</Alert>
      <RecordList
        title="Categories"
        addLabel="Add a category"
        records={categories}
        idOf={(c) => c.categoryId}
        nameOf={(c) => c.name}
        summary={(c) => <strong>{c.name}</strong>}
        editor={(category, close) => (
          <CategoryForm api={api} record={category} position={categories?.length ?? 0} onCancel={close} onSaved={() => { close(); void reload(); }} />
        )}
        extraActions={(c, fail) =>
          (["up", "down"] as const).map((way) => (
            <button
              key={way}
              type="button"
              disabled={categories?.[way === "up" ? 0 : categories.length - 1] === c}
              onClick={() => moveCategory(api, categories ?? [], c, way === "up" ? -1 : 1).catch(fail).finally(reload)}
            >
              Move {c.name} {way}
            </button>
          ))
        }
        deleteWarning={(c) => `The category ${c.name} will be deleted. Only an empty category can be: move or delete its dishes first.`}
        onDelete={async (c) => {
          await api.delete(`/api/admin/menu/categories/${c.categoryId}`);
          await reload();
        }}
        empty="No category yet: dishes are listed together."
        testId="category"
      />
      <RecordList
        title="Modifier groups"
        addLabel="Add a modifier group"
        records={menu?.modifierGroups ?? null}
        idOf={(g) => g.modifierGroupId}
        nameOf={(g) => g.name}
        summary={(g) => (
          <>
            <strong>{g.name}</strong>
            <span className={g.required ? "badge badge-preparing" : "badge"}>{choiceRule(g)}</span>
            <span>{g.options.map((o) => (o.priceDelta ? `${o.name} ${priceDelta(o.priceDelta)}` : o.name)).join(" · ")}</span>
          </>
        )}
        editor={(group, close) => <ModifierGroupForm api={api} record={group} onCancel={close} onSaved={() => { close(); void reload(); }} />}
        deleteWarning={(g) => `The group ${g.name} will be deleted. A group still attached to a dish cannot be: take it off the dishes first.`}
        onDelete={async (g) => {
          await api.delete(`/api/admin/menu/modifier-groups/${g.modifierGroupId}`);
          await reload();
        }}
        empty="No modifier group yet (e.g. Cooking: rare, medium, well done)."
        testId="group"
      />
      <RecordList
        title="Dishes"
        addLabel="Add a dish"
        records={menu?.menu ?? null}
        idOf={(i) => i.menuItemId}
        nameOf={(i) => i.name}
        summary={(i) => (
          <>
            <strong>{i.name}</strong>
            <span>
              {money(i.price)} {currency}
            </span>
            {i.category && <span className="badge">{i.category}</span>}
            <span className="muted">{courseLabel(i.course)}</span>
            {i.prepMinutes > 0 && <span className="muted">{i.prepMinutes} min to cook</span>}
            {stationName(i.stationId) && <span className="muted">to {stationName(i.stationId)}</span>}
            {!i.available && <span className="badge badge-cancelled">Sold out</span>}
            {i.description && <span className="wide muted">{i.description}</span>}
            {i.allergens.length > 0 && <span className="wide">Allergens: {i.allergens.map(allergenLabel).join(", ")}</span>}
            {i.modifierGroups.length > 0 && <span className="wide">Choices: {i.modifierGroups.map((g) => `${g.name} (${choiceRule(g)})`).join(", ")}</span>}
            {i.tags.length > 0 && <span className="wide muted">Tags: {i.tags.join(", ")}</span>}
          </>
        )}
        editor={(item, close) =>
          menu && <MenuItemForm api={api} record={item} menu={menu} stations={stations} onCancel={close} onSaved={() => { close(); void reload(); }} />
        }
        deleteWarning={(i) => `${i.name} will leave the menu. Orders already taken keep it.`}
        onDelete={async (i) => {
          await api.delete(`/api/admin/menu/items/${i.menuItemId}`);
          await reload();
        }}
        empty="No dish yet."
        testId="dish"
      />
      <MenuTransfer api={api} onImported={() => void reload()} />
    </main>
  );
}
