// The pages around the queue: periodic review (R43), statistics (R45, R138) and the shift
// handover log.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;

  // --- periodic review ---------------------------------------------------------------------

  let queue = null;

  async function loadReview() {
    queue = await V.api("/api/desk/review");
    renderReview();
  }

  function renderReview() {
    if (!queue) return;
    const m = S.meta;
    const last = queue.last_review;
    const parts = [queue.handling === "review" ? t("review_mode") : t("review_realtime")];
    parts.push(last ? `${t("review_last")}: ${V.fmtTime(last.reviewed_at)} (${t("review_by")} ${last.reviewed_by})`
      : t("review_never"));
    if (queue.due_at) parts.push(`${t("review_due")} ${V.fmtTime(queue.due_at)}`);
    $("#review-summary").replaceChildren(parts.join(" · "),
      queue.overdue ? el("strong", { class: "overdue", text: ` ${t("review_overdue")}` }) : "");
    const badge = $("#review-badge");
    badge.hidden = queue.alarms.length === 0;
    badge.textContent = String(queue.alarms.length);
    badge.classList.toggle("overdue", queue.overdue);
    $("#review-rows").replaceChildren(...queue.alarms.map((a) => el("tr", {},
      el("td", {}, el("a", { href: `#alarm/${a.id}`, text: V.fmtTime(a.raised_at) })),
      el("td", { text: V.subjectName(a) }),
      el("td", { text: V.choice(m.alarm_kinds, a.kind) }),
      el("td", { text: V.choice(m.severities, a.severity) }),
      el("td", { text: V.choice(m.alarm_statuses, a.status) }),
      el("td", { text: a.cause ? V.choice(m.causes, a.cause) : t("none") }))));
  }

  $("#review-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("#review-error").textContent = "";
    try {
      await V.api("/api/desk/review/confirm", { method: "POST",
        json: { until: queue.until, note: $("#review-note").value.trim() || null } });
      $("#review-note").value = "";
      V.announce(t("review_done"));
      await loadReview();
    } catch (e) { $("#review-error").textContent = e.message; }
  });

  // --- statistics ---------------------------------------------------------------------------

  let stats = null;

  async function loadStats() {
    const select = $("#stats-region");
    const region = select.value;
    select.replaceChildren(el("option", { value: "", text: t("all") }),
      ...S.regions.map((r) => el("option", { value: r, text: r })));
    select.value = region;
    const days = Number($("#stats-period").value);
    const params = new URLSearchParams({ from: new Date(Date.now() - days * 86400000).toISOString() });
    if (region) params.set("region", region);
    if (V.thresholds) V.thresholds.load();  // the supervisors' threshold revisions, below
    stats = await V.api(`/api/alarms/stats?${params}`);
    renderStats();
  }

  function percent(value) {
    return value === null || value === undefined ? t("none") : `${(value * 100).toFixed(0)} %`;
  }

  function card(id, label, value, detail) {
    return el("div", { class: "card", id: `stat-${id}` },
      el("span", { class: "label", text: label }),
      el("span", { class: "value", text: value }),
      detail ? el("span", { class: "muted", text: detail }) : null);
  }

  function table(target, keyLabel, rows, key, label = (v) => v) {
    target.replaceChildren(
      el("thead", {}, el("tr", {}, el("th", { text: keyLabel }), el("th", { text: t("count") }),
        el("th", { text: t("genuine") }), el("th", { text: t("false_alarms") }), el("th", { text: t("ended") }),
        el("th", { text: t("rate") }))),
      el("tbody", {}, ...rows.map((r) => el("tr", {},
        el("td", { text: label(r[key]) }), el("td", { text: String(r.alarms) }),
        el("td", { text: String(r.genuine) }), el("td", { text: String(r.false) }),
        el("td", { text: String(r.ended) }), el("td", { text: percent(r.false_alarm_rate) })))));
  }

  function renderStats() {
    if (!stats) return;
    const s = stats;
    const m = S.meta;
    $("#stats-cards").replaceChildren(
      card("alarms", t("stat_alarms"), String(s.alarms), `${t("stat_occurrences")}: ${s.occurrences}`),
      card("incidents", t("stat_incidents"), String(s.incidents),
        s.alarms_per_incident === null ? "" : `${t("stat_per_incident")}: ${s.alarms_per_incident.toFixed(2)}`),
      card("open", t("stat_open"), String(s.open)),
      card("ack", t("stat_ack"), `p50 ${V.fmtDuration(s.time_to_acknowledge_s.p50)}`,
        `p90 ${V.fmtDuration(s.time_to_acknowledge_s.p90)} · n=${s.acknowledged}`),
      card("resolve", t("stat_resolve"), `p50 ${V.fmtDuration(s.time_to_resolve_s.p50)}`,
        `p90 ${V.fmtDuration(s.time_to_resolve_s.p90)} · n=${s.resolved - s.ended}`),
      card("false", t("stat_false"), percent(s.false_alarm_rate), `${t("genuine")} ${s.genuine} · ${t("false_alarms")} ${s.false} · ${t("ended")} ${s.ended}`),
      card("per-day", t("stat_per_day"), s.alarms_per_subject_day === null ? t("none") : s.alarms_per_subject_day.toFixed(2),
        `${s.subject_days.toFixed(1)} d`),
      card("auto", V.figureLabel("alarms_auto_closed"),
        s.alarms_auto_closed === null ? t("none") : String(s.alarms_auto_closed)));
    table($("#stats-model"), t("model"), s.by_device_model, "device_model");
    table($("#stats-rule"), t("rule"), s.by_rule, "rule",
      (rule) => V.choice(m.rules, m.rules.some((c) => c.value === rule) ? rule : "unknown"));
    table($("#stats-region-table"), t("region"), s.by_region, "region");
    $("#stats-cause").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", { text: t("cause") }), el("th", { text: t("count") }))),
      el("tbody", {}, ...s.by_cause.map((r) => el("tr", {},
        el("td", { text: V.choice(m.causes, r.cause) }), el("td", { text: String(r.alarms) })))));
  }

  $("#stats-form").addEventListener("submit", (event) => { event.preventDefault(); loadStats(); });

  // --- shift handover -----------------------------------------------------------------------

  let handover = null;

  async function loadHandover() {
    handover = await V.api("/api/desk/handover");
    renderHandover();
  }

  function renderHandover() {
    if (!handover) return;
    const m = S.meta;
    const open = Object.entries(handover.open).map(([status, n]) => `${V.choice(m.alarm_statuses, status)} ${n}`);
    $("#handover-open").textContent = `${t("open_now")}: ${open.length ? open.join(" · ") : "0"}`;
    $("#handover-shifts").replaceChildren(...handover.shifts.map((shift, index) => {
      const steps = Object.entries(shift.steps).map(([action, n]) => `${V.choice(m.trail_actions, action)} ${n}`);
      return el("section", { class: "shift" },
        el("h3", { text: `${t(`shift_${shift.name}`)} (${t(index === 0 ? "current_shift" : "previous_shift")}) ${V.fmtTime(shift.starts_at)} – ${V.fmtTime(shift.ends_at)}` }),
        el("p", { class: "muted", text: `${t("steps")}: ${steps.length ? steps.join(" · ") : t("none")}` }),
        el("ol", { class: "notes" }, ...(shift.notes.length ? shift.notes.map((n) => el("li", {},
          el("time", { datetime: n.at, text: V.fmtTime(n.at) }),
          el("strong", { text: ` ${n.author}` }),
          el("p", { text: n.text }))) : [el("li", { class: "muted", text: t("no_notes") })])));
    }));
  }

  $("#handover-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("#handover-error").textContent = "";
    try {
      await V.api("/api/desk/handover", { method: "POST", json: { text: $("#handover-text").value } });
      $("#handover-text").value = "";
      await loadHandover();
    } catch (e) { $("#handover-error").textContent = e.message; }
  });

  V.review = { load: loadReview, render: renderReview };
  V.stats = { load: loadStats, render: renderStats };
  V.handover = { load: loadHandover, render: renderHandover };
})();
