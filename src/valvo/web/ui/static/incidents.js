// Incidents (issue 20): a person's related alarms as one unit of work. In the queue an incident of
// two or more alarms is one card (its most severe alarm's kind, the person, its state, owner, how
// many alarms, first and last time) that opens the incident and expands to its alarms (x, or the
// arrow button; expanded by itself while one of them waits for acknowledgement); the alarms stay
// in the queue, each with its own card, trail and cause. The
// incident is worked in one go in the detail pane: acknowledge all (a), take ownership (o), one
// note to all (n), resolve all (r) with a shared cause or a cause per alarm.
"use strict";

const INCIDENT_TEXT = {
  en: {
    incident: "Incident", alarms_n: "{n} alarms", unattended_n: "{n} unacknowledged",
    owner: "Owner", nobody: "nobody", first_last: "First – last", expand: "Show its alarms",
    collapse: "Hide its alarms", acknowledge_all: "Acknowledge all", take: "Take ownership",
    taken: "Yours", note_all: "Note to all", resolve_all: "Resolve all",
    shared_cause: "Resolve all as", choose: "Choose…", own_cause: "Its own cause", same_as_shared: "the cause for all",
    its_alarms: "Its alarms", open_alarm: "Open", via_incident: "with the incident",
    took_over: "took over from {who}", cause_needed: "Choose a cause for all, or one for each open alarm.",
    note_needed: "Write the note first.", done_ack: "Acknowledged: {n} alarms.",
    done_take: "The incident is yours.", done_note: "Note added to {n} alarms.",
    done_resolve: "Resolved: {n} alarms.", occurrences: "occurrences", extent: "Extent",
    help_expand: "Show or hide an incident's alarms",
    keys: "a acknowledge all · o take ownership · n note · r resolve · x show or hide its alarms",
  },
  fi: {
    incident: "Tapahtumakokonaisuus", alarms_n: "{n} hälytystä", unattended_n: "{n} kuittaamatta",
    owner: "Hoitaja", nobody: "ei kukaan", first_last: "Ensimmäinen – viimeisin",
    expand: "Näytä sen hälytykset", collapse: "Piilota sen hälytykset",
    acknowledge_all: "Kuittaa kaikki", take: "Ota hoitoon", taken: "Sinulla",
    note_all: "Muistiinpano kaikkiin", resolve_all: "Ratkaise kaikki",
    shared_cause: "Ratkaise kaikki syyllä", choose: "Valitse…", own_cause: "Oma syy", same_as_shared: "sama kuin kaikille",
    its_alarms: "Sen hälytykset", open_alarm: "Avaa", via_incident: "tapahtumakokonaisuutena",
    took_over: "otti hoitoon käyttäjältä {who}",
    cause_needed: "Valitse syy kaikille tai jokaiselle avoimelle hälytykselle oma.",
    note_needed: "Kirjoita ensin muistiinpano.", done_ack: "Kuitattu: {n} hälytystä.",
    done_take: "Tapahtumakokonaisuus on nyt sinulla.", done_note: "Muistiinpano lisätty {n} hälytykseen.",
    done_resolve: "Ratkaistu: {n} hälytystä.", occurrences: "toistoa", extent: "Laajuus",
    help_expand: "Näytä tai piilota tapahtumakokonaisuuden hälytykset",
    keys: "a kuittaa kaikki · o ota hoitoon · n muistiinpano · r ratkaise · x näytä tai piilota hälytykset",
  },
};

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const el = V.el;
  const it = (key, n) => String((INCIDENT_TEXT[S.lang] || INCIDENT_TEXT.en)[key] ?? INCIDENT_TEXT.en[key] ?? key)
    .replace("{n}", n).replace("{who}", n);
  V.incidentText = it;

  const info = new Map();  // incident id -> the server's summary (state, owner, title, times)
  // Expanded while an alarm of it waits for acknowledgement (nothing unseen is folded away),
  // folded once every alarm is attended; the operator's own choice (x, the arrow) wins.
  const chosen = new Map();  // incident id -> expanded (true) or folded (false)
  let selected = null;
  let shown = null;  // the selected incident with its alarms, as the server answered

  const incidentOf = (alarm) => alarm.incident_id || alarm.id;
  const unattended = (id) => (members().get(id) || []).some((a) => ["raised", "reopened"].includes(a.status));
  const isExpanded = (id) => (chosen.has(id) ? chosen.get(id) : unattended(id));
  const stateLabel = (state) => V.choice(S.meta.incident_states, state);
  const stateColour = (state) => V.colour(S.meta.incident_states, state);

  // Each incident's alarms among those loaded.
  function members() {
    const by = new Map();
    for (const alarm of S.alarms.values()) {
      const id = incidentOf(alarm);
      if (!by.has(id)) by.set(id, []);
      by.get(id).push(alarm);
    }
    return by;
  }

  // The queue's items: an incident of two or more alarms is one card where its first visible
  // alarm (in the queue's order) would be, followed by its visible alarms when expanded.
  function arrange(sorted, itemFor) {
    const all = members();
    const visibleOf = new Map();
    for (const alarm of sorted) {
      const id = incidentOf(alarm);
      if (!visibleOf.has(id)) visibleOf.set(id, []);
      visibleOf.get(id).push(alarm);
    }
    const items = [];
    for (const [id, alarms] of visibleOf) {
      if ((all.get(id) || []).length < 2) { items.push(...alarms.map(itemFor)); continue; }
      items.push(card(id, all.get(id)));
      if (isExpanded(id)) items.push(...alarms.map((a) => { const item = itemFor(a); item.classList.add("member"); return item; }));
    }
    for (const item of S.items.values()) if (!items.includes(item)) item.classList.remove("member");
    return items;
  }

  const cards = new Map();
  function card(id, alarms) {
    let item = cards.get(id);
    if (!item) {
      item = el("li", { class: "incident", tabindex: "0", id: `incident-${id}` },
        el("div", { class: "alarm-head" }, el("span", { class: "severity" }), el("strong", { class: "kind" }),
          el("span", { class: "status" })),
        el("div", { class: "alarm-sub" }, el("span", { class: "subject" }), el("time", { class: "time" })),
        el("div", { class: "alarm-sub" }, el("span", { class: "tags" }), el("span", { class: "owner" }),
          el("button", { type: "button", class: "small expand", "aria-keyshortcuts": "x" })));
      item.dataset.incident = id;
      item.addEventListener("click", () => { location.hash = `incident/${id}`; });
      item.querySelector(".expand").addEventListener("click", (e) => { e.stopPropagation(); toggle(id); });
      cards.set(id, item);
    }
    const m = S.meta;
    const summary = info.get(id) || local(id, alarms);
    item.style.borderLeftColor = V.colour(m.severities, summary.severity);
    item.querySelector(".severity").textContent = V.choice(m.severities, summary.severity);
    item.querySelector(".severity").style.color = V.colour(m.severities, summary.severity);
    item.querySelector(".kind").textContent = `${it("incident")}: ${V.choice(m.alarm_kinds, summary.title_kind)}`;
    const status = item.querySelector(".status");
    status.textContent = stateLabel(summary.state);
    status.style.color = stateColour(summary.state);
    item.querySelector(".subject").textContent = V.subjectName(alarms[0]);
    const tags = [it("alarms_n", alarms.length)];
    const waiting = alarms.filter((a) => V.OPEN.has(a.status) && ["raised", "reopened"].includes(a.status)).length;
    if (waiting) tags.push(it("unattended_n", waiting));
    item.querySelector(".tags").textContent = tags.join(" · ");
    item.querySelector(".owner").textContent = summary.owner ? `${it("owner")}: ${summary.owner}` : "";
    const time = item.querySelector(".time");
    time.dateTime = summary.last_at;
    time.textContent = `${minute(summary.first_at)}–${minute(summary.last_at)}`;
    time.title = `${it("first_last")}: ${V.fmtTime(summary.first_at)} – ${V.fmtTime(summary.last_at)}`;
    const open = isExpanded(id);
    const button = item.querySelector(".expand");
    button.textContent = open ? "▾" : "▸";
    button.title = it(open ? "collapse" : "expand");
    button.setAttribute("aria-label", button.title);
    button.setAttribute("aria-expanded", String(open));
    item.classList.toggle("selected", selected === id);
    if (selected === id) item.setAttribute("aria-current", "true"); else item.removeAttribute("aria-current");
    item.setAttribute("aria-label", `${it("incident")}, ${item.querySelector(".kind").textContent}: ${V.subjectName(alarms[0])}, ${status.textContent}, ${tags.join(", ")}`);
    return item;
  }

  // Until the server's summary arrives: the incident as its loaded alarms tell it.
  function local(id, alarms) {
    const rank = ValvoQueue.SEVERITY_RANK;
    const top = alarms.slice().sort((a, b) => (rank[b.severity] - rank[a.severity]) || (Date.parse(a.occurred_at) - Date.parse(b.occurred_at)))[0];
    const times = alarms.map((a) => a.occurred_at).sort((a, b) => Date.parse(a) - Date.parse(b));
    const open = alarms.filter((a) => V.OPEN.has(a.status));
    const worked = open.some((a) => ["acknowledged", "investigating"].includes(a.status));
    return { id, severity: top.severity, title_kind: top.kind, owner: null, first_at: times[0],
      last_at: alarms.map((a) => a.last_occurred_at || a.occurred_at).sort((a, b) => Date.parse(b) - Date.parse(a))[0],
      state: open.length ? (worked ? "working" : "open") : "closed" };
  }

  // On a card: the hour and minute when today, else the day too.
  function minute(iso) {
    const at = new Date(iso);
    const today = at.toDateString() === new Date().toDateString();
    return at.toLocaleString(V.locale(), today ? { hour: "2-digit", minute: "2-digit" }
      : { day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  function toggle(id) {
    chosen.set(id, !isExpanded(id));
    V.renderQueue();
    cards.get(id)?.focus({ preventScroll: true });
  }

  async function load() {
    try {
      // Those of the alarms the queue holds: incidents with an alarm raised since its oldest.
      const oldest = [...S.alarms.values()].map((a) => a.raised_at).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
      const query = new URLSearchParams({ state: "all", limit: "500" });
      if (oldest) query.set("since", new Date(oldest).toISOString());
      for (const summary of await V.api(`/api/desk/incidents?${query}`)) info.set(summary.id, summary);
    } catch (e) { return; }
    V.renderQueue();
  }

  let pending = null;
  // A live alarm: when it belongs to an incident of two or more, its summary is read again.
  function changed(alarm) {
    if ((members().get(incidentOf(alarm)) || []).length < 2) return;
    clearTimeout(pending);
    pending = setTimeout(async () => {
      await load();
      if (selected === incidentOf(alarm)) open(selected, false);
    }, 400);
  }

  // --- the incident in the detail pane -------------------------------------------------------

  async function open(id, reset = true) {
    selected = id;
    S.selected = null;
    try {
      shown = await V.api(`/api/desk/incidents/${encodeURIComponent(id)}`);
    } catch (e) { V.announce(e.message); close(); return; }
    if (selected !== id) return;
    info.set(id, shown);
    for (const alarm of shown.alarms) S.alarms.set(alarm.id, Object.assign(S.alarms.get(alarm.id) || {}, alarm));
    if (reset) { $("#incident-note").value = ""; $("#incident-cause").value = ""; $("#incident-error").textContent = ""; }
    $("#detail-empty").hidden = true;
    $("#detail-body").hidden = true;
    $("#incident-body").hidden = false;
    render();
    V.renderQueue();
  }

  function hide() {
    selected = null;
    shown = null;
    $("#incident-alarms").replaceChildren();  // each alarm's own cause: only while it is shown
    $("#incident-body").hidden = true;
  }

  function close() {
    hide();
    $("#detail-empty").hidden = false;
    V.renderQueue();
    if (location.hash.startsWith("#incident/")) history.replaceState(null, "", "#desk");
  }

  const fact = (label, value) => [el("dt", { text: label }), el("dd", { text: value })];

  function causeOptions(first) {
    return [el("option", { value: "", text: first }),
      ...S.meta.causes.filter((c) => c.selectable).map((c) => el("option", { value: c.value, text: V.choice(S.meta.causes, c.value) }))];
  }

  function applyText() {
    document.querySelectorAll("[data-incident-text]").forEach((node) => { node.textContent = it(node.dataset.incidentText); });
    render();
  }

  function render() {
    if (!shown) return;
    const m = S.meta;
    const work = V.may("alarms:work");
    $("#incident-heading").textContent = `${it("incident")}: ${V.choice(m.alarm_kinds, shown.title_kind)}`;
    const pill = $("#incident-state");
    pill.textContent = stateLabel(shown.state);
    pill.style.backgroundColor = stateColour(shown.state);
    const person = $("#incident-subject");
    person.textContent = V.personLabel(S.subjects[shown.subject_id], shown.subject_name || shown.subject_id);
    person.href = `#subject/${shown.subject_id}`;
    $("#incident-region").textContent = shown.region || "";
    $("#incident-facts").replaceChildren(
      ...fact(V.t("severity"), V.choice(m.severities, shown.severity)),
      ...fact(it("first_last"), `${V.fmtTime(shown.first_at)} – ${V.fmtTime(shown.last_at)}`),
      ...fact(it("owner"), shown.owner ? `${shown.owner}, ${V.fmtTime(shown.owned_at)}` : it("nobody")),
      ...fact(it("extent"), `${it("alarms_n", shown.alarm_count)}, ${shown.occurrences} ${it("occurrences")}`));
    const rows = shown.alarms.map((a) => {
      const opened = V.OPEN.has(a.status);
      const cause = el("select", { class: "incident-alarm-cause", "data-alarm": a.id, "aria-label": `${it("own_cause")}: ${V.choice(m.alarm_kinds, a.kind)}` },
        ...causeOptions(it("same_as_shared")));
      cause.hidden = !opened || !work;
      const pill = el("span", { class: "pill", text: V.choice(m.alarm_statuses, a.status) });
      pill.style.backgroundColor = V.colour(m.alarm_statuses, a.status);
      return el("li", { class: "incident-alarm", "data-alarm": a.id }, pill,
        el("a", { href: `#alarm/${a.id}`, text: V.choice(m.alarm_kinds, a.kind), title: it("open_alarm") }),
        el("time", { datetime: a.occurred_at, text: V.fmtShort(a.occurred_at), title: V.fmtTime(a.occurred_at) }),
        a.occurrences > 1 ? el("span", { class: "muted", text: `${a.occurrences}${V.t("times")}` }) : null,
        !opened && a.cause ? el("span", { class: "muted", text: V.choice(m.causes, a.cause) }) : null,
        cause);
    });
    $("#incident-alarms").replaceChildren(...rows);
    const anyOpen = shown.alarms.some((a) => V.OPEN.has(a.status));
    const waiting = shown.alarms.some((a) => ["raised", "reopened"].includes(a.status));
    $("#incident-ack").hidden = !work || !waiting;
    // The session keeps "name (role)": the owner is the name.
    const me = (sessionStorage.getItem("valvo.user") || "").replace(/ \([^)]*\)$/, "");
    $("#incident-take").hidden = !work || !anyOpen || shown.owner === me;
    $("#incident-note-row").hidden = !work;
    $("#incident-resolve-row").hidden = !work || !anyOpen;
    const cause = $("#incident-cause");
    const chosen = cause.value;
    cause.replaceChildren(...causeOptions(it("choose")));
    cause.value = chosen;
    $("#incident-keys").textContent = work ? it("keys") : "";
  }

  async function act(step) {
    if (!selected) return;
    const id = selected;
    const error = $("#incident-error");
    error.textContent = "";
    let body;
    if (step === "notes") {
      const note = $("#incident-note").value.trim();
      if (!note) { error.textContent = it("note_needed"); $("#incident-note").focus(); return; }
      body = { note };
    } else if (step === "resolve") {
      const causes = {};
      document.querySelectorAll("#incident-alarms .incident-alarm-cause").forEach((s) => { if (!s.hidden && s.value) causes[s.dataset.alarm] = s.value; });
      const cause = $("#incident-cause").value || null;
      const open = shown.alarms.filter((a) => V.OPEN.has(a.status));
      if (!cause && open.some((a) => !causes[a.id])) { error.textContent = it("cause_needed"); $("#incident-cause").focus(); return; }
      body = { cause, causes, note: $("#incident-note").value.trim() || null };
    }
    const before = shown.alarms.filter((a) => (step === "acknowledge" ? ["raised", "reopened"].includes(a.status) : step === "resolve" ? V.OPEN.has(a.status) : true)).length;
    try {
      shown = await V.api(`/api/desk/incidents/${encodeURIComponent(id)}/${step}`, { method: "POST", json: body });
    } catch (e) { error.textContent = e.message; return; }
    info.set(id, shown);
    for (const alarm of shown.alarms) V.upsert(alarm);
    if (step === "notes" || step === "resolve") $("#incident-note").value = "";
    if (step === "resolve") $("#incident-cause").value = "";
    const said = { acknowledge: "done_ack", take: "done_take", notes: "done_note", resolve: "done_resolve" }[step];
    V.announce(it(said, before));
    $("#incident-done").textContent = it(said, before);
    render();
    V.renderQueue();
  }

  // The queue's and the pane's keys for an incident; true when the key was the incident's.
  function key(event, focused) {
    if (event.key === "Escape" && selected) { const was = selected; close(); cards.get(was)?.focus(); return true; }
    if (focused && focused.dataset.id && !focused.dataset.incident) return false;  // an alarm's card
    const id = (focused && focused.dataset.incident) || (S.selected ? null : selected);
    if (!id) return false;
    const work = V.may("alarms:work");
    if (event.key === "Enter" && focused && focused.dataset.incident) { location.hash = `incident/${id}`; return true; }
    if (event.key === "x" || (focused && focused.dataset.incident && ["ArrowRight", "ArrowLeft"].includes(event.key))) {
      if ((event.key === "ArrowRight") === isExpanded(id) && event.key !== "x") return true;
      toggle(id); return true;
    }
    if (id !== selected && ["a", "o", "n", "r"].includes(event.key)) { location.hash = `incident/${id}`; }
    if (!work) return false;
    if (event.key === "a") { whenOpen(id, () => act("acknowledge")); return true; }
    if (event.key === "o") { whenOpen(id, () => act("take")); return true; }
    if (event.key === "n") { whenOpen(id, () => $("#incident-note").focus()); return true; }
    if (event.key === "r") { whenOpen(id, () => $("#incident-cause").focus()); return true; }
    return false;
  }

  function whenOpen(id, then) {
    if (selected === id && shown) { then(); return; }
    const wait = setInterval(() => { if (selected === id && shown && shown.id === id) { clearInterval(wait); then(); } }, 50);
    setTimeout(() => clearInterval(wait), 5000);
  }

  $("#incident-ack").addEventListener("click", () => act("acknowledge"));
  $("#incident-take").addEventListener("click", () => act("take"));
  $("#incident-note-add").addEventListener("click", () => act("notes"));
  $("#incident-resolve").addEventListener("click", () => act("resolve"));
  $("#incident-cause").addEventListener("keydown", (e) => { if (e.key === "Enter") act("resolve"); });
  $("#incident-close").addEventListener("click", close);

  applyText();
  const sizeOf = (alarm) => (members().get(incidentOf(alarm)) || []).length;
  V.incidents = { sizeOf, applyText, arrange, load, changed, open, hide, close, render, key, selected: () => selected };
})();
