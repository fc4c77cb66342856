// The pilot follow-up (issue 17): the figures of a region and a period as cards, charts drawn
// as inline SVG (people under monitoring by day; breaches, interruptions and tests by kind;
// the cost of a day against a prison day; visits against the target), a table by region, and
// the CSV export and the PDF report. Labels of figures come from /api/meta ("figures"), the
// one declaration the desk statistics and the shift log read too.
"use strict";

(() => {
  const $ = (selector) => document.querySelector(selector);
  const S = { lang: localStorage.getItem("valvo.lang") || "en", figures: [], stats: null };
  const t = (key) => (window.VALVO_TEXT[S.lang] || {})[key] ?? window.VALVO_TEXT.en[key] ?? key;
  const SVG = "http://www.w3.org/2000/svg";
  const COLOURS = ["#2563eb", "#d97706", "#16a34a", "#7c3aed", "#db2777", "#0891b2", "#6b7280"];

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const locale = () => (S.lang === "fi" ? "fi-FI" : "en-GB");
  const figureLabel = (id) => {
    const found = S.figures.find((f) => f.id === id);
    return found ? (S.lang === "fi" ? found.fi : found.en) : id;
  };
  function number(value, digits = 0) {
    if (value === null || value === undefined) return t("none");
    return Number(value).toLocaleString(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }
  const euro = (value) => (value === null || value === undefined ? t("none")
    : Number(value).toLocaleString(locale(), { style: "currency", currency: "EUR" }));
  const day = (iso) => new Date(`${iso}T12:00:00`).toLocaleDateString(locale(), { day: "numeric", month: "numeric", year: "numeric" });
  const shortDay = (iso) => new Date(`${iso}T12:00:00`).toLocaleDateString(locale(), { day: "numeric", month: "numeric" });
  const isoDay = (date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  const plusDays = (iso, n) => { const d = new Date(`${iso}T12:00:00`); d.setDate(d.getDate() + n); return isoDay(d); };

  function applyText() {
    document.documentElement.lang = S.lang;
    document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
    $("#lang").value = S.lang;
    document.title = `Valvo — ${t("fu_title")}`;
    render();
  }

  function params(extra = {}) {
    const query = new URLSearchParams({ from: $("#fu-from").value, to: plusDays($("#fu-to").value, 1), ...extra });
    if ($("#fu-region").value) query.set("region", $("#fu-region").value);
    if ($("#fu-pilot").value) query.set("pilot", $("#fu-pilot").value);
    return query;
  }

  let asked = 0;  // the newest request: an older answer arriving late is not shown over it

  async function load() {
    $("#fu-error").textContent = "";
    const mine = ++asked;
    const response = await ValvoSession.authFetch(`/api/followup/stats?${params()}`);
    const answer = await response.json().catch(() => ({}));
    if (mine !== asked) return;
    if (!response.ok) {
      $("#fu-error").textContent = typeof answer.detail === "string" ? answer.detail : t("fu_failed");
      return;
    }
    S.stats = answer;
    const regions = new Set([...S.regions, ...answer.by_region.map((r) => r.region)]);
    S.regions = [...regions].sort();
    fillRegions();
    render();
  }

  function fillRegions() {
    const select = $("#fu-region");
    const chosen = select.value;
    if (S.ownRegion) {
      select.replaceChildren(el("option", { value: "", text: S.ownRegion }));
      select.disabled = true;
      return;
    }
    select.replaceChildren(el("option", { value: "", text: t("all") }),
      ...S.regions.map((r) => el("option", { value: r, text: r })));
    select.value = chosen;
  }

  // --- cards ---------------------------------------------------------------------------------

  function card(id, value, detail) {
    return el("div", { class: "fu-card", id: `fu-card-${id}` },
      el("span", { class: "label", text: figureLabel(id) }),
      el("span", { class: "value", text: value }),
      detail ? el("span", { class: "detail", text: detail }) : null);
  }

  function render() {
    const s = S.stats;
    if (!s) return;
    const f = s.figures;
    const last = plusDays(s.to, -1);
    $("#fu-scope").textContent = `${day(s.from)} – ${day(last)} · ${s.region || t("all")}`;
    $("#fu-note").textContent = s.retained_months.length
      ? `${t("fu_retained")}: ${s.retained_months.join(", ")}` : "";
    $("#fu-cards").replaceChildren(
      card("reports_requested", number(f.reports_requested),
        `${figureLabel("reports_per_sentence")}: ${number(f.reports_per_sentence, 2)}`),
      card("sentences_imposed", number(f.sentences_imposed),
        `${figureLabel("average_length_days")}: ${f.average_length_days === null ? t("none") : `${number(f.average_length_days, 1)} ${t("fu_days")}`}`),
      card("people_monitored", number(f.people_monitored),
        `${figureLabel("average_daily_population")}: ${number(f.average_daily_population, 1)}`),
      card("serving_days", number(f.serving_days), `${figureLabel("started")}: ${number(f.started)}`),
      card("completed", number(f.completed), `${figureLabel("converted")}: ${number(f.converted)}`),
      card("breaches", number(f.breaches),
        `${figureLabel("warnings")}: ${number(f.warnings)} · ${figureLabel("referrals")}: ${number(f.referrals)}`),
      card("interruptions", number(f.interruptions)),
      card("visits", number(f.visits),
        `${figureLabel("visit_km")}: ${number(f.visit_km, 1)} km · ${number(f.visit_minutes)} min`),
      card("cost_per_person_day", euro(f.cost_per_person_day),
        `${figureLabel("prison_day_cost")}: ${euro(f.prison_day_cost)}`),
      card("cost_per_completed", euro(f.cost_per_completed),
        `${figureLabel("cost_total")}: ${euro(f.cost_total)}`));
    lineChart($("#fu-daily"), s.daily);
    const parts = (figure) => Object.entries(s.breakdowns[figure] || {}).map(([key, n]) => ({
      label: ((s.breakdown_labels[figure] || {})[key] || {})[S.lang] || key, value: n }));
    barChart($("#fu-breaches"), parts("breaches"));
    barChart($("#fu-interruptions"), parts("interruptions"));
    barChart($("#fu-tests"), parts("substance_tests"));
    barChart($("#fu-cost"), [
      { label: figureLabel("cost_per_person_day"), value: f.cost_per_person_day, text: euro(f.cost_per_person_day) },
      { label: figureLabel("prison_day_cost"), value: f.prison_day_cost, text: euro(f.prison_day_cost) },
    ]);
    barChart($("#fu-visits"), [
      { label: figureLabel("visits"), value: f.visits },
      { label: figureLabel("visit_target"), value: f.visit_target, text: number(f.visit_target, 1) },
    ]);
    regionTable(s);
    const p = s.prices;
    $("#fu-prices").textContent = `${t("fu_prices")}: ${p.name} (${t("fu_in_effect")} ${day(p.effective_from)}). ${t("fu_source")}: ${S.lang === "fi" ? p.source_fi : p.source}`;
    // The pilot's split and the units' pilot flag (followup_pilot.js) draw from the same answer.
    document.dispatchEvent(new CustomEvent("valvo:followup", {
      detail: { lang: S.lang, stats: s, figureLabel, number, euro, day },
    }));
  }

  // --- charts (inline SVG, no library) -------------------------------------------------------

  function niceMax(value) {
    if (value <= 0) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
    return 10 * power;
  }

  function lineChart(target, rows) {
    const W = 900, H = 220, L = 40, R = 12, T = 10, B = 28;
    const max = niceMax(Math.max(0, ...rows.map((r) => r.people)));
    const x = (i) => L + (rows.length <= 1 ? 0 : (i * (W - L - R)) / (rows.length - 1));
    const y = (v) => T + (H - T - B) * (1 - v / max);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": t("fu_daily") });
    const ticks = max < 4 ? max : 4;  // whole people: no 0.5 on a small scale
    for (let k = 0; k <= ticks; k += 1) {
      const v = (max * k) / ticks;
      chart.append(svg("line", { class: "gridline", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      chart.append(svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, number(v, 1)));
    }
    chart.append(svg("line", { class: "axis", x1: L, x2: W - R, y1: y(0), y2: y(0) }));
    const points = rows.map((r, i) => `${x(i)},${y(r.people)}`).join(" ");
    if (rows.length) {
      chart.append(svg("polygon", { points: `${x(0)},${y(0)} ${points} ${x(rows.length - 1)},${y(0)}`, fill: "#2563eb22" }));
      chart.append(svg("polyline", { points, fill: "none", stroke: "#2563eb", "stroke-width": 2 }));
    }
    const every = Math.max(1, Math.ceil(rows.length / 10));
    rows.forEach((r, i) => {
      const dot = svg("circle", { cx: x(i), cy: y(r.people), r: rows.length > 60 ? 1.5 : 3, fill: "#2563eb" });
      dot.append(svg("title", {}, `${day(r.day)}: ${r.people}`));
      chart.append(dot);
      const last = i === rows.length - 1;
      if (last || (i % every === 0 && rows.length - 1 - i > every / 2)) {
        const anchor = i === 0 ? "start" : last ? "end" : "middle";
        chart.append(svg("text", { x: x(i), y: H - 8, "text-anchor": anchor }, shortDay(r.day)));
      }
    });
    target.replaceChildren(chart);
  }

  function barChart(target, rows) {
    const shown = rows.filter((r) => r.value !== null && r.value !== undefined);
    const W = 460, row = 26, L = 210, R = 60;
    const H = Math.max(1, shown.length) * row + 8;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
    if (!shown.length || shown.every((r) => !r.value)) {
      chart.append(svg("text", { class: "empty", x: 8, y: 18 }, t("fu_nothing")));
      target.replaceChildren(chart);
      return;
    }
    const max = Math.max(...shown.map((r) => r.value));
    shown.forEach((r, i) => {
      const y = 4 + i * row;
      const width = max ? ((W - L - R) * r.value) / max : 0;
      chart.append(svg("text", { x: L - 6, y: y + 16, "text-anchor": "end" }, r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label));
      const bar = svg("rect", { x: L, y: y + 3, width: Math.max(width, 1), height: row - 8, rx: 3, fill: COLOURS[i % COLOURS.length] });
      bar.append(svg("title", {}, `${r.label}: ${r.text ?? number(r.value, 2)}`));
      chart.append(bar);
      chart.append(svg("text", { x: L + width + 5, y: y + 16 }, r.text ?? number(r.value, 2)));
    });
    target.replaceChildren(chart);
  }

  function regionTable(s) {
    const keys = ["people_monitored", "serving_days", "breaches", "warnings", "completed", "converted", "visits", "cost_per_person_day"];
    $("#fu-region-table").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", { text: t("region") }), ...keys.map((k) => el("th", { text: figureLabel(k) })))),
      el("tbody", {}, ...s.by_region.map((r) => el("tr", {}, el("td", { text: r.region }),
        ...keys.map((k) => el("td", { text: k.startsWith("cost") ? euro(r[k]) : number(r[k], 1) }))))));
  }

  // --- exports -------------------------------------------------------------------------------

  async function download(path, name) {
    $("#fu-error").textContent = "";
    const response = await ValvoSession.authFetch(path);
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      $("#fu-error").textContent = typeof answer.detail === "string" ? answer.detail : t("fu_failed");
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  const fileName = (ext) => `${t("fu_file")}-${$("#fu-from").value}-${$("#fu-to").value}-${S.lang}.${ext}`;
  $("#fu-csv").addEventListener("click", () => download(`/api/followup/stats.csv?${params({ lang: S.lang })}`, fileName("csv")));
  $("#fu-xlsx").addEventListener("click", () => download(`/api/followup/stats.xlsx?${params({ lang: S.lang })}`, fileName("xlsx")));
  $("#fu-pdf").addEventListener("click", () => download(`/api/followup/report.pdf?${params({ lang: S.lang })}`, fileName("pdf")));
  $("#fu-form").addEventListener("submit", (event) => { event.preventDefault(); load(); });
  $("#lang").addEventListener("change", (event) => {
    S.lang = event.target.value;
    localStorage.setItem("valvo.lang", S.lang);
    fillRegions();
    applyText();
  });
  $("#logout").addEventListener("click", async () => { await ValvoSession.logout(); location.href = "/"; });

  async function start() {
    const may = await ValvoSession.me();
    if (!may.has("statistics:read")) { location.replace(may.size ? ValvoSession.home(may) : "/"); return; }
    ValvoSession.gate(may);
    $("#nav").hidden = false;
    $("#logout").hidden = false;
    $("#main").hidden = false;
    $("#who").textContent = sessionStorage.getItem("valvo.user") || "";
    S.figures = (await (await fetch("/api/meta")).json()).figures;
    const me = await (await ValvoSession.authFetch("/api/auth/me")).json().catch(() => ({}));
    S.ownRegion = me.region || null;
    S.regions = [];
    // The last 30 days, unless the user already chose a period while the page was starting.
    const today = isoDay(new Date());
    if (!$("#fu-to").value) $("#fu-to").value = today;
    if (!$("#fu-from").value) $("#fu-from").value = plusDays(today, -29);
    applyText();
    fillRegions();
    await load();
  }

  start();
})();
