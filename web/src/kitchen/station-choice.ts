// Which station a kitchen screen shows: `/kitchen?station=grill` (a name, any
// case, or an id), or the station the screen chose last (kept, so a paired
// screen stays the grill's after a power cut); none for the whole kitchen.

import { useEffect, useState } from "react";

import type { Station } from "../catalog";
import { navigate } from "../navigation";
import { loadJson } from "./stored";

const stationKey = "brigade.kitchen.station";

function findStation(stations: Station[], wanted: string): Station | undefined {
  const name = wanted.trim().toLowerCase();
  return stations.find((s) => s.name.toLowerCase() === name) ?? (/^\d+$/.test(name) ? stations.find((s) => s.stationId === Number(name)) : undefined);
}

export interface StationChoice {
  /** The chosen station, once the stations are known; null for the whole kitchen. */
  station: Station | null;
  /** A station was asked for and the stations are not loaded yet. */
  resolving: boolean;
  /** A station was asked for that the restaurant does not have. */
  unknown: string | null;
  choose: (station: Station | null) => void;
}

/** `loaded`: whether `stations` holds the restaurant's stations yet. */
export function useStationChoice(stations: Station[], loaded: boolean): StationChoice {
  const [wanted, setWanted] = useState<string | null>(
    () => new URLSearchParams(window.location.search).get("station") ?? loadJson<string | null>(stationKey, null),
  );
  const station = wanted === null ? undefined : findStation(stations, wanted);
  // A screen opened on a station's link keeps it.
  const keep = station === undefined ? null : String(station.stationId);
  useEffect(() => {
    if (keep !== null) localStorage.setItem(stationKey, JSON.stringify(keep));
  }, [keep]);
  const choose = (next: Station | null) => {
    setWanted(next === null ? null : String(next.stationId));
    if (next === null) localStorage.removeItem(stationKey);
    navigate(next === null ? "/kitchen" : `/kitchen?station=${encodeURIComponent(next.name)}`, { replace: true });
  };
  return {
    station: station ?? null,
    resolving: wanted !== null && !loaded,
    unknown: wanted !== null && loaded && !station ? wanted : null,
    choose,
  };
}
