// The speed-of-service report (docs/api.md "Speed of service"): what the
// server answers, how to ask for one day of it, and how to show its times.

import type { Api } from "../api";

export interface SpeedSummary {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  lateShare: number;
}

export interface SpeedGroup extends SpeedSummary {
  key: string;
  name: string;
}

export interface SpeedReport {
  from: string;
  to: string;
  groupBy: "station" | "hour" | "item";
  stationId: number | null;
  timeZone: string;
  targetMinutes: number;
  groups: SpeedGroup[];
  total: SpeedSummary;
}

/** One station's day: its summary, and its lines by local hour. */
export interface StationDay {
  station: SpeedGroup;
  hours: SpeedGroup[];
}

export interface SpeedDay {
  report: SpeedReport;
  stations: StationDay[];
}

/** The query of one local day (YYYY-MM-DD), or of today in the restaurant's zone when `day` is null. */
export function dayQuery(day: string | null, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(day ? { from: day, to: day, ...extra } : extra);
  return `/api/reports/speed-of-service?${params.toString()}`;
}

/** The day's report by station, then each station's lines by hour. */
export async function loadSpeedDay(api: Api, day: string | null): Promise<SpeedDay> {
  const report = await api.get<SpeedReport>(dayQuery(day));
  const stations = await Promise.all(
    report.groups.map(async (station) => {
      const byHour = await api.get<SpeedReport>(dayQuery(day, { groupBy: "hour", stationId: station.key }));
      return { station, hours: byHour.groups };
    }),
  );
  return { report, stations };
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: string, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));
}

/** 754 → "12:34"; null → "–". */
export function minutesSeconds(seconds: number | null): string {
  if (seconds === null) return "–";
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}
