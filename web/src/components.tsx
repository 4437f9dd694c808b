// Small parts every app shares: the connection banner, the page header,
// status badges, and time formatting.

import { useEffect, useState, type ReactNode } from "react";

import type { LiveStatus } from "./live";
import { navigate } from "./navigation";

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** "20:14": when something will happen today, to the minute. */
export function hourMinute(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/**
 * The current time, read at every render, and a render every `intervalMs`: for timers and
 * "since" labels. A render for new data (an event, applied within milliseconds of its change)
 * counts from then, not from the last tick: "starts in 7 min" the moment a 7-minute wait begins.
 */
export function useNow(intervalMs = 1000): number {
  const [, setTicks] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTicks((ticks) => ticks + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return Date.now();
}

/** "Live", "Reconnected", "Reconnecting…", "Offline since 21:04:12": always visible, announced to screen readers. */
export function ConnectionBanner({ status }: { status: LiveStatus }) {
  const { state, offlineSince } = status;
  let tone = "ok";
  let text = status.reconnected ? "Reconnected" : "Live";
  if (state === "idle" || state === "connecting" || (state === "connected" && !status.live)) {
    tone = "pending";
    text = "Connecting…";
  } else if (state === "reconnecting") {
    tone = "warn";
    text = offlineSince ? `Reconnecting… offline since ${clockTime(offlineSince)}` : "Reconnecting…";
  } else if (state === "lost" || state === "disconnected") {
    tone = "bad";
    text = offlineSince ? `Offline since ${clockTime(offlineSince)}, retrying` : "Offline, retrying";
  }
  return (
    <div className={`banner banner-${tone}`} role="status" aria-live="polite" data-testid="connection-banner" data-state={status.live ? "live" : state} data-reconnected={status.live && status.reconnected ? "true" : undefined}>
      <span className="banner-dot" aria-hidden="true" />
      {text}
    </div>
  );
}

export function AppHeader({
  title,
  who,
  status,
  onLogout,
  children,
}: {
  title: string;
  who: string;
  status: LiveStatus;
  onLogout: () => void;
  children?: ReactNode;
}) {
  return (
    <header className="app-header">
      <h1>{title}</h1>
      <div className="header-middle">{children}</div>
      <ConnectionBanner status={status} />
      <span className="who">{who}</span>
      <button type="button" className="quiet" onClick={onLogout}>
        Log out
      </button>
    </header>
  );
}

const statusLabels: Record<string, string> = {
  pending: "Received",
  confirmed: "Sent to kitchen",
  acknowledged: "Acknowledged",
  preparing: "Preparing",
  ready: "Ready",
  served: "Served",
  completed: "Closed",
  cancelled: "Cancelled",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{statusLabels[status] ?? status}</span>;
}

/** A message that disappears after a while; `tone` colours it. */
export interface Toast {
  id: number;
  text: string;
  tone: "info" | "ready" | "error";
}

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`} role="alert">
          <span>{toast.text}</span>
          <button type="button" className="quiet" aria-label="Dismiss" onClick={() => onDismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

let nextToastId = 1;

/** Toast state: `show(text, tone)` adds one that goes away after `ttlMs`. */
export function useToasts(ttlMs = 8000) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = (id: number) => setToasts((all) => all.filter((t) => t.id !== id));
  const show = (text: string, tone: Toast["tone"] = "info") => {
    const id = nextToastId++;
    setToasts((all) => [...all, { id, text, tone }]);
    setTimeout(() => dismiss(id), ttlMs);
  };
  return { toasts, show, dismiss };
}

/** Plays a short sound from /sounds; browsers may refuse before the first tap, which is fine. */
export function playSound(name: "order-ready" | "new-ticket"): void {
  const audio = new Audio(`/sounds/${name}.wav`);
  audio.play().catch(() => {});
}

export function money(amount: number): string {
  return amount.toFixed(2);
}

const managerApps: readonly (readonly [path: string, label: string])[] = [
  ["/waiter", "Waiter"],
  ["/kitchen", "Kitchen"],
  ["/screens", "Screens"],
  ["/staff", "Staff"],
  ["/floor", "Tables & stations"],
  ["/menu", "Menu"],
  ["/settings", "Kitchen settings"],
  ["/audit", "Audit log"],
  ["/dashboard", "Dashboard"],
  ["/speed", "Speed of service"],
];

/** A manager's way to the other apps: every one but the current. */
export function ManagerNav({ current }: { current: string }) {
  return (
    <nav className="manager-nav" aria-label="Apps">
      {managerApps
        .filter(([path]) => path !== current)
        .map(([path, label]) => (
          <button key={path} type="button" className="quiet" onClick={() => navigate(path)}>
            {label}
          </button>
        ))}
    </nav>
  );
}

/** The header of a manager-only page: its title, the way to the other apps, who is signed in. */
export function ManagerHeader({ title, current, who, onLogout }: { title: string; current: string; who: string; onLogout: () => void }) {
  return (
    <header className="app-header">
      <h1>{title}</h1>
      <div className="header-middle">
        <ManagerNav current={current} />
      </div>
      <span className="who">{who}</span>
      <button type="button" className="quiet" onClick={onLogout}>
        Log out
      </button>
    </header>
  );
}
