// Client-side navigation between the few pages, on the History API: the
// server answers index.html for any app path, so a reload lands on the same
// page.

import { useEffect, useState } from "react";

const listeners = new Set<() => void>();

export function navigate(path: string, { replace = false } = {}): void {
  if (replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  listeners.forEach((listener) => listener());
}

/** The current path, updated on navigate() and on the browser's back and forward. */
export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return path;
}
