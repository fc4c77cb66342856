// Valvo operators' console, the core: login, navigation, the live alarm queue over SSE with
// filters, sound and title badge, the desk map, and keyboard use. alarm-detail.js, subject.js
// and desk-views.js add the selected alarm, the subject page, review, statistics and handover.
"use strict";

const V = (window.Valvo = {
  state: {
    get token() { return ValvoSession.token(); },
    role: sessionStorage.getItem("valvo.role") || "",
    meta: null, subjects: {}, regions: [], alarms: new Map(), items: new Map(),
    lang: localStorage.getItem("valvo.lang") || "en", selected: null, view: "desk",
    map: null, zoneLayer: null, positionLayer: null, focusLayer: null, fitted: false,
    loaded: false, may: new Set(),
  },
});
const S = V.state;
const $ = (sel) => document.querySelector(sel);
V.$ = $;
V.t = (key) => (window.VALVO_TEXT[S.lang] || {})[key] ?? window.VALVO_TEXT.en[key] ?? key;
const t = V.t;
const OPEN = ValvoQueue.OPEN;
const UNACKNOWLEDGED = ValvoQueue.UNATTENDED;
const SEVERITY_RANK = ValvoQueue.SEVERITY_RANK;
V.OPEN = OPEN;

// --- small helpers ---------------------------------------------------------------------------

V.el = function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
};

V.choice = function choice(list, value) {
  const found = (list || []).find((c) => c.value === value);
  return found ? (S.lang === "fi" ? found.label_fi : found.label_en) : value ?? t("none");
};
// A figure's label (/api/meta "figures"): the desk statistics, the shift log and the
// follow-up pages name each figure from this one declaration.
V.figureLabel = function figureLabel(id) {
  const found = ((S.meta && S.meta.figures) || []).find((f) => f.id === id);
  return found ? (S.lang === "fi" ? found.fi : found.en) : t("none");
};
V.colour = function colour(list, value) {
  const found = (list || []).find((c) => c.value === value);
  return found ? found.colour : "#6b7280";
};
V.locale = () => (S.lang === "fi" ? "fi-FI" : "en-GB");
// An instant in local time as the locale writes it; the year only when it is not this one.
V.fmtTime = function fmtTime(iso) {
  if (!iso) return t("none");
  const at = new Date(iso);
  const year = at.getFullYear() === new Date().getFullYear() ? {} : { year: "numeric" };
  return at.toLocaleString(V.locale(), {
    day: "numeric", month: "numeric", ...year, hour: "2-digit", minute: "2-digit", second: "2-digit" });
};
// On a card: the time alone when it is today, else the day and the minute.
V.fmtShort = function fmtShort(iso) {
  if (!iso) return t("none");
  const at = new Date(iso);
  const today = at.toDateString() === new Date().toDateString();
  return at.toLocaleString(V.locale(), today ? { hour: "2-digit", minute: "2-digit", second: "2-digit" }
    : { day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit" });
};
// A calendar date (YYYY-MM-DD, a birth date) as the locale writes it, with no time zone shift.
V.fmtDate = function fmtDate(day) {
  if (!day) return t("none");
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(V.locale(), { day: "numeric", month: "numeric", year: "numeric" });
};
// The server's clock, as its answers' Date header gives it: "how long ago" is counted from the
// server's now, so a workstation whose clock is off does not show a silent device as just heard.
// The header counts whole seconds, so it moves the estimate only when it is off by more than
// that; an answer that carries the server's exact now (the desk's health) sets it exactly.
let serverSkewMs = 0;
function learnServerClock(response) {
  const said = Date.parse(response.headers.get("Date") || "");
  if (Number.isNaN(said)) return;
  const skew = said + 500 - Date.now();
  if (Math.abs(skew - serverSkewMs) > 2000) serverSkewMs = skew;
}
V.serverSaysNow = (iso) => { const said = Date.parse(iso); if (!Number.isNaN(said)) serverSkewMs = said - Date.now(); };
V.serverNow = () => Date.now() + serverSkewMs;
// How long ago, in the largest whole unit.
V.fmtAgo = function fmtAgo(iso) {
  if (!iso) return t("never");
  const s = Math.max(0, (V.serverNow() - Date.parse(iso)) / 1000);
  if (s < 60) return `${Math.round(s)} ${t("ago_s")}`;
  if (s < 3600) return `${Math.floor(s / 60)} ${t("ago_min")}`;
  if (s < 86400) return `${Math.floor(s / 3600)} ${t("ago_h")}`;
  return `${Math.floor(s / 86400)} ${t("ago_d")}`;
};
// Server text (an alarm's explanation) with its ISO instants in local time and no requirement
// references ("(R63)"): the reader needs neither.
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;
const REQUIREMENT_REF = /\s*\((?:R|S)\d{1,3}(?:\s*[,–-]\s*(?:R|S)?\d{1,3})*\)/g;
V.localise = (text) => (text || "").replace(ISO_INSTANT, (iso) => V.fmtTime(iso)).replace(REQUIREMENT_REF, "");
V.fmtDuration = function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return t("none");
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  const h = Math.floor(s / 3600);
  return `${h} h ${String(Math.round((s % 3600) / 60)).padStart(2, "0")} min`;
};
V.subjectName = (alarm) => alarm.subject_name || (S.subjects[alarm.subject_id] || {}).name || alarm.subject_id;
V.explanation = (e) => (e ? V.localise(S.lang === "fi" ? e.text_fi : e.text_en) : "");
V.announce = (text) => { $("#announcer").textContent = text; };

V.api = async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    options = Object.assign({}, options, { body: JSON.stringify(options.json) });
  }
  const response = await ValvoSession.authFetch(path, Object.assign({}, options, { headers }));
  learnServerClock(response);
  if (response.status === 401) { logout(); throw new Error("session expired"); }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && body.detail;
    throw new Error(Array.isArray(detail) ? detail.map((d) => d.msg).join("; ") : detail || response.statusText);
  }
  return body;
};

// --- text, login, navigation -----------------------------------------------------------------

function applyText() {
  document.documentElement.lang = S.lang;
  document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
  document.querySelectorAll("[data-i18n-aria]").forEach((node) => { node.setAttribute("aria-label", t(node.dataset.i18nAria)); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((node) => { node.placeholder = t(node.dataset.i18nPlaceholder); });
  document.querySelectorAll("[data-i18n-title]").forEach((node) => { node.title = t(node.dataset.i18nTitle); });
  V.night && V.night.render();
  $("#feed-status").textContent = t($("#feed-status").classList.contains("live") ? "live" : "offline");
  $("#lang").value = S.lang;
  if (!S.meta) return;
  fillFilters();
  renderQueue();
  V.detail && V.detail.render();
  V.incidents && V.incidents.applyText();
  V.board && V.board.render();
  V.pipelineHealth && V.pipelineHealth.render();
  V.identityDesk && V.identityDesk.render();
  V.thresholds && V.thresholds.render();
  route();
}

async function login(event) {
  event.preventDefault();
  const answer = await ValvoSession.login($("#username").value, $("#password").value, $("#otp").value);
  if (!answer.ok) {
    $("#login-error").textContent = answer.detail === "wrong username or password" ? t("login_failed") : answer.detail;
    return;
  }
  const token = answer.token;
  if (token.scope !== "full") { ValvoSession.limited($("#login-form"), token.scope); return; }
  S.role = token.role;
  // A fresh login goes to the role's own home page (a reload stays where it is).
  const home = ValvoSession.home(await ValvoSession.me());
  if (home !== "/") {
    location.href = home;
    if (!home.startsWith("/#")) return;
  }
  start();
}

async function logout() {
  await ValvoSession.logout();
  location.hash = "";
  location.reload();
}

const VIEWS = ["desk", "board", "subject", "enrol", "stock", "review", "stats", "handover", "audit"];
V.show = function show(view) {
  S.view = view;
  for (const name of VIEWS) $(`#${name}-view`).hidden = name !== view;
  document.querySelectorAll("#nav a[data-view]").forEach((a) => {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  if (view === "desk" && S.map) setTimeout(() => S.map.invalidateSize(), 0);
  if (view === "board" && V.board) V.board.shown();
  if (view === "enrol" && V.enrol) V.enrol.shown();
};

// What each view needs; the menu's data-perm says the same.
const VIEW_PERMISSION = { review: "alarms:review", stats: "alarms:read", handover: "shiftlog:write", audit: "audit:read", board: "registry:read", enrol: "registry:write", stock: "registry:write" };
V.may = (permission) => S.may.has(permission);

function route() {
  if (!S.loaded) return;
  const [view, id] = location.hash.replace(/^#/, "").split("/");
  if (view === "subject" && id) { V.show("subject"); V.subject.open(id); return; }
  if (view === "alarm" && id) { V.show("desk"); V.detail.open(id); return; }
  if (view === "incident" && id && V.incidents) { V.show("desk"); V.incidents.open(id); return; }
  if (view === "enrol" && V.may(VIEW_PERMISSION.enrol)) { V.show("enrol"); V.enrol.load(id); return; }
  if (["review", "stats", "handover", "audit", "board", "stock"].includes(view) && V.may(VIEW_PERMISSION[view])) {
    V.show(view); V[view].load(); return;
  }
  if (!V.may("alarms:read")) { location.hash = "audit"; return; }
  V.show("desk");
}

// --- the queue --------------------------------------------------------------------------------

function fillFilters() {
  const fill = (select, options) => {
    const current = select.value;
    select.replaceChildren(V.el("option", { value: "", text: t("all") }),
      ...options.map(([value, label]) => V.el("option", { value, text: label })));
    select.value = current;
  };
  const status = $("#status-filter");
  const current = status.value || "open";
  status.replaceChildren(V.el("option", { value: "open", text: t("open") }),
    V.el("option", { value: "all", text: t("all") }),
    ...S.meta.alarm_statuses.map((c) => V.el("option", { value: c.value, text: V.choice(S.meta.alarm_statuses, c.value) })));
  status.value = current;
  fill($("#region-filter"), S.regions.map((r) => [r, r]));
  fill($("#kind-filter"), S.meta.alarm_kinds.map((c) => [c.value, V.choice(S.meta.alarm_kinds, c.value)]));
  fill($("#severity-filter"), S.meta.severities.map((c) => [c.value, V.choice(S.meta.severities, c.value)]));
}

function visible(alarm) {
  const status = $("#status-filter").value;
  if (status === "open" && !OPEN.has(alarm.status)) return false;
  if (!["open", "all"].includes(status) && alarm.status !== status) return false;
  const region = $("#region-filter").value;
  if (region && alarm.region !== region) return false;
  const kind = $("#kind-filter").value;
  if (kind && alarm.kind !== kind) return false;
  const severity = $("#severity-filter").value;
  if (severity && alarm.severity !== severity) return false;
  const period = alarmPeriod();
  const raised = Date.parse(alarm.raised_at);
  return (!period.from || raised >= period.from) && (!period.to || raised < period.to);
}

// The period the desk's alarms were raised in (local days, the last one whole), when chosen.
function alarmPeriod() {
  const day = (value, plus) => {
    if (!value) return null;
    const [y, m, d] = value.split("-").map(Number);
    return new Date(y, m - 1, d + plus).getTime();
  };
  return { from: day($("#period-from").value, 0), to: day($("#period-to").value, 1) };
}

// Alarms of a chosen period come from the server (the live queue holds the newest only).
async function loadPeriod() {
  const period = alarmPeriod();
  if (period.from || period.to) {
    const query = new URLSearchParams({ limit: "1000" });
    if (period.from) query.set("from", new Date(period.from).toISOString());
    if (period.to) query.set("to", new Date(period.to).toISOString());
    try {
      for (const alarm of await V.api(`/api/alarms?${query}`)) S.alarms.set(alarm.id, alarm);
    } catch (e) {
      V.announce(e.message);
    }
  }
  renderQueue();
}

function itemFor(alarm) {
  let item = S.items.get(alarm.id);
  if (!item) {
    item = $("#alarm-template").content.firstElementChild.cloneNode(true);
    item.id = `alarm-${alarm.id}`;
    item.dataset.id = alarm.id;
    item.addEventListener("click", () => { location.hash = `alarm/${alarm.id}`; });
    item.addEventListener("keydown", (e) => { if (e.key === "Enter") location.hash = `alarm/${alarm.id}`; });
    const ack = item.querySelector(".ack");
    ack.addEventListener("click", (e) => { e.stopPropagation(); V.detail.step(alarm.id, "acknowledge"); });
    S.items.set(alarm.id, item);
  }
  const m = S.meta;
  item.style.borderLeftColor = V.colour(m.severities, alarm.severity);
  item.querySelector(".severity").textContent = V.choice(m.severities, alarm.severity);
  item.querySelector(".severity").style.color = V.colour(m.severities, alarm.severity);
  item.querySelector(".kind").textContent = V.choice(m.alarm_kinds, alarm.kind);
  const status = item.querySelector(".status");
  status.textContent = V.choice(m.alarm_statuses, alarm.status);
  status.style.color = V.colour(m.alarm_statuses, alarm.status);
  item.dataset.status = alarm.status;
  item.querySelector(".subject").textContent = V.subjectName(alarm);
  const tags = [];
  if (alarm.occurrences > 1) tags.push(`${alarm.occurrences}${t("times")}`);
  if (alarm.escalation_level) tags.push(`▲${alarm.escalation_level}`);
  if (alarm.handling === "review") tags.push(V.choice(m.handlings, "review"));
  item.querySelector(".tags").textContent = tags.join(" · ");
  const time = item.querySelector(".time");
  time.dateTime = alarm.last_occurred_at || alarm.occurred_at;
  time.textContent = V.fmtShort(time.dateTime);
  time.title = V.fmtTime(time.dateTime);
  const ack = item.querySelector(".ack");
  ack.textContent = t("acknowledge");
  ack.hidden = !UNACKNOWLEDGED.has(alarm.status) || !V.may("alarms:work");
  item.classList.toggle("selected", S.selected === alarm.id);
  if (S.selected === alarm.id) item.setAttribute("aria-current", "true"); else item.removeAttribute("aria-current");
  item.setAttribute("aria-label", `${item.querySelector(".severity").textContent}, ${item.querySelector(".kind").textContent}: ${V.subjectName(alarm)}, ${status.textContent}`);
  return item;
}

function renderQueue() {
  const focused = document.activeElement && document.activeElement.closest(".alarm, .incident");
  const sorted = [...S.alarms.values()].filter(visible).sort(ValvoQueue.order);
  // A person's related alarms as one incident card, expandable (incidents.js).
  const items = V.incidents ? V.incidents.arrange(sorted, itemFor) : sorted.map(itemFor);
  $("#alarm-list").replaceChildren(...items);
  if (focused && focused.isConnected) focused.focus({ preventScroll: true });
  updateCount();
}
V.renderQueue = renderQueue;

function updateCount() {
  const open = [...S.alarms.values()].filter((a) => OPEN.has(a.status)).length;
  $("#open-count").textContent = String(open);
  const urgent = [...S.alarms.values()].filter((a) => UNACKNOWLEDGED.has(a.status)
    && SEVERITY_RANK[a.severity] >= 3 && a.handling !== "review").length;
  document.title = urgent ? `(${urgent}) ${t("title")}` : t("title");
}

let pending = null;
V.upsert = function upsert(alarm, live = false) {
  const isNew = !S.alarms.has(alarm.id);
  S.alarms.set(alarm.id, alarm);
  if (alarm.region && !S.regions.includes(alarm.region)) { S.regions.push(alarm.region); S.regions.sort(); fillFilters(); }
  if (live && isNew && alarm.handling !== "review" && SEVERITY_RANK[alarm.severity] >= 3) {
    V.night.ring();
    V.announce(`${t("new_alarm")}: ${V.choice(S.meta.alarm_kinds, alarm.kind)}, ${V.subjectName(alarm)}`);
  }
  if (live && isNew) itemFor(alarm).classList.add("new");
  if (S.selected === alarm.id) V.detail.render(true);
  if (live && V.incidents) V.incidents.changed(alarm);
  clearTimeout(pending);
  pending = setTimeout(renderQueue, live ? 50 : 0);
};

async function loadAlarms() {
  const alarms = await V.api("/api/alarms?limit=500");
  for (const alarm of alarms) S.alarms.set(alarm.id, alarm);
  renderQueue();
}

// --- the live feed -----------------------------------------------------------------------------

async function follow() {
  for (;;) {
    try {
      const response = await ValvoSession.authFetch("/api/live");
      if (!response.ok) throw new Error(response.statusText);
      $("#feed-status").textContent = t("live");
      $("#feed-status").classList.add("live");
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const chunk = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = chunk.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
          if (data) onEvent(JSON.parse(data));
        }
      }
    } catch (e) { /* reconnect below */ }
    $("#feed-status").textContent = t("offline");
    $("#feed-status").classList.remove("live");
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function onEvent(event) {
  if (event.type === "alarm") {
    V.upsert(event.alarm, true);
    refreshPositions().catch(() => {});
    if (S.view === "review") V.review.load();
  } else if (event.type === "review") {
    if (S.view === "review") V.review.load();
  } else if (event.type === "shift_note") {
    if (S.view === "handover") V.handover.load();
  } else if (event.type === "overflow") {
    loadAlarms().catch(() => {});
  }
}

// --- the desk map ------------------------------------------------------------------------------

function setupMap() {
  S.map = L.map("map", { zoomControl: true }).setView([60.19, 24.94], 11);
  L.tileLayer(S.meta.tile_url, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(S.map);
  S.zoneLayer = L.layerGroup().addTo(S.map);
  S.positionLayer = L.layerGroup().addTo(S.map);
  S.focusLayer = L.layerGroup().addTo(S.map);
}

// A person's marker on a map: their last fix, named (with the birth date that tells people of
// the same name apart), opening the person when clicked or on Enter.
V.personMarker = function personMarker(p, layer, label) {
  if (p.accuracy_m) {
    L.circle([p.lat, p.lon], { radius: p.accuracy_m, color: "#2563eb", weight: 1, fillOpacity: 0.1, interactive: false }).addTo(layer);
  }
  const marker = L.circleMarker([p.lat, p.lon], { radius: 6, color: "#1d4ed8", fillOpacity: 0.9, className: "person-marker" })
    .bindTooltip(label).addTo(layer);
  marker.on("click", () => { location.hash = `subject/${p.subject_id}`; });
  const path = marker.getElement && marker.getElement();
  if (path) {
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "link");
    path.setAttribute("aria-label", label);
    path.dataset.subject = p.subject_id;
    path.addEventListener("keydown", (e) => { if (e.key === "Enter") location.hash = `subject/${p.subject_id}`; });
  }
  return marker;
};

V.drawZones = function drawZones(layer, zones) {
  const bounds = L.latLngBounds([]);
  for (const zone of zones) {
    const red = zone.kind === "exclusion";
    const shape = L.geoJSON(zone.geometry, { style: { color: red ? "#dc2626" : "#16a34a", weight: 2, fillOpacity: 0.12 } })
      .bindTooltip(zone.name).addTo(layer);
    bounds.extend(shape.getBounds());
  }
  return bounds;
};

async function refreshMap() {
  const zones = await V.api("/api/zones");
  S.zoneLayer.clearLayers();
  const bounds = V.drawZones(S.zoneLayer, zones);
  if (!S.fitted && bounds.isValid()) { S.map.fitBounds(bounds.pad(0.2)); S.fitted = true; }
  await refreshPositions();
}

async function refreshPositions() {
  if (!S.map) return;
  if (!V.may("location:read")) return;
  const positions = await V.api("/api/positions/latest");
  S.positionLayer.clearLayers();
  for (const p of positions) V.personMarker(p, S.positionLayer, V.personLabel(S.subjects[p.subject_id], p.subject_id));
}

V.personLabel = (s, id) => (s ? `${s.name}${s.birth_date ? ` (${t("born")} ${V.fmtDate(s.birth_date)})` : ""}` : id);

V.focusMap = function focusMap(alarm) { if (V.alarmMap) V.alarmMap.show(alarm).catch(() => {}); };

// --- keyboard ----------------------------------------------------------------------------------

function keyboard(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if ($("#help").open) return;
  const views = { 1: "desk", 2: "review", 3: "stats", 4: "handover" };
  if (views[event.key]) { location.hash = views[event.key]; event.preventDefault(); return; }
  if (event.key === "b" && V.may("registry:read")) { location.hash = "board"; event.preventDefault(); return; }
  if (event.key === "?") { $("#help").showModal(); event.preventDefault(); return; }
  if (S.view !== "desk") { if (event.key === "Escape") location.hash = "desk"; return; }
  const items = [...document.querySelectorAll("#alarm-list .alarm, #alarm-list .incident")];
  const current = document.activeElement && document.activeElement.closest(".alarm, .incident");
  if (!["j", "k", "ArrowDown", "ArrowUp", "s"].includes(event.key) && V.incidents && V.incidents.key(event, current)) {
    event.preventDefault();
    return;
  }
  let index = items.indexOf(current);
  if (index < 0 && S.selected) index = items.findIndex((i) => i.dataset.id === S.selected);
  const id = S.selected || (index >= 0 ? items[index].dataset.id : null);
  if (event.key === "j" || event.key === "ArrowDown") (items[index + 1] || items[0])?.focus();
  else if (event.key === "k" || event.key === "ArrowUp") (items[index - 1] || items[0])?.focus();
  else if (event.key === "a" && id && V.may("alarms:work")) V.detail.step(id, "acknowledge");
  else if (event.key === "i" && id && V.may("alarms:work")) V.detail.step(id, "investigate");
  else if (event.key === "r" && S.selected) $("#act-cause").focus();
  else if (event.key === "n" && S.selected) $("#act-note").focus();
  else if (event.key === "s" && id) location.hash = `subject/${S.alarms.get(id).subject_id}`;
  else if (event.key === "Escape") { V.detail.close(); items[index]?.focus(); }
  else return;
  event.preventDefault();
}

// --- start -------------------------------------------------------------------------------------

async function start() {
  S.may = await ValvoSession.me();
  const home = ValvoSession.home(S.may);
  // A role without the alarm desk or the audit browser has nothing on this page.
  if (!S.may.has("alarms:read") && !S.may.has("audit:read")) { location.replace(home); return; }
  ValvoSession.gate(S.may);
  $("#login-view").hidden = true;
  $("#main").hidden = false;
  $("#nav").hidden = false;
  $("#logout").hidden = false;
  $("#help-button").hidden = false;
  V.night.start();
  $("#who").textContent = sessionStorage.getItem("valvo.user") || "";
  S.meta = await (await fetch("/api/meta")).json();
  if (!S.may.has("alarms:read")) { S.loaded = true; applyText(); route(); return; }
  for (const s of await V.api("/api/subjects")) S.subjects[s.id] = s;
  S.regions = [...new Set(Object.values(S.subjects).map((s) => s.region))].sort();
  fillFilters();
  await loadAlarms();
  V.incidents && V.incidents.load();
  setupMap();
  S.loaded = true;
  applyText();
  refreshMap().catch(() => {});
  V.pipelineHealth.start();
  V.identityDesk && V.identityDesk.start();
  setInterval(() => refreshPositions().catch(() => {}), 5000);
  setInterval(() => refreshMap().catch(() => {}), 60000);
  follow();
}

$("#login-form").addEventListener("submit", login);
$("#logout").addEventListener("click", logout);
$("#help-button").addEventListener("click", () => $("#help").showModal());
$("#lang").addEventListener("change", (e) => {
  S.lang = e.target.value;
  localStorage.setItem("valvo.lang", S.lang);
  applyText();
});
for (const id of ["#status-filter", "#region-filter", "#kind-filter", "#severity-filter"]) {
  $(id).addEventListener("change", renderQueue);
}
for (const id of ["#period-from", "#period-to"]) $(id).addEventListener("change", loadPeriod);
window.addEventListener("hashchange", route);
document.addEventListener("keydown", keyboard);
// Once every script of the page has run (the detail, board and night-shift modules too).
document.addEventListener("DOMContentLoaded", () => {
  applyText();
  if (S.token && ValvoSession.scope() === "full") start().catch(() => logout());
});
