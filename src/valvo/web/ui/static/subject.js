// The subject page: the person, orders, plan summary, devices and their health, and a map with
// the zones; history.js draws the track of a chosen period on it, with its timeline and playback.
// Opening it is a location read: the server records it in the audit trail.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;
  let map = null;
  let layers = null;
  let current = null;

  function setupMap() {
    map = L.map("subject-map", { zoomControl: true }).setView([60.19, 24.94], 12);
    L.tileLayer(S.meta.tile_url, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    layers = { zones: L.layerGroup().addTo(map), track: L.layerGroup().addTo(map) };
  }

  async function open(id) {
    const page = await V.api(`/api/desk/subjects/${encodeURIComponent(id)}?hours=24&purpose=${encodeURIComponent("alarm desk: subject page")}`);
    current = page;
    current.restraining = V.may("registry:read")
      ? await V.api(`/api/subjects/${encodeURIComponent(id)}/restraining-orders`).catch(() => [])
      : [];
    render();
  }

  function render() {
    const page = current;
    if (!page) return;
    const m = S.meta;
    $("#subject-title").textContent = page.subject.name;
    // Opened from a case page (cases.js keeps where it came from): the way back to it.
    const back = sessionStorage.getItem("valvo.returnTo");
    $("#subject-case").hidden = !back;
    if (back) $("#subject-case").href = back;
    $("#subject-enrol").hidden = !V.may("registry:write");
    $("#subject-enrol").href = `#enrol/${page.subject.id}`;
    const p = page.subject;
    $("#subject-region").textContent = [p.birth_date ? `${t("born")} ${V.fmtDate(p.birth_date)}` : null,
      p.case_number ? `${t("case_no")} ${p.case_number}` : null, p.region].filter(Boolean).join(" · ");
    $("#subject-orders").replaceChildren(...page.orders.map((o) => el("li", {
      text: `${t(`order_${o.type}`)} · ${V.fmtTime(o.starts_at)} – ${o.ends_at ? V.fmtTime(o.ends_at) : "…"} · ${t(`order_status_${o.status}`)}` })));
    const orders = page.restraining || [];
    $("#subject-restraining").replaceChildren(...(orders.length
      ? orders.map((r) => el("li", { class: r.in_force ? "" : "muted", text: V.restrainingLine(r) }))
      : [el("li", { class: "muted", text: t("restraining_none") })]));
    const days = t("weekdays");
    const byDay = new Map();
    for (const w of page.plans.flatMap((p) => p.weekly)) {
      byDay.set(w.weekday, [...(byDay.get(w.weekday) || []), `${w.start}–${w.end} ${t(`purpose_${w.purpose}`)}`]);
    }
    const windows = [...byDay.entries()].sort((a, b) => a[0] - b[0])
      .map(([day, spans]) => el("li", { text: `${days[day]}: ${spans.join(", ")}` }));
    $("#subject-plan").replaceChildren(...(windows.length
      ? [el("li", { class: "muted", text: t("required_absent") }), ...windows]
      : [el("li", { text: t("no_plan") })]));
    $("#subject-devices").replaceChildren(...page.devices.map((d) => el("li", { class: `health-${d.health}` },
      el("strong", { text: d.identifier }),
      ` · ${d.model || t(`kind_${d.kind}`)} · ${d.protocol} · `,
      el("span", { class: "health", text: t(`health_${d.health}`) }),
      d.last_heard ? ` · ${t("last_heard")} ${V.fmtTime(d.last_heard)}` : "",
      d.kind === "rf_home_unit" ? rangeOf(d) : "")));
    if (V.acting) V.acting.showSubject(page);
    if (V.evidence) V.evidence.showSubject(page);
    drawMap(page);
    if (V.history) V.history.show(page);
  }

  // A home unit's configured range; whoever may change the registry sets it here.
  function rangeOf(device) {
    const shown = device.rf_range_m ? `${Math.round(device.rf_range_m)} m` : t("rf_range_default");
    if (!V.may("registry:write")) return ` · ${t("rf_range")} ${shown}`;
    const input = el("input", { type: "number", min: "20", max: "1000", step: "10", class: "rf-range",
      "aria-label": t("rf_range"), value: device.rf_range_m ? String(Math.round(device.rf_range_m)) : "" });
    const result = el("span", { class: "muted", role: "status" });
    const save = el("button", { type: "button", text: t("rf_range_save") });
    save.addEventListener("click", async () => {
      const metres = input.value.trim() ? Number(input.value) : null;
      try {
        await V.api(`/api/devices/${encodeURIComponent(device.id)}/rf-range`, { method: "PUT", json: { rf_range_m: metres } });
        device.rf_range_m = metres;
        result.textContent = ` ${t("rf_range_saved")}`;
      } catch (e) { result.textContent = ` ${e.message}`; }
    });
    return el("span", { class: "rf-range-row" }, ` · ${t("rf_range")} `, input, " m ", save, result);
  }

  function drawMap(page) {
    if (!map) setupMap();
    setTimeout(() => map.invalidateSize(), 0);
    layers.zones.clearLayers();
    layers.track.clearLayers();
    const bounds = V.drawZones(layers.zones, page.zones);
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.15));
  }

  V.subject = { open, render, map: () => map, trackLayer: () => layers.track };
})();
