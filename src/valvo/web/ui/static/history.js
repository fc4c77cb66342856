// History playback on the subject page: a person's track for a chosen period, a page of fixes
// at a time (the page says how many the period holds: nothing is cut silently), drawn with a
// break where no fix came for longer than the gap threshold, each fix coloured by its source
// (GPS, mobile network, home unit); a time slider and playback speed; the period's alarms and
// home-unit events on the same timeline; CSV and GeoJSON export. Every read is audited by the
// server; a period reaching before today, and every export, needs a stated purpose.
"use strict";

(function () {
  const V = window.Valvo;
  const S = V.state;
  const $ = V.$;
  const t = V.t;
  const el = V.el;
  const COLOURS = { gps: "#1d4ed8", lbs: "#d97706", rf: "#059669" };
  const DEFAULT_PURPOSE = "alarm desk: subject page";
  let subjectId = null;
  let data = null;
  let page = 1;
  let timer = null;
  let playhead = null;
  let travelled = null;
  let defaults = null; // the period the page opened with (the last 24 hours)

  function localInput(date) {
    const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return shifted.toISOString().slice(0, 16);
  }

  function period() {
    const from = new Date($("#history-from").value);
    const to = new Date($("#history-to").value);
    return { from, to };
  }

  function purpose() {
    const typed = $("#history-purpose").value.trim();
    // The period the page opens with is read for the desk's own purpose; one the user chose
    // reaching before today needs theirs (the server checks).
    const opened = defaults && $("#history-from").value === defaults.from && $("#history-to").value === defaults.to;
    return typed || (opened ? DEFAULT_PURPOSE : "");
  }

  function status(text, error) {
    const node = $("#history-status");
    node.textContent = text;
    node.classList.toggle("error", Boolean(error));
  }

  // The subject page opened: the last 24 hours, read for the desk's own purpose.
  function show(subjectPage) {
    if (subjectId !== subjectPage.subject.id) {
      subjectId = subjectPage.subject.id;
      const now = new Date();
      $("#history-to").value = localInput(new Date(now.getTime() + 5 * 60000));
      $("#history-from").value = localInput(new Date(now.getTime() - 24 * 3600000));
      $("#history-purpose").value = "";
      defaults = { from: $("#history-from").value, to: $("#history-to").value };
      page = 1;
    }
    load();
  }

  async function load() {
    stop();
    const { from, to } = period();
    if (!(from < to)) { status(t("history_bad_period"), true); return; }
    const query = new URLSearchParams({
      from: from.toISOString(), to: to.toISOString(), page: String(page), page_size: String(V.history.pageSize),
      gap_minutes: String(Number($("#history-gap").value) || 10),
    });
    const why = purpose();
    if (why) query.set("purpose", why);
    status(t("history_loading"));
    try {
      data = await V.api(`/api/desk/subjects/${encodeURIComponent(subjectId)}/history?${query}`);
    } catch (e) {
      data = null;
      status(e.message, true);
      draw();
      return;
    }
    draw();
  }

  function summary() {
    const n = data.fixes.length;
    if (!data.total) return t("history_no_fixes");
    const first = (data.page - 1) * data.page_size + 1;
    const pages = data.pages > 1 ? ` · ${t("history_page")} ${data.page}/${data.pages} (${t("history_more_pages")})` : "";
    return `${t("history_fixes")} ${first}–${first + n - 1} / ${data.total}${pages} · ${data.gaps.length} ${t("history_gaps")}`;
  }

  function draw() {
    const layer = V.subject.trackLayer();
    layer.clearLayers();
    playhead = null;
    travelled = null;
    $("#history-pager").hidden = !data || data.pages <= 1;
    if (!data) { $("#subject-timeline").replaceChildren(); $("#history-strip").replaceChildren(); return; }
    status(summary());
    $("#history-prev").disabled = data.page <= 1;
    $("#history-next").disabled = data.page >= data.pages;
    const fixes = data.fixes;
    const slider = $("#history-slider");
    slider.max = String(Math.max(0, fixes.length - 1));
    slider.value = "0";
    slider.disabled = fixes.length === 0;
    $("#history-play").disabled = fixes.length === 0;
    // The track, broken at every gap: one polyline per stretch with fixes close enough.
    const gapStarts = new Set(data.gaps.map((g) => Date.parse(g.from)));
    let line = [];
    const bounds = L.latLngBounds([]);
    const flush = () => {
      if (line.length > 1) L.polyline(line, { color: "#64748b", weight: 2, opacity: 0.7 }).addTo(layer);
      line = [];
    };
    for (const f of fixes) {
      line.push([f.lat, f.lon]);
      bounds.extend([f.lat, f.lon]);
      if (gapStarts.has(Date.parse(f.time))) flush();
      const colour = COLOURS[f.source] || COLOURS.gps;
      if (f.accuracy_m && f.source !== "gps") {
        L.circle([f.lat, f.lon], { radius: f.accuracy_m, color: colour, weight: 1, fillOpacity: 0.04 }).addTo(layer);
      }
      L.circleMarker([f.lat, f.lon], { radius: 3, color: colour, fillOpacity: 0.9, className: `fix-${f.source}` })
        .bindTooltip(fixText(f)).addTo(layer);
    }
    flush();
    // The ends of each gap, dashed: the person was somewhere unknown in between.
    for (const g of data.gaps) {
      const a = fixes.find((f) => f.time === g.from);
      const b = fixes.find((f) => f.time === g.to);
      if (a && b) L.polyline([[a.lat, a.lon], [b.lat, b.lon]], { color: "#4b5563", weight: 2, dashArray: "3 7", className: "gap-line" }).addTo(layer);
    }
    travelled = L.polyline([], { color: "#1d4ed8", weight: 4 }).addTo(layer);
    if (fixes.length) {
      playhead = L.circleMarker([fixes[0].lat, fixes[0].lon], { radius: 8, color: "#111827", weight: 3, fillColor: "#facc15", fillOpacity: 1, className: "playhead" }).addTo(layer);
      const map = V.subject.map();
      if (bounds.isValid()) map.fitBounds(bounds.pad(0.15));
    }
    drawStrip();
    drawTimeline();
    moveTo(0);
  }

  function fixText(f) {
    return `${V.fmtTime(f.time)} · ${t(`source_${f.source}`)}${f.accuracy_m ? ` ±${Math.round(f.accuracy_m)} m` : ""}`
      + (f.speed_kmh !== null && f.speed_kmh !== undefined ? ` · ${Math.round(f.speed_kmh)} km/h` : "");
  }

  // The strip under the slider: gaps shaded, alarms and home-unit
  // events as ticks, so the slider shows where things happened.
  function drawStrip() {
    // The strip spans this page's fixes (the whole period when there are none), so a short
    // walk in a long period is not squeezed into a corner; events outside sit at its ends.
    const fixes = data.fixes;
    const start = fixes.length ? Date.parse(fixes[0].time) : Date.parse(data.from);
    const last = fixes.length ? Date.parse(fixes[fixes.length - 1].time) : Date.parse(data.to);
    const span = Math.max(60000, last - start);
    const at = (iso) => `${Math.min(100, Math.max(0, ((Date.parse(iso) - start) / span) * 100))}%`;
    // Positions through the style object (the page's policy refuses style attributes).
    const mark = (cls, left, width) => {
      const node = el("span", { class: cls });
      node.style.left = left;
      if (width) node.style.width = width;
      return node;
    };
    const marks = [];
    for (const g of data.gaps) {
      const width = `${Math.max(0.3, ((Date.parse(g.to) - Date.parse(g.from)) / span) * 100)}%`;
      marks.push(mark("strip-gap", at(g.from), width));
    }
    for (const f of data.fixes) marks.push(mark(`strip-fix src-${f.source}`, at(f.time)));
    for (const e of data.events.presence) marks.push(mark("strip-rf", at(e.time)));
    for (const a of data.events.alarms) marks.push(mark("strip-alarm", at(a.time)));
    $("#history-strip").replaceChildren(...marks);
  }

  function eventText(e) {
    return e.event ? t(`ev_${e.event}`) : t("ev_other");
  }

  // The timeline: alarms, home-unit events and gaps in time order (the fixes are on the
  // slider and the map, not listed as coordinates). Clicking one moves the slider there.
  function drawTimeline() {
    const m = S.meta;
    const rows = [
      ...data.events.alarms.map((a) => ({ at: a.time, node: () => el("li", { class: "tl-alarm" },
        el("time", { datetime: a.time, text: V.fmtTime(a.time) }), " ",
        el("a", { href: `#alarm/${a.id}`, text: V.choice(m.alarm_kinds, a.kind) }),
        ` · ${V.choice(m.alarm_statuses, a.status)}`) })),
      ...data.events.presence.map((e) => ({ at: e.time, node: () => el("li", { class: "tl-rf" },
        el("time", { datetime: e.time, text: V.fmtTime(e.time) }), ` ${eventText(e)}`) })),
      ...data.gaps.map((g) => ({ at: g.from, node: () => el("li", { class: "tl-gap" },
        el("time", { datetime: g.from, text: V.fmtTime(g.from) }),
        ` ${t("history_gap_item")} ${V.fmtDuration(g.minutes * 60)} (${t("history_until")} ${V.fmtTime(g.to)})`) })),
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const notes = [];
    if (data.events.alarms_cut || data.events.presence_cut) notes.push(el("li", { class: "muted", text: t("history_events_cut") }));
    if (!rows.length) notes.push(el("li", { class: "muted", text: t("history_no_events") }));
    $("#subject-timeline").replaceChildren(...notes, ...rows.map((r) => {
      const node = r.node();
      node.tabIndex = 0;
      node.addEventListener("click", (ev) => { if (ev.target.tagName !== "A") seek(r.at); });
      node.addEventListener("keydown", (ev) => { if (ev.key === "Enter" && ev.target === node) seek(r.at); });
      return node;
    }));
  }

  function seek(iso) {
    const when = Date.parse(iso);
    const fixes = data.fixes;
    let i = 0;
    while (i + 1 < fixes.length && Date.parse(fixes[i + 1].time) <= when) i += 1;
    moveTo(i);
  }

  function moveTo(i) {
    if (!data || !data.fixes.length) { $("#history-at").textContent = ""; return; }
    const f = data.fixes[i];
    $("#history-slider").value = String(i);
    if (playhead) playhead.setLatLng([f.lat, f.lon]);
    if (travelled) {
      const gapStarts = new Set(data.gaps.map((g) => Date.parse(g.from)));
      const start = Math.max(0, i - 30);
      const tail = [];
      for (let k = start; k <= i; k += 1) {
        if (k > start && gapStarts.has(Date.parse(data.fixes[k - 1].time))) tail.length = 0;
        tail.push([data.fixes[k].lat, data.fixes[k].lon]);
      }
      travelled.setLatLngs(tail);
    }
    $("#history-at").textContent = `${i + 1} / ${data.fixes.length} · ${fixText(f)}`;
  }

  // Playback: history time runs ``speed`` times real time; the slider follows the last fix
  // before the clock, jumping over gaps.
  function play() {
    if (timer) { stop(); return; }
    const fixes = data && data.fixes;
    if (!fixes || !fixes.length) return;
    let i = Number($("#history-slider").value);
    if (i >= fixes.length - 1) i = 0;
    let clock = Date.parse(fixes[i].time);
    $("#history-play").textContent = t("history_pause");
    timer = setInterval(() => {
      clock += Number($("#history-speed").value) * 100;
      while (i + 1 < fixes.length && Date.parse(fixes[i + 1].time) <= clock) i += 1;
      if (i + 1 < fixes.length && Date.parse(fixes[i + 1].time) - clock > 3600000 && clock > Date.parse(fixes[i].time)) {
        clock = Date.parse(fixes[i + 1].time); // a long gap: skip to its end
      }
      moveTo(i);
      if (i >= fixes.length - 1) stop();
    }, 100);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    $("#history-play").textContent = t("history_play");
  }

  async function exportAs(format) {
    const why = $("#history-purpose").value.trim();
    if (!why) { status(t("history_export_purpose"), true); $("#history-purpose").focus(); return; }
    const { from, to } = period();
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), format, purpose: why });
    try {
      const response = await ValvoSession.authFetch(`/api/desk/subjects/${encodeURIComponent(subjectId)}/history/export?${query}`);
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        throw new Error((body && body.detail) || response.statusText);
      }
      const blob = await response.blob();
      const found = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      const link = el("a", { href: URL.createObjectURL(blob) });
      link.download = found ? found[1] : `history.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      status(`${t("history_exported")}: ${link.download}`);
    } catch (e) {
      status(e.message, true);
    }
  }

  $("#history-form").addEventListener("submit", (e) => {
    e.preventDefault();
    page = 1;
    load();
  });
  $("#history-prev").addEventListener("click", () => { page = Math.max(1, page - 1); load(); });
  $("#history-next").addEventListener("click", () => { page += 1; load(); });
  $("#history-slider").addEventListener("input", (e) => { stop(); moveTo(Number(e.target.value)); });
  $("#history-play").addEventListener("click", play);
  $("#history-csv").addEventListener("click", () => exportAs("csv"));
  $("#history-geojson").addEventListener("click", () => exportAs("geojson"));

  // pageSize: fixes per page (the server's default; a walk sets it small to see paging).
  V.history = { show, stop, pageSize: 2000 };
})();
