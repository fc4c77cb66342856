// Enrolment in the browser: create or edit a person, add and end orders, the weekly plan,
// zones drawn on the map (click points for a polygon, or a centre and a radius) or imported as
// GeoJSON, devices registered, assigned, swapped and taken off, and a home unit's key
// commissioned (shown once). Every change goes through the registry API, which validates,
// scopes it to the user's region and audits it; its error is shown as it is.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;
  const ORDER_TYPES = ["monitoring_sentence", "travel_ban", "pretrial_monitoring"];
  const DEVICE_KINDS = ["gps_tracker", "rf_home_unit", "rf_tag", "alcohol_tester", "presence_checker"];
  const PROTOCOLS = ["osmand", "teltonika", "gt06", "h02", "gl200", "meitrack", "watch", "valvo"];
  const PURPOSES = ["activity", "travel", "personal", "rehabilitation", "exemption"];
  let map = null;
  let layers = null;
  let subject = null; // the person being enrolled (null: a new one)
  let orders = [];
  let orderId = null; // the order the plan and zones belong to
  let drawing = null; // { mode: "polygon", points: [] } | { mode: "circle", centre }

  function say(text, error) {
    const node = $("#enrol-status");
    node.textContent = text;
    node.classList.toggle("error", Boolean(error));
  }

  async function attempt(work, done) {
    try {
      await work();
      if (done) say(done);
    } catch (e) {
      say(e.message, true);
    }
  }

  function localInput(date) {
    const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return shifted.toISOString().slice(0, 16);
  }

  function setupMap() {
    map = L.map("enrol-map").setView([60.19, 24.94], 12);
    L.tileLayer(S.meta.tile_url, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    layers = { zones: L.layerGroup().addTo(map), draft: L.layerGroup().addTo(map) };
    map.on("click", (e) => clicked(e.latlng));
  }

  function fillChoices() {
    const options = (list, prefix) => list.map((v) => el("option", { value: v, text: t(`${prefix}${v}`) }));
    $("#enrol-order-type").replaceChildren(...options(ORDER_TYPES, "order_"));
    $("#enrol-device-kind").replaceChildren(...options(DEVICE_KINDS, "kind_"));
    $("#enrol-device-protocol").replaceChildren(...options(PROTOCOLS, "proto_"));
    $("#enrol-regions").replaceChildren(...S.regions.map((r) => el("option", { value: r })));
    const people = Object.values(S.subjects).sort((a, b) => a.name.localeCompare(b.name));
    $("#enrol-subject").replaceChildren(el("option", { value: "", text: t("enrol_new_person") }),
      ...people.map((p) => el("option", { value: p.id, text: `${V.personLabel(p, p.id)}${p.case_number ? ` · ${p.case_number}` : ""}` })));
  }

  function shown() {
    if (!map) setupMap();
    setTimeout(() => map.invalidateSize(), 0);
  }

  async function load(id) {
    shown();
    fillChoices();
    say("");
    subject = null;
    orders = [];
    orderId = null;
    if (id) {
      await attempt(async () => { subject = await V.api(`/api/subjects/${encodeURIComponent(id)}`); });
    }
    $("#enrol-subject").value = subject ? subject.id : "";
    $("#enrol-order-start").value = localInput(new Date());
    await render();
  }

  async function render() {
    const p = subject;
    $("#enrol-name").value = p ? p.name : "";
    $("#enrol-region").value = p ? p.region : (S.regions[0] || "");
    $("#enrol-region").disabled = Boolean(p); // a person's region follows their case
    $("#enrol-code").value = p && p.identity_code ? p.identity_code : "";
    $("#enrol-birth").value = p && p.birth_date ? p.birth_date : "";
    $("#enrol-case").value = p && p.case_number ? p.case_number : "";
    $("#enrol-person-save").textContent = t(p ? "enrol_save_person" : "enrol_create_person");
    $("#enrol-open-subject").hidden = !p;
    if (p) $("#enrol-open-subject").href = `#subject/${p.id}`;
    for (const box of ["orders", "devices"]) $(`#enrol-${box}-box`).disabled = !p;
    if (V.phones) V.phones.render(p).catch((e) => say(e.message, true));
    if (!p) {
      for (const list of ["orders", "zones", "devices"]) $(`#enrol-${list}`).replaceChildren();
      $("#enrol-weekly").replaceChildren();
      $("#enrol-plan-box").disabled = true;
      $("#enrol-zones-box").disabled = true;
      layers.zones.clearLayers();
      return;
    }
    orders = await V.api(`/api/orders?subject_id=${encodeURIComponent(p.id)}`);
    if (!orders.some((o) => o.id === orderId)) {
      const active = orders.filter((o) => o.status === "active");
      orderId = (active[active.length - 1] || orders[orders.length - 1] || {}).id || null;
    }
    renderOrders();
    await Promise.all([renderPlan(), renderZones(), renderDevices()]);
  }

  function renderOrders() {
    $("#enrol-orders").replaceChildren(...orders.map((o) => {
      const chosen = o.id === orderId;
      const item = el("li", { class: chosen ? "chosen" : "" },
        el("label", {}, el("input", { type: "radio", name: "enrol-order", value: o.id, ...(chosen ? { checked: "" } : {}),
          onchange: () => { orderId = o.id; render(); } }),
        ` ${t(`order_${o.type}`)} · ${V.fmtTime(o.starts_at)} – ${o.ends_at ? V.fmtTime(o.ends_at) : "…"} · ${t(`order_status_${o.status}`)}`));
      if (o.status === "active") {
        item.append(" ", el("button", { type: "button", class: "small", text: t("enrol_end_order"), onclick: () => endOrder(o) }));
      }
      return item;
    }));
    $("#enrol-plan-box").disabled = !orderId;
    $("#enrol-zones-box").disabled = !orderId;
    const order = orders.find((o) => o.id === orderId);
    $("#enrol-plan-order").textContent = order ? `· ${t(`order_${order.type}`)}` : "";
  }

  async function endOrder(order) {
    const reason = window.prompt(t("enrol_end_order_reason"));
    if (!reason) return;
    await attempt(async () => {
      await V.api(`/api/orders/${order.id}/end`, { method: "POST", json: { reason } });
      await render();
    }, t("enrol_order_ended"));
  }

  // --- the weekly plan -----------------------------------------------------------------------

  function windowRow(w) {
    const days = t("weekdays");
    const day = el("select", { class: "w-day", "aria-label": t("enrol_day") }, ...days.map((d, i) => el("option", { value: String(i), text: d })));
    day.value = String(w.weekday);
    const purpose = el("select", { class: "w-purpose", "aria-label": t("enrol_purpose") }, ...PURPOSES.map((p) => el("option", { value: p, text: t(`purpose_${p}`) })));
    purpose.value = w.purpose || "activity";
    const row = el("tr", { class: "window" },
      el("td", {}, day),
      el("td", {}, el("input", { type: "time", class: "w-start", value: w.start, "aria-label": t("history_from") })),
      el("td", {}, el("input", { type: "time", class: "w-end", value: w.end === "00:00" ? "00:00" : w.end, "aria-label": t("history_to") })),
      el("td", {}, purpose),
      el("td", {}, el("button", { type: "button", class: "small", text: t("enrol_remove"), onclick: () => row.remove() })));
    return row;
  }

  async function renderPlan() {
    $("#enrol-weekly").replaceChildren();
    if (!orderId) return;
    let plan = null;
    try {
      plan = await V.api(`/api/orders/${orderId}/schedule`);
    } catch (e) {
      plan = null; // no plan yet
    }
    for (const w of (plan && plan.weekly) || []) $("#enrol-weekly").append(windowRow(w));
  }

  async function savePlan() {
    const weekly = [...document.querySelectorAll("#enrol-weekly .window")].map((row) => ({
      weekday: Number(row.querySelector(".w-day").value),
      start: row.querySelector(".w-start").value,
      end: row.querySelector(".w-end").value,
      purpose: row.querySelector(".w-purpose").value,
    }));
    const reason = $("#enrol-plan-reason").value.trim() || null;
    await attempt(async () => {
      const saved = await V.api(`/api/orders/${orderId}/schedule`, { method: "PUT", json: { weekly, one_off: [], reason } });
      say(`${t("enrol_plan_saved")} (${t("enrol_version")} ${saved.version})`);
    });
  }

  // --- zones: drawn on the map or imported ------------------------------------------------------

  async function renderZones() {
    layers.zones.clearLayers();
    if (!orderId) { $("#enrol-zones").replaceChildren(); return; }
    const zones = await V.api(`/api/zones?order_id=${encodeURIComponent(orderId)}`);
    $("#enrol-zones").replaceChildren(...(zones.length ? zones.map((z) => el("li", { class: "enrol-zone" },
      el("span", { class: `zone-dot ${z.kind}` }), ` ${z.name} · ${t(z.kind === "exclusion" ? "legend_exclusion" : "legend_inclusion")}`
      + (z.presence_only ? ` · ${t("enrol_home")}` : "") + " ",
      el("button", { type: "button", class: "small", text: t("enrol_rename"), onclick: () => renameZone(z) }), " ",
      el("button", { type: "button", class: "small", text: t("enrol_redraw"), onclick: () => redrawZone(z) })))
      : [el("li", { class: "muted", text: t("enrol_no_zones") })]));
    const bounds = V.drawZones(layers.zones, zones);
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.3));
  }

  async function renameZone(zone) {
    const name = window.prompt(t("enrol_rename_prompt"), zone.name);
    if (!name || name === zone.name) return;
    await attempt(async () => {
      await V.api(`/api/zones/${zone.id}`, { method: "PATCH", json: { name } });
      await renderZones();
    }, t("enrol_zone_saved"));
  }

  // The drawing on the map replaces the zone's shape.
  async function redrawZone(zone) {
    if (!ready()) { say(t("enrol_redraw_first"), true); return; }
    await attempt(async () => {
      await V.api(`/api/zones/${zone.id}`, { method: "PATCH", json: draftGeometry() });
      clearDraft();
      await renderZones();
    }, t("enrol_zone_saved"));
  }

  function startDrawing(mode) {
    drawing = mode === "polygon" ? { mode, points: [] } : { mode, centre: null };
    $("#enrol-draw-hint").textContent = t(mode === "polygon" ? "enrol_hint_polygon" : "enrol_hint_circle");
    drawDraft();
  }

  function clicked(latlng) {
    if (!drawing) return;
    if (drawing.mode === "polygon") drawing.points.push(latlng);
    else drawing.centre = latlng;
    drawDraft();
  }

  function ready() {
    return drawing && (drawing.mode === "polygon" ? drawing.points.length >= 3 : Boolean(drawing.centre));
  }

  function drawDraft() {
    layers.draft.clearLayers();
    const colour = $("#enrol-zone-kind").value === "exclusion" ? "#dc2626" : "#16a34a";
    if (drawing && drawing.mode === "polygon") {
      for (const p of drawing.points) L.circleMarker(p, { radius: 4, color: colour, className: "draft-point" }).addTo(layers.draft);
      if (drawing.points.length >= 2) L.polygon(drawing.points, { color: colour, dashArray: "4 4", weight: 2, fillOpacity: 0.1 }).addTo(layers.draft);
    }
    if (drawing && drawing.mode === "circle" && drawing.centre) {
      L.circle(drawing.centre, { radius: Number($("#enrol-radius").value) || 150, color: colour, dashArray: "4 4", weight: 2, fillOpacity: 0.1 }).addTo(layers.draft);
    }
    $("#enrol-zone-save").disabled = !ready();
    if (drawing && drawing.mode === "polygon" && drawing.points.length) {
      $("#enrol-draw-hint").textContent = `${t("enrol_hint_polygon")} ${drawing.points.length} ${t("enrol_points")}`;
    }
  }

  function draftGeometry() {
    if (drawing.mode === "circle") {
      return { geometry: { type: "Point", coordinates: [drawing.centre.lng, drawing.centre.lat] }, radius_m: Number($("#enrol-radius").value) };
    }
    const ring = drawing.points.map((p) => [p.lng, p.lat]);
    ring.push(ring[0]);
    return { geometry: { type: "Polygon", coordinates: [ring] } };
  }

  async function postZone(name, kind, shape) {
    await V.api("/api/zones", { method: "POST", json: {
      order_id: orderId, name, kind, presence_only: $("#enrol-zone-home").checked, ...shape } });
  }

  async function saveZone() {
    const name = $("#enrol-zone-name").value.trim();
    if (!name) { say(t("enrol_zone_needs_name"), true); $("#enrol-zone-name").focus(); return; }
    await attempt(async () => {
      await postZone(name, $("#enrol-zone-kind").value, draftGeometry());
      clearDraft();
      $("#enrol-zone-name").value = "";
      await renderZones();
    }, t("enrol_zone_saved"));
  }

  function clearDraft() {
    drawing = null;
    layers.draft.clearLayers();
    $("#enrol-zone-save").disabled = true;
    $("#enrol-draw-hint").textContent = "";
  }

  // A GeoJSON file: each polygon in it becomes a zone (its "name" and "kind" properties when
  // it has them, else the form's).
  async function importGeojson(file) {
    await attempt(async () => {
      let data;
      try { data = JSON.parse(await file.text()); } catch (e) { throw new Error(t("enrol_geojson_bad")); }
      const features = data.type === "FeatureCollection" ? data.features : data.type === "Feature" ? [data] : [{ geometry: data, properties: {} }];
      const shapes = features.filter((f) => f && f.geometry && ["Polygon", "MultiPolygon"].includes(f.geometry.type));
      if (!shapes.length) throw new Error(t("enrol_geojson_none"));
      const base = $("#enrol-zone-name").value.trim() || file.name.replace(/\.[^.]+$/, "");
      let n = 0;
      for (const f of shapes) {
        n += 1;
        const props = f.properties || {};
        const kind = ["inclusion", "exclusion"].includes(props.kind) ? props.kind : $("#enrol-zone-kind").value;
        await postZone(props.name || (shapes.length > 1 ? `${base} ${n}` : base), kind, { geometry: f.geometry });
      }
      await renderZones();
      say(`${t("enrol_imported")} ${n}`);
    });
    $("#enrol-geojson").value = "";
  }

  // --- devices ---------------------------------------------------------------------------------

  async function renderDevices() {
    const [devices, assignments] = await Promise.all([V.api("/api/devices"), V.api("/api/assignments")]);
    const byId = new Map(devices.map((d) => [d.id, d]));
    const busy = new Set(assignments.filter((a) => !a.unassigned_at).map((a) => a.device_id));
    // Spares are the units in stock: not one in servicing, in transport or awaiting its check.
    const spares = devices.filter((d) => !busy.has(d.id) && (d.stock_state || "in_stock") === "in_stock");
    const spareOptions = () => [el("option", { value: "", text: t("enrol_pick_spare") }),
      ...spares.map((d) => el("option", { value: d.id, text: `${d.identifier} · ${t(`kind_${d.kind}`)}` }))];
    $("#enrol-spare").replaceChildren(...spareOptions());
    const mine = assignments.filter((a) => a.subject_id === subject.id && !a.unassigned_at)
      .sort((a, b) => Date.parse(a.assigned_at) - Date.parse(b.assigned_at));
    $("#enrol-devices").replaceChildren(...(mine.length ? mine.map((a) => {
      const d = byId.get(a.device_id) || { identifier: a.device_id, kind: "gps_tracker", protocol: "" };
      const swapTo = el("select", { "aria-label": t("enrol_swap_to") }, ...spareOptions());
      const item = el("li", { class: "enrol-device" },
        el("strong", { text: d.identifier }), ` · ${d.model || t(`kind_${d.kind}`)} · ${t(`proto_${d.protocol}`)} · ${t("enrol_since")} ${V.fmtTime(a.assigned_at)} `,
        el("button", { type: "button", class: "small", text: t("enrol_take_off"), onclick: () => takeOff(a) }), " ",
        swapTo, " ",
        el("button", { type: "button", class: "small", text: t("enrol_swap"), onclick: () => swap(a, swapTo.value) }));
      item.append(" ", el("button", { type: "button", class: "small", text: t("enrol_model"), onclick: () => editModel(d) }));
      if (d.protocol === "valvo" && V.may("devices:manage")) {
        item.append(" ", el("button", { type: "button", class: "small", text: t("enrol_issue_key"), onclick: () => issueKey(d) }));
      }
      return item;
    }) : [el("li", { class: "muted", text: t("enrol_no_devices") })]));
  }

  async function editModel(device) {
    const model = window.prompt(t("enrol_model"), device.model || "");
    if (model === null) return;
    await attempt(async () => {
      await V.api(`/api/devices/${device.id}`, { method: "PATCH", json: { model: model.trim() || null } });
      await renderDevices();
    }, t("enrol_device_saved"));
  }

  async function takeOff(assignment) {
    const reason = window.prompt(t("enrol_take_off_reason"));
    if (!reason) return;
    await attempt(async () => {
      await V.api(`/api/assignments/${assignment.id}/end`, { method: "POST", json: { reason } });
      await renderDevices();
    }, t("enrol_taken_off"));
  }

  async function swap(assignment, deviceId) {
    if (!deviceId) { say(t("enrol_pick_spare_first"), true); return; }
    const reason = window.prompt(t("enrol_swap_reason"));
    if (!reason) return;
    await attempt(async () => {
      await V.api(`/api/assignments/${assignment.id}/swap`, { method: "POST", json: { device_id: deviceId, reason } });
      await renderDevices();
    }, t("enrol_swapped"));
  }

  async function assign(deviceId) {
    await V.api("/api/assignments", { method: "POST", json: { device_id: deviceId, subject_id: subject.id } });
    await renderDevices();
  }

  async function issueKey(device) {
    if (!window.confirm(t("enrol_key_confirm"))) return;
    await attempt(async () => {
      const issued = await V.api(`/api/devices/${device.id}/key`, { method: "POST" });
      $("#enrol-key-value").textContent = issued.key;
      $("#enrol-key-fp").textContent = `${issued.fingerprint.slice(0, 16)}… · ${t("enrol_version")} ${issued.key_version}`;
      $("#enrol-key").hidden = false;
    }, t("enrol_key_issued"));
  }

  // --- the person -------------------------------------------------------------------------------

  async function savePerson() {
    const code = $("#enrol-code").value.trim();
    const birth = $("#enrol-birth").value;
    const body = {
      name: $("#enrol-name").value.trim(),
      case_number: $("#enrol-case").value.trim() || null,
      identity_code: code || null,
      birth_date: code ? undefined : birth || null,
    };
    await attempt(async () => {
      if (subject) {
        subject = await V.api(`/api/subjects/${subject.id}`, { method: "PATCH", json: body });
      } else {
        const fresh = { ...body, region: $("#enrol-region").value.trim() };
        for (const k of Object.keys(fresh)) if (fresh[k] === null || fresh[k] === undefined) delete fresh[k];
        subject = await V.api("/api/subjects", { method: "POST", json: fresh });
      }
      S.subjects[subject.id] = subject;
      if (!S.regions.includes(subject.region)) S.regions.push(subject.region);
      history.replaceState(null, "", `#enrol/${subject.id}`);
      fillChoices();
      $("#enrol-subject").value = subject.id;
      await render();
    }, t("enrol_person_saved"));
  }

  $("#enrol-subject").addEventListener("change", (e) => { location.hash = e.target.value ? `enrol/${e.target.value}` : "enrol"; });
  $("#enrol-person-form").addEventListener("submit", (e) => { e.preventDefault(); savePerson(); });
  $("#enrol-order-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const start = $("#enrol-order-start").value;
    const end = $("#enrol-order-end").value;
    attempt(async () => {
      const order = await V.api("/api/orders", { method: "POST", json: {
        subject_id: subject.id, type: $("#enrol-order-type").value, timezone: $("#enrol-order-tz").value.trim(),
        starts_at: new Date(start).toISOString(), ends_at: end ? new Date(end).toISOString() : null } });
      orderId = order.id;
      await render();
    }, t("enrol_order_saved"));
  });
  $("#enrol-add-window").addEventListener("click", () => $("#enrol-weekly").append(windowRow({ weekday: 0, start: "08:00", end: "16:00", purpose: "activity" })));
  $("#enrol-plan-save").addEventListener("click", savePlan);
  $("#enrol-draw-polygon").addEventListener("click", () => startDrawing("polygon"));
  $("#enrol-draw-circle").addEventListener("click", () => startDrawing("circle"));
  $("#enrol-radius").addEventListener("input", drawDraft);
  $("#enrol-zone-kind").addEventListener("change", drawDraft);
  $("#enrol-zone-save").addEventListener("click", saveZone);
  $("#enrol-zone-clear").addEventListener("click", clearDraft);
  $("#enrol-geojson").addEventListener("change", (e) => { if (e.target.files[0]) importGeojson(e.target.files[0]); });
  $("#enrol-device-form").addEventListener("submit", (e) => {
    e.preventDefault();
    attempt(async () => {
      const device = await V.api("/api/devices", { method: "POST", json: {
        identifier: $("#enrol-device-id").value.trim(), kind: $("#enrol-device-kind").value,
        protocol: $("#enrol-device-protocol").value, model: $("#enrol-device-model").value.trim() || null } });
      await assign(device.id);
      $("#enrol-device-id").value = "";
    }, t("enrol_device_assigned"));
  });
  $("#enrol-assign-spare").addEventListener("click", () => {
    const id = $("#enrol-spare").value;
    if (!id) { say(t("enrol_pick_spare_first"), true); return; }
    attempt(() => assign(id), t("enrol_device_assigned"));
  });
  $("#enrol-key-done").addEventListener("click", () => {
    $("#enrol-key-value").textContent = "";
    $("#enrol-key").hidden = true;
  });

  V.enrol = { load, shown };
})();
