// The alarm queue's order (docs/alarm-desk.md). Unattended critical alarms handled in real time
// (an SOS, a strap cut) come first, the latest raised on top: a repeat of an old alarm adds to its
// count but never lifts it over a new call for help. Then the other unattended alarms, then the
// open ones being worked, then the closed; within those the higher severity first, then the
// latest activity. Times are compared as instants, never as text.
"use strict";

window.ValvoQueue = (function () {
  const OPEN = new Set(["raised", "acknowledged", "investigating", "reopened"]);
  const UNATTENDED = new Set(["raised", "reopened"]);
  const SEVERITY_RANK = { low: 1, medium: 2, high: 3, critical: 4 };

  // Milliseconds since the epoch of an ISO 8601 time; a missing or unreadable one sorts last.
  const instant = (iso) => {
    const ms = iso ? Date.parse(iso) : NaN;
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  const unattendedCritical = (a) => UNATTENDED.has(a.status) && a.severity === "critical"
    && a.handling !== "review";
  const tier = (a) => (unattendedCritical(a) ? 0 : UNATTENDED.has(a.status) ? 1 : OPEN.has(a.status) ? 2 : 3);
  const newestFirst = (x, y) => (x === y ? 0 : x > y ? -1 : 1);

  function order(a, b) {
    const ta = tier(a);
    const tb = tier(b);
    if (ta !== tb) return ta - tb;
    if (ta === 0) {
      return newestFirst(instant(a.reopened_at || a.raised_at), instant(b.reopened_at || b.raised_at))
        || String(a.id).localeCompare(String(b.id));
    }
    return (SEVERITY_RANK[b.severity] || 0) - (SEVERITY_RANK[a.severity] || 0)
      || newestFirst(instant(a.last_occurred_at || a.raised_at), instant(b.last_occurred_at || b.raised_at))
      || String(a.id).localeCompare(String(b.id));
  }

  // For any list of ISO times (the subject's timeline): the latest instant first.
  const latestFirst = (isoA, isoB) => newestFirst(instant(isoA), instant(isoB));

  return { OPEN, UNATTENDED, SEVERITY_RANK, instant, latestFirst, order };
})();
