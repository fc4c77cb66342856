// The caseload board: everyone under monitoring with their live status (in breach, each device
// connected or silent and its battery, last contact, required presence now, open alarms),
// searched by name, personal identity code, device id or case number, filtered, sorted and
// paged by the server (GET /api/desk/board). People of the same name are told apart by birth
// date and case number. A row, or a person's marker on the map beside it, opens the person.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;
  const LIMIT = 50;
  const state = { offset: 0, page: null, timer: null, map: null, layer: null, asked: 0 };

  function params() {
    const p = new URLSearchParams({ limit: String(LIMIT), offset: String(state.offset), sort: $("#board-sort").value });
    const q = $("#board-q").value.trim();
    if (q) p.set("q", q);
    const region = $("#board-region").value;
    if (region) p.set("region", region);
    const filter = $("#board-filter").value;
    if (filter === "everyone") p.set("everyone", "true");
    else if (filter) p.set(filter, "true");
    return p;
  }

  async function load() {
    fillRegions();
    const asked = ++state.asked;
    const page = await V.api(`/api/desk/board?${params()}`);
    if (asked !== state.asked) return;  // a newer search is on its way
    state.page = page;
    render();
    drawMap().catch(() => {});
  }

  function fillRegions() {
    const select = $("#board-region");
    const chosen = select.value;
    select.replaceChildren(el("option", { value: "", text: t("all") }),
      ...S.regions.map((r) => el("option", { value: r, text: r })));
    select.value = chosen;
  }

  function who(row) {
    const facts = [];
    if (row.birth_date) facts.push(`${t("born")} ${V.fmtDate(row.birth_date)}`);
    if (row.case_number) facts.push(`${t("case_no")} ${row.case_number}`);
    if (row.identity_code) facts.push(row.identity_code);
    facts.push(row.region);
    return el("td", { class: "who" },
      el("a", { href: `#subject/${row.id}`, class: "person-link", text: row.name }),
      row.namesakes ? el("span", { class: "namesake", text: ` ${t("same_name")} ×${row.namesakes + 1}` }) : null,
      el("div", { class: "muted small", text: facts.join(" · ") }));
  }

  function status(row) {
    if (!row.in_breach) return el("td", {}, el("span", { class: "pill-ok", text: t("no_breach") }));
    const what = [...new Set(row.breaches)].map((b) => t(`breach_${b}`)).join(", ");
    return el("td", {}, el("span", { class: "pill-breach", text: t("in_breach") }),
      el("div", { class: "small", text: what }));
  }

  function devices(row) {
    return el("td", {}, el("ul", { class: "devices" }, ...row.devices.map((d) => el("li", { class: `conn-${d.connection}` },
      el("span", { class: "dot", "aria-hidden": "true" }),
      `${t(`kind_${d.kind}`)} ${d.identifier} · `,
      el("span", { class: "conn", text: t(`conn_${d.connection}`) }),
      d.battery_pct === null || d.battery_pct === undefined ? ""
        : el("span", { class: d.low_battery ? "battery low" : "battery", text: ` · ${t("battery")} ${Math.round(d.battery_pct)} %` })))));
  }

  function contact(row) {
    if (!row.last_seen) return el("td", { class: "muted", text: t("never") });
    return el("td", {}, el("time", { datetime: row.last_seen, text: V.fmtTime(row.last_seen) }),
      el("div", { class: "muted small", text: V.fmtAgo(row.last_seen) }));
  }

  function presence(row) {
    if (row.presence_required === null) return el("td", { class: "muted", text: t("no_order") });
    return el("td", { class: row.presence_required ? "presence-on" : "", text: t(row.presence_required ? "presence_required" : "presence_free") });
  }

  function alarms(row) {
    return el("td", {}, row.open_alarms
      ? el("span", { class: "badge", text: String(row.open_alarms), title: t("open_alarms") })
      : el("span", { class: "muted", text: t("no_open_alarms") }));
  }

  function render() {
    const page = state.page;
    if (!page) return;
    const rows = page.rows.map((row) => {
      const tr = el("tr", { class: row.in_breach ? "breach" : "", "data-id": row.id, tabindex: "-1" },
        who(row), status(row), devices(row), contact(row), presence(row), alarms(row));
      tr.addEventListener("click", (e) => { if (!e.target.closest("a")) location.hash = `subject/${row.id}`; });
      return tr;
    });
    $("#board-rows").replaceChildren(...rows);
    $("#board-empty").hidden = rows.length > 0;
    $("#board-total").textContent = `${page.total} ${t("board_people")}`;
    const pages = Math.max(1, Math.ceil(page.total / LIMIT));
    $("#board-page").textContent = `${t("board_page")} ${Math.floor(page.offset / LIMIT) + 1} ${t("board_of")} ${pages}`;
    $("#board-prev").disabled = page.offset === 0;
    $("#board-next").disabled = page.offset + LIMIT >= page.total;
  }

  function setupMap() {
    state.map = L.map("board-map", { zoomControl: true }).setView([60.19, 24.94], 11);
    L.tileLayer(S.meta.tile_url, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(state.map);
    state.layer = L.layerGroup().addTo(state.map);
  }

  // The listed people's last fixes: a location read of only these people (audited).
  async function drawMap() {
    if (!V.may("location:read") || !state.page) return;
    if (!state.map) setupMap();
    const ids = state.page.rows.filter((r) => r.has_fix).map((r) => r.id);
    state.layer.clearLayers();
    if (!ids.length) return;
    const query = new URLSearchParams(ids.map((id) => ["subject", id]));
    const positions = await V.api(`/api/positions/latest?${query}`);
    state.layer.clearLayers();
    const byId = new Map(state.page.rows.map((r) => [r.id, r]));
    const bounds = L.latLngBounds([]);
    for (const p of positions) {
      V.personMarker(p, state.layer, V.personLabel(byId.get(p.subject_id), p.subject_id));
      bounds.extend([p.lat, p.lon]);
    }
    state.map.invalidateSize();
    if (bounds.isValid()) state.map.fitBounds(bounds.pad(0.2), { maxZoom: 15 });
  }

  function shown() {
    if (state.map) setTimeout(() => state.map.invalidateSize(), 0);
  }

  function again() { state.offset = 0; load().catch(() => {}); }
  $("#board-q").addEventListener("input", () => { clearTimeout(state.timer); state.timer = setTimeout(again, 250); });
  $("#board-form").addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(state.timer); again(); });
  for (const id of ["#board-filter", "#board-region", "#board-sort"]) $(id).addEventListener("change", again);
  $("#board-prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - LIMIT); load(); });
  $("#board-next").addEventListener("click", () => { state.offset += LIMIT; load(); });

  V.board = { load, render, shown };
})();
