// The restaurant's tables, stations and menu (GET /api/tables, /api/stations, /api/menu).

import { ALLERGEN_CODES, type AllergenCode } from "@brigade/client";

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

// The menu's shapes are the client library's (@brigade/client), so the apps
// and third-party clients read the same wire form.
export type {
  MenuCategory,
  MenuItem,
  MenuResponse as Menu,
  ModifierGroup,
  ModifierOption,
} from "@brigade/client";

export type Allergen = AllergenCode;

const allergenLabels: Record<AllergenCode, string> = {
  gluten: "Gluten (cereals)",
  crustaceans: "Crustaceans",
  eggs: "Eggs",
  fish: "Fish",
  peanuts: "Peanuts",
  soybeans: "Soybeans",
  milk: "Milk",
  nuts: "Tree nuts",
  celery: "Celery",
  mustard: "Mustard",
  sesame: "Sesame",
  sulphites: "Sulphites",
  lupin: "Lupin",
  molluscs: "Molluscs",
};

/** The 14 allergens of EU regulation 1169/2011, in display order, with their labels. */
export const allergens = ALLERGEN_CODES.map((code) => [code, allergenLabels[code]] as const);

/** Whether a code from the server is one of the 14 this app knows. */
export const isAllergen = (code: string): code is Allergen => code in allergenLabels;

/** The English label of an allergen code (a code this app does not know shows as itself). */
export function allergenLabel(code: string): string {
  return isAllergen(code) ? allergenLabels[code] : code;
}
