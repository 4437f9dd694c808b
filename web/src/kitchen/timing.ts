// How old a ticket (or a station's part of it) is, and the colour that age
// earns against the screen's thresholds (yellow, then red).

export interface AgeThresholds {
  warnMinutes: number;
  lateMinutes: number;
}

/** Where a screen keeps its thresholds (Timers), and the kitchen's defaults. */
export const thresholdsKey = "brigade.kitchen.thresholds";
export const defaultThresholds: AgeThresholds = { warnMinutes: 5, lateMinutes: 8 };

export type AgeClass = "fresh" | "warn" | "late";

/** "4:07" since `sinceIso`, and the minutes it stands for. */
export function age(sinceIso: string, now: number): { text: string; minutes: number } {
  const seconds = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 1000));
  const m = Math.floor(seconds / 60);
  return { text: `${m}:${String(seconds % 60).padStart(2, "0")}`, minutes: seconds / 60 };
}

export function ageClass(minutes: number, thresholds: AgeThresholds): AgeClass {
  return minutes >= thresholds.lateMinutes ? "late" : minutes >= thresholds.warnMinutes ? "warn" : "fresh";
}

/** Whole minutes since `sinceIso`: "fry 2 min". */
export function wholeMinutes(sinceIso: string, now: number): number {
  return Math.floor(age(sinceIso, now).minutes);
}
