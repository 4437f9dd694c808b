// A screen's own settings (timers, station, last bump), kept in localStorage
// so a paired screen keeps them across reloads and power cuts.

import { useCallback, useState } from "react";

export function loadJson<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

function store(key: string, value: unknown): void {
  if (value === null) localStorage.removeItem(key);
  else localStorage.setItem(key, JSON.stringify(value));
}

/** useState kept under `key` (null removes it); a new key reads its own value. */
export function useStoredState<T>(key: string, fallback: T): [T, (next: T | ((previous: T) => T)) => void] {
  const [state, setState] = useState(() => ({ key, value: loadJson(key, fallback) }));
  if (state.key !== key) setState({ key, value: loadJson(key, fallback) });
  const set = useCallback(
    (next: T | ((previous: T) => T)) =>
      setState((previous) => {
        const value = typeof next === "function" ? (next as (previous: T) => T)(previous.value) : next;
        store(previous.key, value);
        return { key: previous.key, value };
      }),
    [],
  );
  return [state.key === key ? state.value : loadJson(key, fallback), set];
}
