// The restaurant's tables, stations and menu (GET /api/tables, /api/stations, /api/menu).

export interface Table {
  tableId: number;
  name: string;
  seats: number;
}

export interface Station {
  stationId: number;
  name: string;
}

export interface MenuItem {
  menuItemId: number;
  name: string;
  price: number;
  category: string;
  stationId: number | null;
  available: boolean;
}
