// An audit entry as a sentence a manager reads: "Morgan Manager changed
// Wanda Lee's role from waiter to chef". The details are the server's
// (docs/api.md "Back office: audit log"): {field: {from, to}} for a change,
// the new member's name, username and role, or the revoked screen's name.

import type { AuditEntry } from "./back-office";

type Change = { from: string; to: string };

const screenKinds: Record<string, string> = { kitchen_display: "kitchen display", table_display: "table display" };

/** The kitchen settings' fields (docs/api.md), as the settings page names them. */
const settingNames: Record<string, string> = {
  autoFireMinutes: "auto-fire minutes",
  fireByPrepTime: "fire by prep time",
  ticketTargetMinutes: "ticket target minutes",
};

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function changeOf(details: Record<string, unknown>, field: string): Change | null {
  const value = details[field] as Partial<Change> | undefined;
  return value && typeof value === "object" ? { from: text(value.from), to: text(value.to) } : null;
}

/** `staffNames` maps staff ids to their current names, for subjects like "staff:7". */
export function auditSentence(entry: AuditEntry, staffNames: ReadonlyMap<number, string>): string {
  const { actor, action, subject, details } = entry;
  const staffId = subject.startsWith("staff:") ? Number(subject.slice("staff:".length)) : null;
  const rename = changeOf(details, "name");
  // The member as they were called when it happened, if the entry says so.
  const who = rename?.from || (staffId !== null ? staffNames.get(staffId) : undefined) || text(details.name) || subject;

  switch (action) {
    case "staff.created":
      return `${actor.name} added ${text(details.name)} (${text(details.username)}) as a ${text(details.role)}`;
    case "staff.deactivated":
    case "staff.reactivated":
    case "staff.updated": {
      // Told from the details, not the action: the server names an entry
      // after the member's state, so a role change of a deactivated member
      // is also a "staff.deactivated".
      const parts: string[] = [];
      const active = changeOf(details, "active");
      if (active) parts.push(`${active.to === "true" ? "reactivated" : "deactivated"} ${who}`);
      if (rename) parts.push(`renamed ${rename.from} to ${rename.to}`);
      const role = changeOf(details, "role");
      if (role) parts.push(`changed ${rename ? rename.to : who}'s role from ${role.from} to ${role.to}`);
      return `${actor.name} ${parts.length ? parts.join(" and ") : `changed ${who}`}`;
    }
    case "staff.password_reset":
      return `${actor.name} reset ${who}'s password`;
    case "settings.updated": {
      const changes = Object.keys(settingNames)
        .map((field) => [settingNames[field], changeOf(details, field)] as const)
        .filter(([, change]) => change !== null)
        .map(([name, change]) => `${name} from ${change!.from} to ${change!.to}`);
      return `${actor.name} changed the kitchen settings${changes.length ? `: ${changes.join(", ")}` : ""}`;
    }
    case "screen.revoked":
      return `${actor.name} revoked the ${screenKinds[text(details.role)] ?? "screen"} "${text(details.name)}"`;
    default:
      return `${actor.name}: ${action} ${subject}`;
  }
}
