// Victims of the case and their protection zones; the person's restraining orders, shown where
// the restrictions are set. Only roles that may read who the victim is see this section; only
// the case's supervisor adds to it. The zone is a centre picked on the map (or typed) with a
// radius, and a warning buffer around it. Uses cases.js's helpers ($, el, state, when, json, post).
"use strict";

const VICTIM_TEXT = {
  en: {
    title: "Victims and protection zones", none: "No victim recorded for this case.",
    orders: "Restraining orders", no_orders: "No restraining order recorded.",
    add: "Add a victim", name: "Victim's name", contact_person: "Contact person (optional)",
    contact_channel: "E-mail for notifications", opt_in: "The victim wants to be notified",
    centre: "Centre of the zone: click the map, or type", lat: "Latitude", lon: "Longitude",
    radius: "Protection zone radius (m)", buffer: "Warning buffer around it (m)",
    save: "Save the victim", saved: "Saved; the engine now enforces the zones.",
    notified: "notified", not_notified: "not notified", buffer_short: "warning buffer",
    radius_short: "zone", in_force: "in force", ended: "no longer in force",
    pick_centre: "Pick the centre on the map first.", via: "via",
    add_order: "Record a restraining order", court: "Court", decided_on: "Decided on",
    valid_from: "In force from", valid_to: "In force until (optional)", terms: "Terms",
    save_order: "Save the restraining order", protects: "protects the victim", victim: "Victim",
    no_victim: "—", refused: "Not saved:", order_saved: "Saved.", from_day: "in force from {day}",
    end_now: "End the protection now",
  },
  fi: {
    title: "Uhrit ja suojavyöhykkeet", none: "Asiaan ei ole kirjattu uhria.",
    orders: "Lähestymiskiellot", no_orders: "Lähestymiskieltoa ei ole kirjattu.",
    add: "Lisää uhri", name: "Uhrin nimi", contact_person: "Yhteyshenkilö (valinnainen)",
    contact_channel: "Sähköposti ilmoituksille", opt_in: "Uhri haluaa ilmoituksen",
    centre: "Vyöhykkeen keskipiste: napsauta karttaa tai kirjoita", lat: "Leveysaste", lon: "Pituusaste",
    radius: "Suojavyöhykkeen säde (m)", buffer: "Varoitusalue sen ympärillä (m)",
    save: "Tallenna uhri", saved: "Tallennettu; valvonta noudattaa vyöhykkeitä.",
    notified: "saa ilmoituksen", not_notified: "ei ilmoitusta", buffer_short: "varoitusalue",
    radius_short: "vyöhyke", in_force: "voimassa", ended: "ei enää voimassa",
    pick_centre: "Valitse ensin keskipiste kartalta.", via: "osoitteeseen",
    add_order: "Kirjaa lähestymiskielto", court: "Tuomioistuin", decided_on: "Päätöspäivä",
    valid_from: "Voimassa alkaen", valid_to: "Voimassa asti (valinnainen)", terms: "Ehdot",
    save_order: "Tallenna lähestymiskielto", protects: "suojaa uhria", victim: "Uhri",
    no_victim: "—", refused: "Ei tallennettu:", order_saved: "Tallennettu.", from_day: "voimassa {day} alkaen",
    end_now: "Päätä suojaus nyt",
  },
};

const vt = (key) => (VICTIM_TEXT[state.lang] || VICTIM_TEXT.en)[key] ?? VICTIM_TEXT.en[key] ?? key;
const victimState = { map: null, preview: null, recorded: null, victims: [], may: new Set() };

function victimLabels() {
  document.querySelectorAll("[data-vt]").forEach((e) => { e.textContent = vt(e.dataset.vt); });
}

async function renderVictims(detail) {
  const box = $("#victims-box");
  victimState.may = await ValvoSession.me();
  box.hidden = !victimState.may.has("victims:read");
  if (box.hidden) return;
  victimLabels();
  for (const id of ["#v-result", "#ro-result"]) $(id).textContent = "";
  $("#victim-forms").hidden = !victimState.may.has("victims:work");
  const [victims, orders] = await Promise.all([
    json(`/api/cases/${detail.id}/victims`).catch(() => []),
    // The orders are read from the person's register: a role without it (the prosecutor)
    // sees the victims and not the orders, and is not sent to a route it may not use.
    victimState.may.has("registry:read")
      ? json(`/api/subjects/${detail.subject_id}/restraining-orders`).catch(() => [])
      : Promise.resolve([]),
  ]);
  victimState.victims = victims;
  const list = $("#victim-list");
  list.replaceChildren(...(victims.length ? victims.map((v) => {
    const notify = v.notify_opt_in ? `${vt("notified")} ${vt("via")} ${String(v.contact_channel).replace(/^mailto:/, "")}` : vt("not_notified");
    const who = v.contact_person ? ` (${v.contact_person})` : "";
    const li = el("li", `${v.name}${who} — ${vt("buffer_short")} ${Math.round(v.buffer_m)} m, ${notify}; ${vt(v.in_force ? "in_force" : "ended")}`);
    if (v.in_force && victimState.may.has("victims:work")) {
      const end = el("button", vt("end_now"));
      end.type = "button";
      end.addEventListener("click", async () => {
        try {
          await post(`/api/victims/${v.id}/end`, { valid_to: new Date().toISOString() });
          await renderVictims(state.detail);
        } catch (e) { li.append(el("span", ` ${vt("refused")} ${e.message}`, "step-result")); }
      });
      li.append(" ", end);
    }
    return li;
  }) : [el("li", vt("none"), "muted")]));
  const ordersList = $("#restraining-list");
  ordersList.hidden = $("#restraining-title").hidden = !victimState.may.has("registry:read");
  const day = (iso) => new Date(iso).toLocaleDateString(state.lang === "fi" ? "fi-FI" : "en-GB");
  const period = (o) => (o.valid_to ? `${day(o.valid_from)}–${day(o.valid_to)}` : vt("from_day").replace("{day}", day(o.valid_from)));
  ordersList.replaceChildren(...(orders.length ? orders.map((o) => el("li",
    `${o.court}, ${period(o)}${o.protects_victim ? ` (${vt("protects")})` : ""}: ${o.terms}`))
    : [el("li", vt("no_orders"), "muted")]));
  const select = $("#ro-victim");
  select.replaceChildren(new Option(vt("no_victim"), ""), ...victims.map((v) => new Option(v.name, v.id)));
  if (!$("#victim-forms").hidden) {
    await victimMap(detail);
    drawVictims(victims);
  }
}

// The zones already recorded: each exclusion zone, and its buffer drawn around it.
function drawVictims(victims) {
  if (!victimState.map) return;
  if (victimState.recorded) victimState.recorded.remove();
  const group = L.featureGroup().addTo(victimState.map);
  victimState.recorded = group;
  for (const v of victims.filter((x) => x.in_force)) {
    const zone = L.geoJSON(v.zone, { style: { color: "#dc2626", weight: 3, fillOpacity: 0.2 } }).addTo(group);
    const b = zone.getBounds();
    const radius = b.getCenter().distanceTo(L.latLng(b.getNorth(), b.getCenter().lng));
    L.circle(b.getCenter(), { radius: radius + v.buffer_m, color: "#ea580c", weight: 2, dashArray: "6 4", fillOpacity: 0.06 })
      .bindTooltip(v.name).addTo(group);
  }
  if (group.getLayers().length) victimState.map.fitBounds(group.getBounds().pad(0.2));
}

async function victimMap(detail) {
  if (victimState.map || typeof L === "undefined") return;
  const meta = await json("/api/meta").catch(() => ({}));
  const map = L.map("victim-map", { zoomControl: true }).setView([60.1699, 24.9384], 12);
  if (meta.tile_url) L.tileLayer(meta.tile_url, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  victimState.map = map;
  victimState.preview = L.layerGroup().addTo(map);
  map.on("click", (e) => {
    $("#v-lat").value = e.latlng.lat.toFixed(6);
    $("#v-lon").value = e.latlng.lng.toFixed(6);
    drawVictimPreview();
  });
}

function drawVictimPreview() {
  const lat = parseFloat($("#v-lat").value);
  const lon = parseFloat($("#v-lon").value);
  if (!victimState.preview || Number.isNaN(lat) || Number.isNaN(lon)) return;
  const radius = parseFloat($("#v-radius").value) || 0;
  const buffer = parseFloat($("#v-buffer").value) || 0;
  victimState.preview.clearLayers();
  L.circle([lat, lon], { radius: radius + buffer, color: "#ea580c", weight: 2, dashArray: "6 4", fillOpacity: 0.06 }).addTo(victimState.preview);
  L.circle([lat, lon], { radius, color: "#dc2626", weight: 3, fillOpacity: 0.2 }).addTo(victimState.preview);
}

async function saveVictim(event) {
  event.preventDefault();
  const result = $("#v-result");
  result.textContent = "";
  const lat = parseFloat($("#v-lat").value);
  const lon = parseFloat($("#v-lon").value);
  if (Number.isNaN(lat) || Number.isNaN(lon)) { result.textContent = vt("pick_centre"); return; }
  const email = $("#v-channel").value.trim();
  const body = {
    name: $("#v-name").value,
    contact_person: $("#v-contact").value.trim() || null,
    contact_channel: email ? (email.includes(":") ? email : `mailto:${email}`) : null,
    notify_opt_in: $("#v-opt-in").checked,
    zone: { type: "Point", coordinates: [lon, lat] },
    radius_m: parseFloat($("#v-radius").value),
    buffer_m: parseFloat($("#v-buffer").value),
  };
  try {
    await post(`/api/cases/${state.caseId}/victims`, body);
    $("#victim-form").reset();
    if (victimState.preview) victimState.preview.clearLayers();
    await renderVictims(state.detail);
    result.textContent = vt("saved");
    result.className = "step-result ok";
  } catch (e) {
    result.textContent = `${vt("refused")} ${e.message}`;
    result.className = "step-result";
  }
}

async function saveRestrainingOrder(event) {
  event.preventDefault();
  const result = $("#ro-result");
  result.textContent = "";
  const instant = (day) => (day ? new Date(`${day}T00:00`).toISOString() : null);
  const body = {
    court: $("#ro-court").value,
    decided_at: instant($("#ro-decided").value),
    valid_from: instant($("#ro-from").value),
    valid_to: instant($("#ro-to").value),
    terms: $("#ro-terms").value,
    victim_id: $("#ro-victim").value || null,
  };
  try {
    await post(`/api/cases/${state.caseId}/restraining-orders`, body);
    $("#restraining-form").reset();
    await renderVictims(state.detail);
    result.textContent = vt("order_saved");
    result.className = "step-result ok";
  } catch (e) {
    result.textContent = `${vt("refused")} ${e.message}`;
    result.className = "step-result";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#victim-form").addEventListener("submit", saveVictim);
  $("#restraining-form").addEventListener("submit", saveRestrainingOrder);
  for (const id of ["#v-lat", "#v-lon", "#v-radius", "#v-buffer"]) $(id).addEventListener("input", drawVictimPreview);
});
