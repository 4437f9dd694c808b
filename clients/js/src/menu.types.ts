// The menu as GET /api/menu answers it, and the details an order line is
// taken with (modifiers, seat, course) in POST /api/orders and
// POST /api/orders/{id}/items. Money is a decimal JS number (1.5 = 1.50).

/** The 14 allergens of EU regulation 1169/2011, in their display order. */
export const ALLERGEN_CODES = [
  "gluten",
  "crustaceans",
  "eggs",
  "fish",
  "peanuts",
  "soybeans",
  "milk",
  "nuts",
  "celery",
  "mustard",
  "sesame",
  "sulphites",
  "lupin",
  "molluscs",
] as const;

export type AllergenCode = (typeof ALLERGEN_CODES)[number];

/** One choice of a modifier group, e.g. "cheese" at +1.50. */
export interface ModifierOption {
  optionId: number;
  name: string;
  /** Added to the item's price for each unit ordered; may be negative or 0. */
  priceDelta: number;
}

/** A set of choices offered with a dish, e.g. "Cooking" (pick exactly 1) or "Extras" (0 to 3). */
export interface ModifierGroup {
  modifierGroupId: number;
  name: string;
  minChoices: number;
  maxChoices: number;
  /** At least one choice must be made (minChoices ≥ 1). */
  required: boolean;
  options: ModifierOption[];
}

export interface MenuCategory {
  categoryId: number;
  name: string;
  position: number;
}

/** One dish of GET /api/menu `menu`. */
export interface MenuItem {
  menuItemId: number;
  name: string;
  /** The base price, before modifiers. */
  price: number;
  /** The category's name, "" when none. */
  category: string;
  /** The default station, or null. */
  stationId: number | null;
  /** False while the dish is sold out (86). */
  available: boolean;
  categoryId: number | null;
  description: string;
  /** The default course, 1..5 (1 starters, 2 mains, 3 desserts). */
  course: number;
  /** Minutes to cook, 0..240 (0: not given); with fire by prep time the quicker dishes of a course wait. */
  prepMinutes: number;
  /** A newer server's codes still type-check. */
  allergens: (AllergenCode | (string & {}))[];
  tags: string[];
  /** Order within its category. */
  position: number;
  /** The groups offered with the dish, in order. */
  modifierGroups: ModifierGroup[];
}

/** GET /api/menu: dishes ordered by category position, item position, then id; items without category last. */
export interface MenuResponse {
  menu: MenuItem[];
  categories: MenuCategory[];
  /** Every group of the restaurant, attached to a dish or not. */
  modifierGroups: ModifierGroup[];
  currency: string;
}

/** One line of POST /api/orders `items` (and POST /api/orders/{id}/items). */
export interface OrderLineRequest {
  menuItemId: number;
  quantity: number;
  notes?: string;
  /** The options chosen: each group of the dish between its minChoices and maxChoices. */
  modifiers?: { optionId: number }[];
  /** 1..100; absent or null: the table, shared. */
  seat?: number | null;
  /** 1..5; absent: the dish's course. */
  course?: number;
}

/** A modifier as an order line carries it: copied when ordered, never changed by later menu edits. */
export interface OrderItemModifier {
  optionId: number;
  /** The group's name, e.g. "Cooking". */
  group: string;
  name: string;
  priceDelta: number;
}
