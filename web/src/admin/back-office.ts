// The back office's REST resources (docs/api.md "Back office"): the
// restaurant's staff, its paired screens, the audit log, the tables and
// stations it edits, and the kitchen's settings, as the server sends them.
// Managers only; the server answers 403 to anyone else.

import { ApiError, type Api } from "../api";
import type { Station, Table } from "../catalog";

export type StaffRole = "waiter" | "chef" | "manager";
export const staffRoles: readonly StaffRole[] = ["waiter", "chef", "manager"];

export interface StaffMember {
  staffId: number;
  name: string;
  username: string;
  role: StaffRole;
  active: boolean;
}

export interface PairedScreen {
  deviceId: number;
  name: string;
  role: "kitchen_display" | "table_display";
  tableId: number | null;
  createdBy: number | null;
  createdAt: string;
  revoked: boolean;
  revokedAt: string | null;
}

export interface AuditEntry {
  auditId: number;
  at: string;
  actor: { kind: "staff" | "device" | "operator"; id: number | null; name: string };
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntry[];
  next: number | null;
}

/** The kitchen's settings (GET|PATCH /api/admin/settings). */
export interface KitchenSettings {
  /** 0: off (only the waiter fires a held course); else a held course fires that many minutes after the previous one. */
  autoFireMinutes: number;
  /** A ticket slower than this from receipt to ready is late. */
  ticketTargetMinutes: number;
  /** A fired course's quicker dishes wait for their turn, so that the course finishes together. */
  fireByPrepTime: boolean;
}

export const listStaff = (api: Api) => api.get<{ staff: StaffMember[] }>("/api/admin/staff").then((a) => a.staff);
export const listScreens = (api: Api) => api.get<{ screens: PairedScreen[] }>("/api/admin/screens").then((a) => a.screens);
export const listTables = (api: Api) => api.get<{ tables: Table[] }>("/api/tables").then((a) => a.tables);
export const listStations = (api: Api) => api.get<{ stations: Station[] }>("/api/stations").then((a) => a.stations);
export const readSettings = (api: Api) => api.get<KitchenSettings>("/api/admin/settings");
export const readAudit = (api: Api, before: number | null, limit = 50) =>
  api.get<AuditPage>(`/api/admin/audit?limit=${limit}${before ? `&before=${before}` : ""}`);

/** What went wrong, for a message: the server's words when it sent some. */
export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

/** When something happened, for a list a manager reads: "26 Nov, 18:04". */
export function shortDateTime(iso: string): string {
  return new Date(iso).toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}
