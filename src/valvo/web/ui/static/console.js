// Valvo operators' console: login, the live alarm queue, and a map of zones and last positions.
"use strict";

const state = { token: sessionStorage.getItem("valvo.token"), meta: null, subjects: {},
  alarms: new Map(), lang: localStorage.getItem("valvo.lang") || "en", map: null,
  zoneLayer: null, positionLayer: null, unseen: 0, fitted: false };

const $ = (sel) => document.querySelector(sel);
const t = (key) => (window.VALVO_TEXT[state.lang] || {})[key] || key;

function applyText() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $("#lang").value = state.lang;
  state.alarms.forEach((alarm) => renderAlarm(alarm));
}

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: `Bearer ${state.token}` }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) { logout(); throw new Error("session expired"); }
  if (!response.ok) { throw new Error((await response.json()).detail || response.statusText); }
  return response.json();
}

async function login(event) {
  event.preventDefault();
  const body = new URLSearchParams({ username: $("#username").value, password: $("#password").value });
  const response = await fetch("/api/auth/token", { method: "POST", body });
  if (!response.ok) { $("#login-error").textContent = t("login_failed"); return; }
  const token = await response.json();
  state.token = token.access_token;
  sessionStorage.setItem("valvo.token", state.token);
  sessionStorage.setItem("valvo.user", `${token.username} (${token.role})`);
  start();
}

function logout() {
  sessionStorage.removeItem("valvo.token");
  state.token = null;
  location.reload();
}

function choice(list, value) {
  const found = (list || []).find((c) => c.value === value);
  return found ? (state.lang === "fi" ? found.label_fi : found.label_en) : value;
}
function colour(list, value) {
  const found = (list || []).find((c) => c.value === value);
  return found ? found.colour : "#6b7280";
}

function renderAlarm(alarm, isNew = false) {
  state.alarms.set(alarm.id, alarm);
  let item = document.getElementById(`alarm-${alarm.id}`);
  if (!item) {
    item = $("#alarm-template").content.firstElementChild.cloneNode(true);
    item.id = `alarm-${alarm.id}`;
    item.dataset.id = alarm.id;
    item.querySelector(".ack").addEventListener("click", () => acknowledge(alarm.id));
    item.querySelector(".resolve").addEventListener("click", () => resolve(alarm.id));
    const select = item.querySelector(".cause");
    for (const cause of state.meta.causes) {
      const option = document.createElement("option");
      option.value = cause; option.textContent = cause.replaceAll("_", " ");
      select.appendChild(option);
    }
    $("#alarm-list").prepend(item);
  }
  if (isNew) { item.classList.add("new"); }
  const m = state.meta;
  item.style.borderLeftColor = colour(m.severities, alarm.severity);
  item.querySelector(".severity").textContent = choice(m.severities, alarm.severity);
  item.querySelector(".kind").textContent = choice(m.alarm_kinds, alarm.kind);
  const status = item.querySelector(".status");
  status.textContent = choice(m.alarm_statuses, alarm.status);
  status.style.color = colour(m.alarm_statuses, alarm.status);
  item.dataset.status = alarm.status;
  item.querySelector(".subject").textContent = alarm.subject_name || state.subjects[alarm.subject_id] || alarm.subject_id;
  const time = item.querySelector(".time");
  time.dateTime = alarm.occurred_at;
  time.textContent = new Date(alarm.occurred_at).toLocaleString(state.lang === "fi" ? "fi-FI" : "en-GB");
  item.querySelector(".explanation").textContent = state.lang === "fi" ? alarm.explanation.text_fi : alarm.explanation.text_en;
  item.querySelector(".ack").hidden = alarm.status !== "raised";
  item.querySelector(".resolve").hidden = alarm.status === "resolved";
  item.querySelector(".cause").hidden = alarm.status === "resolved";
  item.setAttribute("aria-label", `${item.querySelector(".kind").textContent}: ${item.querySelector(".subject").textContent}`);
  applyFilter(item);
  updateCount();
}

function applyFilter(item) {
  const filter = $("#status-filter").value;
  const status = item.dataset.status;
  item.hidden = filter === "open" ? status === "resolved" : status !== filter;
}

function updateCount() {
  const open = [...state.alarms.values()].filter((a) => a.status !== "resolved").length;
  $("#open-count").textContent = String(open);
  document.title = state.unseen ? `(${state.unseen}) Valvo` : "Valvo — monitoring centre";
}

async function acknowledge(id) {
  renderAlarm(await api(`/api/alarms/${id}/acknowledge`, { method: "POST" }));
}

async function resolve(id) {
  const cause = document.querySelector(`#alarm-${id} .cause`).value;
  renderAlarm(await api(`/api/alarms/${id}/resolve`, { method: "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ cause }) }));
}

function beep() {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 880; osc.connect(ctx.destination); osc.start();
    osc.stop(ctx.currentTime + 0.2);
  } catch (e) { /* sound is best effort */ }
}

async function follow() {
  for (;;) {
    try {
      const response = await fetch("/api/live", { headers: { Authorization: `Bearer ${state.token}` } });
      if (!response.ok) { throw new Error(response.statusText); }
      $("#feed-status").textContent = t("live"); $("#feed-status").classList.add("live");
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const chunk = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
          const data = chunk.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
          if (!data) continue;
          const event = JSON.parse(data);
          if (event.type === "alarm") {
            renderAlarm(event.alarm, true);
            refreshPositions().catch(() => {});
            if (document.hidden) { state.unseen += 1; updateCount(); }
            if (["high", "critical"].includes(event.alarm.severity)) beep();
          }
        }
      }
    } catch (e) { /* reconnect below */ }
    $("#feed-status").textContent = t("offline"); $("#feed-status").classList.remove("live");
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function setupMap() {
  state.map = L.map("map", { zoomControl: true }).setView([60.19, 24.94], 11);
  L.tileLayer(state.meta.tile_url, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(state.map);
  state.zoneLayer = L.layerGroup().addTo(state.map);
  state.positionLayer = L.layerGroup().addTo(state.map);
}

async function refreshMap() {
  const zones = await api("/api/zones");
  state.zoneLayer.clearLayers();
  const bounds = L.latLngBounds([]);
  for (const zone of zones) {
    const red = zone.kind === "exclusion";
    const layer = L.geoJSON(zone.geometry, { style: { color: red ? "#dc2626" : "#16a34a", weight: 2, fillOpacity: 0.12 } })
      .bindTooltip(zone.name).addTo(state.zoneLayer);
    bounds.extend(layer.getBounds());
  }
  if (!state.fitted && bounds.isValid()) { state.map.fitBounds(bounds.pad(0.2)); state.fitted = true; }
  await refreshPositions();
}

async function refreshPositions() {
  const positions = await api("/api/positions/latest");
  state.positionLayer.clearLayers();
  for (const p of positions) {
    if (p.accuracy_m) {
      L.circle([p.lat, p.lon], { radius: p.accuracy_m, color: "#2563eb", weight: 1, fillOpacity: 0.1 }).addTo(state.positionLayer);
    }
    L.circleMarker([p.lat, p.lon], { radius: 5, color: "#1d4ed8", fillOpacity: 0.9 })
      .bindTooltip(state.subjects[p.subject_id] || p.subject_id).addTo(state.positionLayer);
  }
}

function keyboard(event) {
  if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
  const items = [...document.querySelectorAll(".alarm:not([hidden])")];
  const index = items.indexOf(document.activeElement);
  if (event.key === "j" || event.key === "ArrowDown") { (items[index + 1] || items[0])?.focus(); }
  else if (event.key === "k" || event.key === "ArrowUp") { (items[index - 1] || items[0])?.focus(); }
  else if (event.key === "a" && index >= 0) { acknowledge(items[index].dataset.id); }
  else if (event.key === "r" && index >= 0) { resolve(items[index].dataset.id); }
  else return;
  event.preventDefault();
}

async function start() {
  $("#login-view").hidden = true;
  $("#desk-view").hidden = false;
  $("#logout").hidden = false;
  $("#who").textContent = sessionStorage.getItem("valvo.user") || "";
  state.meta = await (await fetch("/api/meta")).json();
  for (const s of await api("/api/subjects")) state.subjects[s.id] = s.name;
  const alarms = await api("/api/alarms?limit=200");
  alarms.reverse().forEach((a) => renderAlarm(a));
  setupMap();
  await refreshMap();
  setInterval(() => refreshPositions().catch(() => {}), 5000);
  setInterval(() => refreshMap().catch(() => {}), 60000);
  follow();
}

$("#login-form").addEventListener("submit", login);
$("#logout").addEventListener("click", logout);
$("#lang").addEventListener("change", (e) => { state.lang = e.target.value; localStorage.setItem("valvo.lang", state.lang); applyText(); });
$("#status-filter").addEventListener("change", () => document.querySelectorAll(".alarm").forEach(applyFilter));
document.addEventListener("keydown", keyboard);
document.addEventListener("visibilitychange", () => { if (!document.hidden) { state.unseen = 0; updateCount(); } });
applyText();
if (state.token) start().catch(() => logout());
