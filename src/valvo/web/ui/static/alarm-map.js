// Why an alarm fired, on the desk map: the fixes the rule used, numbered, with their accuracy
// circles; the person's track leading in (solid) and out (dashed); the person's zones with their
// names, the one the rule judged drawn heavier; a legend; and only this person unless the
// operator asks to see everyone. A home-unit alarm lists the unit's events on a timeline.
// The evidence is location history: the server records every read.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;
  const RED = "#dc2626";
  let legend = null;
  let everyone = false;
  let shown = { id: null, evidence: null };

  function legendControl() {
    const control = L.control({ position: "bottomright" });
    control.onAdd = () => {
      const box = L.DomUtil.create("div", "map-legend");
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  function renderLegend() {
    if (!legend) { legend = legendControl(); legend.addTo(S.map); }
    const box = legend.getContainer();
    const row = (cls, key) => el("li", {}, el("span", { class: `key ${cls}`, "aria-hidden": "true" }), t(key));
    const toggle = el("input", { type: "checkbox", id: "show-everyone" });
    toggle.checked = everyone;
    toggle.addEventListener("change", () => { everyone = toggle.checked; layersForFocus(); });
    box.replaceChildren(
      el("strong", { text: t("legend") }),
      el("ul", {}, row("key-fix", "legend_fix"), row("key-accuracy", "legend_accuracy"),
        row("key-before", "legend_before"), row("key-after", "legend_after"),
        row("key-exclusion", "legend_exclusion"), row("key-inclusion", "legend_inclusion")),
      el("label", { for: "show-everyone" }, toggle, ` ${t("show_everyone")}`));
    box.hidden = false;
  }

  // Everyone's dots and zones, or only this person's (the default while an alarm is open).
  function layersForFocus() {
    const focused = shown.id !== null;
    for (const layer of [S.positionLayer, S.zoneLayer]) {
      if (!layer) continue;
      if (focused && !everyone) S.map.removeLayer(layer);
      else if (!S.map.hasLayer(layer)) layer.addTo(S.map);
    }
  }

  function numbered(n) {
    return L.divIcon({ className: "fix-number", html: `<span>${n}</span>`, iconSize: [22, 22], iconAnchor: [11, 11] });
  }

  function draw(alarm, ev) {
    const layer = S.focusLayer;
    layer.clearLayers();
    const bounds = L.latLngBounds([]);
    for (const zone of ev.zones) {
      const judged = ev.zone && zone.id === ev.zone.id;
      const red = zone.kind === "exclusion";
      const shape = L.geoJSON(zone.geometry, { style: {
        color: red ? RED : "#16a34a", weight: judged ? 4 : 2, fillOpacity: judged ? 0.18 : 0.08,
        dashArray: judged ? null : "4 4" } }).addTo(layer);
      // The name above the zone's top edge, clear of the fixes inside it.
      const edge = shape.getBounds();
      L.tooltip({ permanent: true, direction: "top", className: "zone-label", offset: [0, -4] })
        .setLatLng([edge.getNorth(), edge.getCenter().lng]).setContent(zone.name).addTo(layer);
      if (judged) bounds.extend(edge);
    }
    const at = Date.parse(alarm.occurred_at);
    const before = ev.track.filter((p) => Date.parse(p.time) <= at).map((p) => [p.lat, p.lon]);
    const after = ev.track.filter((p) => Date.parse(p.time) >= at).map((p) => [p.lat, p.lon]);
    if (before.length > 1) L.polyline(before, { color: "#1d4ed8", weight: 3 }).addTo(layer);
    if (after.length > 1) L.polyline(after, { color: "#7c3aed", weight: 3, dashArray: "6 6" }).addTo(layer);
    const used = new Set(ev.evidence.map((f) => f.seq));
    for (const p of ev.track) {
      if (used.has(p.seq)) continue;
      if (p.accuracy_m) L.circle([p.lat, p.lon], { radius: p.accuracy_m, color: "#2563eb", weight: 1, fillOpacity: 0.04, interactive: false }).addTo(layer);
      L.circleMarker([p.lat, p.lon], { radius: 3, color: "#1d4ed8", fillOpacity: 0.9 })
        .bindTooltip(`${V.fmtTime(p.time)}${p.accuracy_m ? ` ±${Math.round(p.accuracy_m)} m` : ""}`).addTo(layer);
      bounds.extend([p.lat, p.lon]);
    }
    for (const f of ev.evidence) {
      if (f.accuracy_m) L.circle([f.lat, f.lon], { radius: f.accuracy_m, color: RED, weight: 2, fillOpacity: 0.15, interactive: false }).addTo(layer);
      L.marker([f.lat, f.lon], { icon: numbered(f.n), keyboard: false })
        .bindTooltip(`${f.n}. ${V.fmtTime(f.time)}${f.accuracy_m ? ` ±${Math.round(f.accuracy_m)} m` : ""}`).addTo(layer);
      bounds.extend(L.latLng(f.lat, f.lon).toBounds(2 * (f.accuracy_m || 10)));
    }
    if (bounds.isValid()) S.map.fitBounds(bounds.pad(0.15), { maxZoom: 17 });
  }

  // A victim's zone, only while its alarm is open: the exclusion zone and its warning buffer,
  // named for what they are; the server never says whose they are.
  async function drawVictimZone(alarm) {
    let zone;
    try { zone = await V.api(`/api/alarms/${encodeURIComponent(alarm.id)}/victim-zone`); } catch (e) { return; }
    if (shown.id !== alarm.id) return;
    const layer = S.focusLayer;
    const buffer = L.geoJSON(zone.buffer, { style: { color: "#ea580c", weight: 2, dashArray: "6 4", fillOpacity: 0.06 } }).addTo(layer);
    const core = L.geoJSON(zone.exclusion, { style: { color: RED, weight: 3, fillOpacity: 0.2 } }).addTo(layer);
    const top = buffer.getBounds();
    L.tooltip({ permanent: true, direction: "top", className: "zone-label", offset: [0, -4] })
      .setLatLng([top.getNorth(), top.getCenter().lng])
      .setContent(t("victim_zone")).addTo(layer);
    buffer.bindTooltip(`${t("victim_buffer")} ${Math.round(zone.buffer_m)} m`);
    const bounds = L.latLngBounds(top.getSouthWest(), top.getNorthEast()).extend(core.getBounds());
    for (const f of (shown.evidence ? shown.evidence.evidence : [])) bounds.extend([f.lat, f.lon]);
    S.map.fitBounds(bounds.pad(0.3), { maxZoom: 17, animate: false });
  }

  function eventLabel(e) {
    const key = `ev_${e.event}`;
    return window.VALVO_TEXT.en[key] ? t(key) : t("ev_other");
  }

  function renderSide(ev) {
    $("#why").hidden = false;
    $("#why-fixes").replaceChildren(...(ev.evidence.length
      ? ev.evidence.map((f) => el("li", { value: String(f.n) },
        el("time", { datetime: f.time, text: V.fmtTime(f.time) }),
        f.accuracy_m ? ` · ±${Math.round(f.accuracy_m)} m` : ""))
      : [el("li", { class: "muted none", text: t("why_none") })]));
    $("#why-rf").hidden = !ev.rf;
    $("#why-events").replaceChildren(...(ev.events.length
      ? ev.events.map((e) => el("li", { class: e.in_range === false ? "rf-out" : e.in_range ? "rf-in" : "" },
        el("time", { datetime: e.time, text: V.fmtTime(e.time) }), ` ${eventLabel(e)}`))
      : [el("li", { class: "muted", text: t("why_no_events") })]));
  }

  async function show(alarm) {
    if (!S.focusLayer) return;
    if (!alarm) {
      shown = { id: null, evidence: null };
      S.focusLayer.clearLayers();
      $("#why").hidden = true;
      if (legend) legend.getContainer().hidden = true;
      layersForFocus();
      return;
    }
    if (!V.may("location:read")) { $("#why").hidden = true; return; }
    if (shown.id !== alarm.id || !shown.evidence) {
      if (shown.id === alarm.id && shown.loading) return;  // the first call draws it
      shown = { id: alarm.id, evidence: null, loading: true };
      layersForFocus();
      let ev;
      try { ev = await V.api(`/api/alarms/${encodeURIComponent(alarm.id)}/evidence`); } finally {
        if (shown.id === alarm.id) shown.loading = false;
      }
      if (shown.id !== alarm.id) return;
      shown.evidence = ev;
      draw(alarm, ev);
      if (alarm.kind.startsWith("victim_") && V.OPEN.has(alarm.status)) drawVictimZone(alarm);
    }
    renderSide(shown.evidence);
    renderLegend();
  }

  V.alarmMap = { show };
})();
