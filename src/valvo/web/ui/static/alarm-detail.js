// The selected alarm: its facts, the explanation, the steps an operator takes (acknowledge,
// investigate, resolve with a cause and a note, note, escalate, reopen) and its trail.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;

  async function open(id) {
    if (V.incidents) V.incidents.hide();
    S.selected = id;
    if (!S.alarms.has(id)) {
      try { V.upsert(await V.api(`/api/alarms/${id}`)); } catch (e) { close(); return; }
    }
    $("#act-note").value = "";
    $("#act-cause").value = "";
    $("#act-error").textContent = "";
    V.renderQueue();
    render(true);
  }

  function close() {
    S.selected = null;
    $("#detail-body").hidden = true;
    $("#detail-empty").hidden = false;
    V.focusMap(null);
    V.renderQueue();
    if (location.hash.startsWith("#alarm/")) history.replaceState(null, "", "#desk");
  }

  function fact(label, value) {
    return [el("dt", { text: label }), el("dd", { text: value })];
  }

  function render(reloadTrail = false) {
    const alarm = S.alarms.get(S.selected);
    if (!alarm) return;
    const m = S.meta;
    $("#detail-empty").hidden = true;
    $("#detail-body").hidden = false;
    $("#detail-title").textContent = V.choice(m.alarm_kinds, alarm.kind);
    const status = $("#detail-status");
    status.textContent = V.choice(m.alarm_statuses, alarm.status);
    status.style.backgroundColor = V.colour(m.alarm_statuses, alarm.status);
    const subject = $("#detail-subject");
    const person = S.subjects[alarm.subject_id];
    subject.textContent = V.personLabel(person, V.subjectName(alarm));
    subject.href = `#subject/${alarm.subject_id}`;
    $("#detail-region").textContent = alarm.region || "";
    const facts = [
      ...fact(t("severity"), V.choice(m.severities, alarm.severity)),
      ...fact(t("occurred_at"), V.fmtTime(alarm.occurred_at)),
      ...fact(t("raised_at"), V.fmtTime(alarm.raised_at)),
      ...fact(t("occurrences"), alarm.occurrences > 1
        ? `${alarm.occurrences} (${t("last_occurred")} ${V.fmtTime(alarm.last_occurred_at)})` : "1"),
    ];
    if (alarm.condition_ended_at) facts.push(...fact(t("condition_ended"), V.fmtTime(alarm.condition_ended_at)));
    if (alarm.escalation_level) {
      facts.push(...fact(t("escalation"), `${t("level")} ${alarm.escalation_level}: ${V.choice(m.routes, alarm.escalation_route)}`));
    }
    facts.push(...fact(t("handling"), V.choice(m.handlings, alarm.handling)));
    if (alarm.order_type) facts.push(...fact(t("order_type"), t(`order_${alarm.order_type}`)));
    const together = V.incidents ? V.incidents.sizeOf(alarm) : 1;
    if (together > 1) {  // one of an incident's alarms: the incident, a click away
      facts.push(el("dt", { text: V.incidentText("incident") }),
        el("dd", {}, el("a", { href: `#incident/${alarm.incident_id}`, text: V.incidentText("alarms_n", together) })));
    }
    if (alarm.threshold_revision != null) facts.push(...fact(t("threshold_revision"), String(alarm.threshold_revision)));
    if (alarm.acknowledged_by) facts.push(...fact(t("acknowledged_by"), `${alarm.acknowledged_by}, ${V.fmtTime(alarm.acknowledged_at)}`));
    if (alarm.investigating_by) facts.push(...fact(t("investigating_by"), `${alarm.investigating_by}, ${V.fmtTime(alarm.investigating_at)}`));
    if (alarm.resolved_by) {
      facts.push(...fact(t("resolved_by"), `${alarm.resolved_by}, ${V.fmtTime(alarm.resolved_at)}`));
      facts.push(...fact(t("cause"), V.choice(m.causes, alarm.cause)));
    }
    const orders = restraining.get(alarm.subject_id);
    if (orders) facts.push(...fact(t("restraining_order"), orders));
    else loadRestraining(alarm.subject_id);
    $("#detail-facts").replaceChildren(...facts);
    $("#detail-explanation").textContent = V.explanation(alarm.explanation);
    renderActions(alarm);
    if (V.acting) V.acting.show(alarm, reloadTrail);
    if (V.evidence) V.evidence.showAlarm();
    V.focusMap(alarm);
    if (reloadTrail) loadTrail(alarm.id);
    else renderTrail();
  }

  // The person's restraining orders on the card (court, dates, terms), read once per person
  // while the desk is open; every read is audited by the server.
  const restraining = new Map();

  // One restraining order in words: the court, the period (days), whom it protects, the terms.
  V.restrainingLine = function restrainingLine(r) {
    const day = (iso) => new Date(iso).toLocaleDateString(V.locale(), { day: "numeric", month: "numeric", year: "numeric" });
    const period = r.valid_to ? `${day(r.valid_from)}–${day(r.valid_to)}` : t("restraining_from").replace("{day}", day(r.valid_from));
    return `${r.court}, ${period}${r.protects_victim ? ` (${t("restraining_protects")})` : ""}: ${r.terms}`;
  };

  async function loadRestraining(subjectId) {
    if (!V.may("registry:read") || restraining.has(subjectId)) return;
    restraining.set(subjectId, "…");
    try {
      const rows = await V.api(`/api/subjects/${encodeURIComponent(subjectId)}/restraining-orders`);
      const now = rows.filter((r) => r.in_force);
      restraining.set(subjectId, now.length ? now.map(V.restrainingLine).join(" · ") : t("restraining_none"));
    } catch (e) {
      restraining.delete(subjectId);
      return;
    }
    const alarm = S.alarms.get(S.selected);
    if (alarm && alarm.subject_id === subjectId) render();
  }

  function renderActions(alarm) {
    const open = V.OPEN.has(alarm.status);
    $("#act-ack").hidden = !["raised", "reopened"].includes(alarm.status);
    $("#act-investigate").hidden = !["raised", "acknowledged", "reopened"].includes(alarm.status);
    for (const id of ["#act-cause", "#act-resolve", "#act-escalate", "#act-route"]) $(id).hidden = !open;
    $("#act-cause").closest(".resolve-row").hidden = !open;
    $("#act-reopen").hidden = open || !V.may("alarms:supervise");
    // Only what the role may do: the server refuses the rest (the auditor reads, never acts).
    const work = V.may("alarms:work");
    for (const id of ["#act-ack", "#act-investigate", "#act-resolve", "#act-cause", "#act-note-add", "#act-note"]) {
      if (!work) $(id).hidden = true;
    }
    $("#act-note").previousElementSibling.hidden = !work;
    if (!work) $("#act-cause").closest(".resolve-row").hidden = true;
    if (!V.may("alarms:escalate")) { $("#act-escalate").hidden = true; $("#act-route").hidden = true; }
    const cause = $("#act-cause");
    const chosen = cause.value;
    cause.replaceChildren(el("option", { value: "", text: `${t("cause")}…` }),
      ...S.meta.causes.filter((c) => c.selectable).map((c) => el("option", { value: c.value, text: V.choice(S.meta.causes, c.value) })));
    cause.value = chosen;
    const route = $("#act-route");
    const routed = route.value;
    route.replaceChildren(...S.meta.routes.filter((r) => !["desk", "cases"].includes(r.value))
      .map((r) => el("option", { value: r.value, text: V.choice(S.meta.routes, r.value) })));
    if (routed) route.value = routed;
  }

  let shown = { id: null, steps: [] };

  async function loadTrail(id) {
    const steps = await V.api(`/api/alarms/${id}/trail`);
    if (S.selected !== id) return;
    shown = { id, steps };
    renderTrail();
  }

  function renderTrail() {
    if (shown.id !== S.selected) return;
    const steps = shown.steps;
    const m = S.meta;
    $("#trail").replaceChildren(...steps.slice().reverse().map((s) => {
      const moved = s.from_status && s.to_status && s.from_status !== s.to_status
        ? ` (${V.choice(m.alarm_statuses, s.from_status)} → ${V.choice(m.alarm_statuses, s.to_status)})` : "";
      const d = s.details || {};
      const extra = [];
      const text = V.localise(S.lang === "fi" ? d.text_fi : d.text_en);
      if (text) extra.push(text);
      if (s.action === "escalated") extra.push(`${t("level")} ${d.to_level}: ${V.choice(m.routes, d.route)}`);
      const route = d.route === "victim" ? t("route_victim") : V.choice(m.routes, d.route);
      if (s.action === "notified" || s.action === "notification_failed") extra.push(`${route} (${d.delivered}/${d.targets})`);
      if (s.action === "resolved" && d.cause) extra.push(V.choice(m.causes, d.cause));
      if (s.action === "call") extra.push(`${V.choice(m.call_outcomes, d.outcome)}: ${d.callee}, ${d.number}`);
      if (s.action === "step_done" && V.actingStepText) extra.push(V.actingStepText(d.step));
      if (s.action === "resolved" && (d.unticked_steps || []).length && V.actingStepText) {
        extra.push(`${t("acting_unticked")} ${d.unticked_steps.map(V.actingStepText).join(" · ")}`);
      }
      if (s.action === "command") extra.push(V.choice(m.command_kinds, d.kind));
      if (s.action === "incident_owned" && d.previous && V.incidentText) extra.push(V.incidentText("took_over", d.previous));
      else if (d.incident_id && V.incidentText) extra.push(V.incidentText("via_incident"));
      return el("li", { class: `step step-${s.action}` },
        el("time", { datetime: s.at, text: V.fmtTime(s.at) }),
        el("strong", { text: ` ${V.choice(m.trail_actions, s.action)}${moved}` }),
        el("span", { class: "actor", text: ` — ${s.actor}` }),
        s.note ? el("div", { class: "note", text: s.note }) : null,
        extra.length ? el("div", { class: "muted", text: extra.join(" · ") }) : null);
    }));
  }

  async function step(id, action) {
    const note = $("#act-note").value.trim();
    $("#act-error").textContent = "";
    let body;
    if (action === "resolve") {
      const cause = $("#act-cause").value;
      if (!cause) { $("#act-error").textContent = t("choose_cause"); $("#act-cause").focus(); return; }
      body = { cause, note: note || null };
    } else if (action === "investigate") body = { note: note || null };
    else if (action === "notes" || action === "reopen") {
      if (!note) { $("#act-error").textContent = t("note_needed"); $("#act-note").focus(); return; }
      body = { note };
    } else if (action === "escalate") body = { route: $("#act-route").value, note: note || null };
    try {
      const alarm = await V.api(`/api/alarms/${id}/${action}`, { method: "POST", json: body });
      if (action !== "acknowledge") $("#act-note").value = "";
      if (action === "resolve") $("#act-cause").value = "";
      V.upsert(alarm);  // re-renders the detail and its trail when it is the selected one
    } catch (e) {
      $("#act-error").textContent = e.message;
      if (S.selected !== id) V.announce(e.message);
    }
  }

  $("#act-ack").addEventListener("click", () => step(S.selected, "acknowledge"));
  $("#act-investigate").addEventListener("click", () => step(S.selected, "investigate"));
  $("#act-resolve").addEventListener("click", () => step(S.selected, "resolve"));
  $("#act-note-add").addEventListener("click", () => step(S.selected, "notes"));
  $("#act-escalate").addEventListener("click", () => step(S.selected, "escalate"));
  $("#act-reopen").addEventListener("click", () => step(S.selected, "reopen"));
  $("#act-cause").addEventListener("keydown", (e) => { if (e.key === "Enter") step(S.selected, "resolve"); });

  V.detail = { open, close, render, step, renderTrail };
})();
