// The restaurant's tables, stations and menu (GET /api/tables, /api/stations, /api/menu).

export interface Table {
  tableId: number;
  name: string;
  seats: number;
  /** The part of the room, e.g. "Terrace"; "" for none. */
  area: string;
}

export interface Station {
  stationId: number;
  name: string;
  /** "#RRGGBB" for its tickets and badges, or "". */
  colour: string;
}

export interface MenuItem {
  menuItemId: number;
  name: string;
  price: number;
  category: string;
  stationId: number | null;
  available: boolean;
  categoryId: number | null;
  description: string;
  /** The default course, 1 (starters) to 5. */
  course: number;
  allergens: Allergen[];
  tags: string[];
  position: number;
  modifierGroups: ModifierGroup[];
}

export interface MenuCategory {
  categoryId: number;
  name: string;
  position: number;
}

export interface ModifierOption {
  optionId: number;
  name: string;
  priceDelta: number;
}

export interface ModifierGroup {
  modifierGroupId: number;
  name: string;
  minChoices: number;
  maxChoices: number;
  required: boolean;
  options: ModifierOption[];
}

/** GET /api/menu: the dishes in display order, and every category and modifier group. */
export interface Menu {
  menu: MenuItem[];
  categories: MenuCategory[];
  modifierGroups: ModifierGroup[];
  currency: string;
}

/** The 14 allergens of EU regulation 1169/2011, in display order, with their labels. */
export const allergens = [
  ["gluten", "Gluten (cereals)"],
  ["crustaceans", "Crustaceans"],
  ["eggs", "Eggs"],
  ["fish", "Fish"],
  ["peanuts", "Peanuts"],
  ["soybeans", "Soybeans"],
  ["milk", "Milk"],
  ["nuts", "Tree nuts"],
  ["celery", "Celery"],
  ["mustard", "Mustard"],
  ["sesame", "Sesame"],
  ["sulphites", "Sulphites"],
  ["lupin", "Lupin"],
  ["molluscs", "Molluscs"],
] as const;

export type Allergen = (typeof allergens)[number][0];
