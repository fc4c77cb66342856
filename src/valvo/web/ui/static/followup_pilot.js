// The pilot on the follow-up page (issue 17; R143): the pilot's figures against the other
// cases' (in all and per region), the units (regions) in the pilot and since when, and, for an
// administrator (pilot:manage), putting a unit into the pilot from a date or taking it out.
// Drawn from the statistics followup.js loads (the "valvo:followup" event); its own texts.
"use strict";

const FOLLOWUP_PILOT_TEXT = {
  en: {
    split_title: "Pilot and the other cases",
    split_rule: "A case is a pilot case on a day when it was flagged as one with the report request, or when its unit (region) is in the pilot on that day.",
    all_units: "All units", pilot: "Pilot", others: "Other cases", unit_col: "Unit", cases_col: "Cases",
    units_title: "Units in the pilot", unit: "Unit (region)", change: "Change",
    joins: "Joins the pilot", leaves: "Leaves the pilot", from: "From", reason: "Reason or decision",
    save: "Save", history: "History of changes", status_col: "Today",
    in_since: "In the pilot since", not_in: "Not in the pilot", joins_on: "joins on", until: "until",
    saved: "Saved. The figures now count the unit's cases as pilot cases from", saved_out: "Saved. The unit's cases are no longer pilot cases from",
    set_by: "Set by", set_at: "Set", none_yet: "No unit has joined the pilot yet.", failed: "Could not save.",
    bad_date: "The date must be 1 January 2024 or later and at most a year from today.",
    no_change: "No change: on that day the unit already has this status.", need_unit: "Choose or type the unit.",
  },
  fi: {
    split_title: "Kokeilu ja muut tapaukset",
    split_rule: "Tapaus on kokeilun tapaus päivänä, jona se on merkitty kokeiluun selvityspyynnössä tai jona sen yksikkö (alue) on kokeilussa.",
    all_units: "Kaikki yksiköt", pilot: "Kokeilu", others: "Muut tapaukset", unit_col: "Yksikkö", cases_col: "Tapaukset",
    units_title: "Kokeilun yksiköt", unit: "Yksikkö (alue)", change: "Muutos",
    joins: "Tulee kokeiluun", leaves: "Lähtee kokeilusta", from: "Alkaen", reason: "Peruste tai päätös",
    save: "Tallenna", history: "Muutoshistoria", status_col: "Tänään",
    in_since: "Kokeilussa alkaen", not_in: "Ei kokeilussa", joins_on: "tulee kokeiluun", until: "päättyy",
    saved: "Tallennettu. Luvut laskevat yksikön tapaukset kokeiluun alkaen", saved_out: "Tallennettu. Yksikön tapaukset eivät ole kokeilussa alkaen",
    set_by: "Asettaja", set_at: "Asetettu", none_yet: "Yksikään yksikkö ei ole vielä kokeilussa.", failed: "Tallennus ei onnistunut.",
    bad_date: "Päivän on oltava 1.1.2024 tai myöhemmin ja enintään vuoden päästä.",
    no_change: "Ei muutosta: yksiköllä on jo tämä tila sinä päivänä.", need_unit: "Valitse tai kirjoita yksikkö.",
  },
};

(() => {
  const $ = (selector) => document.querySelector(selector);
  const P = { ctx: null, units: null };
  const lang = () => (P.ctx ? P.ctx.lang : localStorage.getItem("valvo.lang") || "en");
  const ft = (key) => (FOLLOWUP_PILOT_TEXT[lang()] || FOLLOWUP_PILOT_TEXT.en)[key] ?? FOLLOWUP_PILOT_TEXT.en[key] ?? key;
  const SPLIT = ["reports_requested", "people_monitored", "serving_days", "average_daily_population", "breaches", "completed", "visits", "cost_per_person_day"];

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

  const locale = () => (lang() === "fi" ? "fi-FI" : "en-GB");
  const day = (iso) => new Date(`${iso}T12:00:00`).toLocaleDateString(locale(), { day: "numeric", month: "numeric", year: "numeric" });
  const instant = (iso) => new Date(iso).toLocaleString(locale(), { day: "numeric", month: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit" });

  function texts() {
    document.querySelectorAll("[data-fp]").forEach((node) => { node.textContent = ft(node.dataset.fp); });
  }

  function splitTable() {
    const c = P.ctx;
    if (!c || !c.stats.by_pilot) return;
    const cell = (row, k) => (k.startsWith("cost") ? c.euro(row[k]) : c.number(row[k], 1));
    $("#fu-pilot-table").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", { text: ft("unit_col") }), el("th", { text: ft("cases_col") }),
        ...SPLIT.map((k) => el("th", { text: c.figureLabel(k) })))),
      el("tbody", {}, ...c.stats.by_pilot.map((row) => el("tr", { class: row.region ? "" : "total", "data-pilot": String(row.pilot), "data-region": row.region || "" },
        el("td", { text: row.region || ft("all_units") }),
        el("td", { text: row.pilot ? ft("pilot") : ft("others") }),
        ...SPLIT.map((k) => el("td", { "data-figure": k, text: cell(row, k) }))))));
  }

  function status(unit) {
    if (unit.pilot) return `${ft("in_since")} ${day(unit.since)}${unit.until ? `, ${ft("until")} ${day(unit.until)}` : ""}`;
    return unit.next_start ? `${ft("not_in")}; ${ft("joins_on")} ${day(unit.next_start)}` : ft("not_in");
  }

  function unitsTable() {
    if (!P.units) return;
    const { units, history } = P.units;
    $("#fu-units-table").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", { text: ft("unit_col") }), el("th", { text: ft("status_col") }))),
      el("tbody", {}, ...units.map((u) => el("tr", { "data-region": u.region },
        el("td", { text: u.region }), el("td", { class: u.pilot ? "fu-in" : "", text: status(u) })))));
    $("#fu-unit-regions").replaceChildren(...units.map((u) => el("option", { value: u.region })));
    $("#fu-units-history").replaceChildren(
      el("thead", {}, el("tr", {}, ...["unit_col", "change", "from", "reason", "set_by", "set_at"].map((k) => el("th", { text: ft(k) })))),
      el("tbody", {}, ...(history.length ? history.map((h) => el("tr", {},
        el("td", { text: h.region }), el("td", { text: h.pilot ? ft("joins") : ft("leaves") }),
        el("td", { text: day(h.valid_from) }), el("td", { text: h.reason || "" }),
        el("td", { text: h.set_by }), el("td", { text: instant(h.set_at) })))
        : [el("tr", {}, el("td", { colspan: "6", class: "muted", text: ft("none_yet") }))])));
  }

  async function loadUnits() {
    const response = await ValvoSession.authFetch("/api/followup/pilot-units");
    if (!response.ok) return;
    P.units = await response.json();
    unitsTable();
  }

  async function save(event) {
    event.preventDefault();
    const message = $("#fu-unit-message");
    message.className = "";
    message.textContent = "";
    const body = {
      region: $("#fu-unit-region").value.trim(),
      pilot: $("#fu-unit-pilot").value === "true",
      from: $("#fu-unit-from").value,
      reason: $("#fu-unit-reason").value.trim() || null,
    };
    const fail = (key) => { message.className = "error"; message.textContent = ft(key); };
    if (!body.region) { fail("need_unit"); return; }
    const ahead = new Date();
    ahead.setDate(ahead.getDate() + 366);
    const latest = `${ahead.getFullYear()}-${String(ahead.getMonth() + 1).padStart(2, "0")}-${String(ahead.getDate()).padStart(2, "0")}`;
    if (!body.from || body.from < "2024-01-01" || body.from > latest) { fail("bad_date"); return; }
    const response = await ValvoSession.authFetch("/api/followup/pilot-units", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      message.className = "error";
      const detail = answer.detail;
      message.textContent = typeof detail === "string" && detail.includes(" is already ") ? ft("no_change")
        : typeof detail === "string" ? detail
        : Array.isArray(detail) && detail.length ? `${ft("failed")} ${detail[0].loc.slice(-1)[0]}: ${detail[0].msg}` : ft("failed");
      return;
    }
    message.textContent = `${body.pilot ? ft("saved") : ft("saved_out")} ${day(body.from)}.`;
    $("#fu-unit-reason").value = "";
    await loadUnits();
    $("#fu-form").requestSubmit();  // the figures with the unit's new days
  }

  document.addEventListener("valvo:followup", (event) => {
    const first = P.ctx === null;
    P.ctx = event.detail;
    texts();
    splitTable();
    unitsTable();
    if (first) loadUnits();
  });
  document.addEventListener("DOMContentLoaded", () => {
    texts();
    $("#fu-unit-form").addEventListener("submit", save);
  });
})();
