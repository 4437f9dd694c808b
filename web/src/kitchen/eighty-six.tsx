// The kitchen's 86 board: a chef or a manager marks a dish sold out, or back
// on the menu (PATCH /api/menu/items/{id}); every waiter's composer and every
// kitchen screen hear menu:item_availability at once (docs/apps.md).

import type { MenuItem } from "../catalog";

export function EightySixBoard({ menu, onSet }: { menu: MenuItem[]; onSet: (item: MenuItem, available: boolean) => void }) {
  return (
    <section className="eighty-six" aria-label="Sold out (86)">
      <h2>Sold out (86)</h2>
      <ul>
        {menu.map((item) => (
          <li key={item.menuItemId} className={item.available ? "" : "sold-out"} data-testid={`86-${item.menuItemId}`}>
            <span>{item.name}</span>
            <button type="button" aria-label={item.available ? `86 ${item.name}` : `Back on: ${item.name}`} onClick={() => onSet(item, !item.available)}>
              {item.available ? "86" : "Back on"}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
