// Valvo crime matching for the police: upload a batch of crimes (CSV), see the row errors,
// start a matching run with its purpose and legal basis, and see the matches on the map (the
// crime with its radius, each matched person's numbered fixes with their 95 % circles).
// Reuses the console's login (session.js) and language choice. The police see matches only:
// the fixes that placed a person at a crime, never a track.
"use strict";

const TEXT = {
  en: {
    language: "Language", logout: "Log out", nav_cases: "Cases", nav_crimes: "Crime matching",
    login_title: "Log in", username: "Username", password: "Password", login: "Log in",
    otp: "One-time code (if enabled)", login_failed: "Wrong username or password.",
    upload_title: "Submit crimes",
    upload_help: "A CSV file with a header row: reporting_unit, crime_type, crime_reference, from, to, and lat and lon (WGS84) or easting and northing (ETRS-TM35FIN), description. Times without an offset are Finnish time.",
    csv_file: "CSV file", upload: "Upload", batches: "Batches", submitted: "Submitted",
    outcome: "Outcome", rows: "Rows taken", no_batches: "No batches yet.", batch: "Batch",
    reference: "Reference", crime_type: "Crime type", window: "Window", version: "Version",
    run_title: "Match against monitored people", radius: "Radius (m)",
    tolerance: "Time tolerance (min)", legal_basis: "Legal basis", purpose: "Purpose",
    start_run: "Start matching", runs: "Runs", matches: "Matches",
    repeat: "Run again and compare", a_repeat: "repeat", same_result: "✓ Same matches as the run it repeats.",
    different_result: "✗ The matches differ from the run it repeats (the positions or the algorithm changed).",
    no_run: "Choose a batch and start a run, or open one of its runs.",
    person: "Person", confidence: "Confidence", basis: "Placed by", nearest: "Nearest",
    gap: "Fixes around the crime", time: "Time", accuracy: "Accuracy (95 %)", speed: "Speed",
    distance: "Distance", no_matches: "No monitored person was within the radius.",
    evidence: "Evidence", evidence_download: "Download evidence package",
    evidence_signatory: "Signatory of the witness statement",
    evidence_help: "The package of a match holds the fixes of the run's window only, signed; its download is recorded under the run's purpose.",
    evidence_need_signatory: "Name the signatory first.", evidence_building: "Building the package…",
    evidence_ready: "Downloaded", evidence_signed: "signed by key",
    outcome_accepted: "Accepted: every row was taken", outcome_partial: "Partly accepted: the rows below were left out",
    outcome_refused: "Refused: no row was taken", download_errors: "Download the errors (CSV)",
    row: "Row", field: "Field", value: "Value", what_to_do: "What to do",
    run_by: "by", matched: "matched", crimes_n: "crimes", version_of: "version",
    changed: "changed", new_crime: "new",
    run_summary: (r) => `Radius ${r.radius_m} m, tolerance ${Math.round(r.tolerance_s / 60)} min · matches: ${r.matches_count}, crimes: ${r.crimes_count} · algorithm ${r.algorithm_version}`,
    gap_text: (g) => [
      g.before_s == null ? "no fix before the start" : `last fix ${mins(g.before_s)} before the start`,
      g.after_s == null ? "no fix after the end" : `next ${mins(g.after_s)} after the end`,
      g.longest_s == null ? "" : `longest gap ${mins(g.longest_s)}`,
    ].filter(Boolean).join(", "),
    positions_of: (name, ref) => `Positions of ${name} at ${ref}`,
    minutes: "min", seconds: "s", unknown: "not reported",
    crime_types: { burglary: "Burglary", theft: "Theft", robbery: "Robbery", assault: "Assault",
      sexual_offence: "Sexual offence", criminal_damage: "Criminal damage", vehicle_crime: "Vehicle crime",
      arson: "Arson", drug_offence: "Drug offence", homicide: "Homicide", other: "Other" },
    legal_bases: { criminal_investigation: "Criminal investigation (Criminal Investigation Act 805/2011)",
      coercive_measures: "Coercive measures (Coercive Measures Act 806/2011)",
      crime_prevention: "Preventing crime (Police Act 872/2011)", court_order: "Court order" },
    confidences: { high: "High", medium: "Medium", low: "Low" },
    outcomes: { accepted: "Accepted", partial: "Partly accepted", refused: "Refused" },
    bases: { fix: "a fix", circle: "an accuracy circle", track: "the track between fixes" },
    fields: { reporting_unit: "Reporting unit", crime_type: "Crime type", crime_reference: "Reference",
      from: "From", to: "To", lat: "Latitude", lon: "Longitude", easting: "Easting", northing: "Northing",
      description: "Description", end: "To", start: "From" },
    problems: {},
  },
  fi: {
    language: "Kieli", logout: "Kirjaudu ulos", nav_cases: "Asiat", nav_crimes: "Rikospaikkahaku",
    login_title: "Kirjaudu", username: "Käyttäjätunnus", password: "Salasana", login: "Kirjaudu",
    otp: "Kertakäyttökoodi (jos käytössä)", login_failed: "Väärä käyttäjätunnus tai salasana.",
    upload_title: "Rikosten ilmoittaminen",
    upload_help: "CSV-tiedosto, jonka otsikkorivillä: reporting_unit, crime_type, crime_reference, from, to sekä lat ja lon (WGS84) tai easting ja northing (ETRS-TM35FIN), description. Aika ilman aikavyöhykettä on Suomen aikaa.",
    csv_file: "CSV-tiedosto", upload: "Lähetä", batches: "Erät", submitted: "Lähetetty",
    outcome: "Tulos", rows: "Hyväksytyt rivit", no_batches: "Ei vielä eriä.", batch: "Erä",
    reference: "Tunnus", crime_type: "Rikoslaji", window: "Aikaikkuna", version: "Versio",
    run_title: "Vertaa valvottavien sijainteihin", radius: "Säde (m)",
    tolerance: "Aikatoleranssi (min)", legal_basis: "Oikeusperuste", purpose: "Käyttötarkoitus",
    start_run: "Käynnistä haku", runs: "Haut", matches: "Osumat",
    repeat: "Toista haku ja vertaa", a_repeat: "toisto", same_result: "✓ Samat osumat kuin toistetussa haussa.",
    different_result: "✗ Osumat eroavat toistetusta hausta (sijainnit tai algoritmi muuttuivat).",
    no_run: "Valitse erä ja käynnistä haku tai avaa aiempi haku.",
    person: "Henkilö", confidence: "Varmuus", basis: "Peruste", nearest: "Lähin",
    gap: "Sijainnit rikoksen ympärillä", time: "Aika", accuracy: "Tarkkuus (95 %)", speed: "Nopeus",
    distance: "Etäisyys", no_matches: "Yksikään valvottava ei ollut säteen sisällä.",
    evidence: "Todisteet", evidence_download: "Lataa todistepaketti",
    evidence_signatory: "Todistajanlausunnon allekirjoittaja",
    evidence_help: "Osuman paketissa ovat vain ajon aikaikkunan sijainnit allekirjoitettuina; lataus kirjataan ajon käyttötarkoituksella.",
    evidence_need_signatory: "Nimeä ensin allekirjoittaja.", evidence_building: "Kootaan pakettia…",
    evidence_ready: "Ladattu", evidence_signed: "allekirjoitusavain",
    outcome_accepted: "Hyväksytty: kaikki rivit otettiin", outcome_partial: "Osittain hyväksytty: alla olevat rivit jätettiin pois",
    outcome_refused: "Hylätty: yhtään riviä ei otettu", download_errors: "Lataa virheet (CSV)",
    row: "Rivi", field: "Kenttä", value: "Arvo", what_to_do: "Korjaa näin",
    run_by: "tekijä", matched: "osumaa", crimes_n: "rikosta", version_of: "versio",
    changed: "muuttui", new_crime: "uusi",
    run_summary: (r) => `Säde ${r.radius_m} m, toleranssi ${Math.round(r.tolerance_s / 60)} min · osumia: ${r.matches_count}, rikoksia: ${r.crimes_count} · algoritmi ${r.algorithm_version}`,
    gap_text: (g) => [
      g.before_s == null ? "ei sijaintia ennen alkua" : `edellinen sijainti ${mins(g.before_s)} ennen alkua`,
      g.after_s == null ? "ei sijaintia lopun jälkeen" : `seuraava ${mins(g.after_s)} lopun jälkeen`,
      g.longest_s == null ? "" : `pisin tauko ${mins(g.longest_s)}`,
    ].filter(Boolean).join(", "),
    positions_of: (name, ref) => `${name}: sijainnit rikoksessa ${ref}`,
    minutes: "min", seconds: "s", unknown: "ei ilmoitettu",
    crime_types: { burglary: "Murto", theft: "Varkaus", robbery: "Ryöstö", assault: "Pahoinpitely",
      sexual_offence: "Seksuaalirikos", criminal_damage: "Vahingonteko", vehicle_crime: "Ajoneuvorikos",
      arson: "Tuhopoltto", drug_offence: "Huumausainerikos", homicide: "Henkirikos", other: "Muu" },
    legal_bases: { criminal_investigation: "Esitutkinta (esitutkintalaki 805/2011)",
      coercive_measures: "Pakkokeinot (pakkokeinolaki 806/2011)",
      crime_prevention: "Rikoksen estäminen (poliisilaki 872/2011)", court_order: "Tuomioistuimen määräys" },
    confidences: { high: "Suuri", medium: "Kohtalainen", low: "Pieni" },
    outcomes: { accepted: "Hyväksytty", partial: "Osittain hyväksytty", refused: "Hylätty" },
    bases: { fix: "sijainti", circle: "tarkkuusympyrä", track: "sijaintien välinen reitti" },
    fields: { reporting_unit: "Ilmoittava yksikkö", crime_type: "Rikoslaji", crime_reference: "Tunnus",
      from: "Alkaa", to: "Päättyy", lat: "Leveysaste", lon: "Pituusaste", easting: "Itäkoordinaatti",
      northing: "Pohjoiskoordinaatti", description: "Kuvaus", end: "Päättyy", start: "Alkaa" },
    problems: {
      missing: "Anna puuttuva tieto.", too_long: "Lyhennä tekstiä.",
      unknown_crime_type: "Käytä jotakin sallituista rikoslajeista: burglary, theft, robbery, assault, sexual_offence, criminal_damage, vehicle_crime, arson, drug_offence, homicide, other.",
      bad_time: "Kirjoita aika muodossa 2026-12-05T14:30 (Suomen aikaa) tai aikavyöhykkeen kanssa.",
      window_reversed: "Päättymisajan on oltava alkamisajan jälkeen.",
      window_too_long: "Kavenna aikaikkunaa sallittuun enimmäispituuteen.",
      in_future: "Rikoksen aikaikkuna ei voi päättyä tulevaisuudessa.",
      bad_number: "Kirjoita desimaaliluku, esim. 60.1699.",
      out_of_range: "Koordinaatti on sallitun alueen ulkopuolella.",
      no_location: "Anna paikka joko lat- ja lon-arvoina tai easting- ja northing-arvoina.",
      two_locations: "Anna paikka vain kerran: joko lat ja lon tai easting ja northing.",
      duplicate_reference: "Sama tunnus on jo aiemmalla rivillä: anna kukin rikos kerran.",
      unknown_field: "Poista tuntematon sarake.",
    },
  },
};

const state = { lang: localStorage.getItem("valvo.lang") || "en", meta: null, batches: [], batch: null,
  run: null, map: null, layer: null, focus: null, selected: null, lastUpload: null };
const $ = (sel) => document.querySelector(sel);
const t = (key) => (TEXT[state.lang] || TEXT.en)[key] ?? TEXT.en[key] ?? key;
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const locale = () => (state.lang === "fi" ? "fi-FI" : "en-GB");
const when = (iso) => (iso ? new Date(iso).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short" }) : "");
const clock = (iso) => new Date(iso).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit", second: "2-digit" });
function mins(s) { return s < 120 ? `${Math.round(s)} ${t("seconds")}` : `${Math.round(s / 60)} ${t("minutes")}`; }
const named = (group, value) => (t(group) || {})[value] || String(value).replaceAll("_", " ");
const COLOURS = ["#1d4ed8", "#7c3aed", "#0f766e", "#be185d", "#b45309", "#4d7c0f"];

async function call(path, options = {}) {
  const response = await ValvoSession.authFetch(path, options);
  if (response.status === 401) { await logout(); throw new Error("session expired"); }
  return response;
}
async function json(path, options) {
  const response = await call(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
    throw new Error(detail || response.statusText);
  }
  return body;
}

function applyText() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = t(e.dataset.i18n); });
  $("#lang").value = state.lang;
  fillBases();
}

function show(view) {
  $("#login-view").hidden = view !== "login";
  $("#crimes-view").hidden = view !== "crimes";
}

async function login(event) {
  event.preventDefault();
  const answer = await ValvoSession.login($("#username").value, $("#password").value, $("#otp").value);
  if (!answer.ok) {
    $("#login-error").textContent = answer.detail === "wrong username or password" ? t("login_failed") : answer.detail;
    return;
  }
  if (answer.token.scope !== "full") { ValvoSession.limited($("#login-form"), answer.token.scope); return; }
  start();
}

async function logout() {
  await ValvoSession.logout();
  location.reload();
}

// --- upload ---------------------------------------------------------------------------------

async function upload(event) {
  event.preventDefault();
  const file = $("#csv-file").files[0];
  if (!file) return;
  const response = await call("/api/crimes/batches/csv", {
    method: "POST", headers: { "Content-Type": "text/csv" }, body: await file.text(),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status !== 201 && !body.outcome) {
    state.lastUpload = null;
    $("#upload-result").replaceChildren(el("p", body.detail || response.statusText, "error"));
    return;
  }
  state.lastUpload = body;
  renderUpload();
  $("#csv-file").value = "";
  await loadBatches();
  if (body.id) await openBatch(body.id);
}

function renderUpload() {
  const body = state.lastUpload;
  const out = $("#upload-result");
  if (!body) { out.replaceChildren(); return; }
  const head = el("p", `${t(`outcome_${body.outcome}`)} (${body.rows_accepted}/${body.rows_total})`, `outcome ${body.outcome}`);
  out.replaceChildren(head);
  if (!body.errors.length) return;
  const table = el("table", undefined, "grid errors");
  const thead = el("thead"); const hr = el("tr");
  for (const key of ["row", "field", "value", "what_to_do"]) hr.append(el("th", t(key)));
  thead.append(hr); table.append(thead);
  const tbody = el("tbody");
  for (const e of body.errors) {
    const tr = el("tr");
    const hint = state.lang === "fi" ? (t("problems")[e.problem] || e.hint) : e.hint;
    tr.append(el("td", String(e.row)), el("td", named("fields", e.field)), el("td", e.value), el("td", hint));
    tbody.append(tr);
  }
  table.append(tbody);
  const link = el("button", t("download_errors"));
  link.type = "button";
  link.addEventListener("click", () => downloadErrors(body));
  out.append(table, link);
}

async function downloadErrors(body) {
  let blob;
  if (body.id) {
    blob = await (await call(`/api/crimes/batches/${body.id}/errors.csv`)).blob();
  } else {  // a refused batch is not stored: the same CSV, written here
    const cell = (v) => { const s = String(v ?? ""); return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s; };
    const lines = ["row,field,value,problem,hint", ...body.errors.map((e) => [e.row, e.field, e.value, e.problem, e.hint].map(cell).join(","))];
    blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" });
  }
  const a = el("a");
  a.href = URL.createObjectURL(blob);
  a.download = `crime-errors-${body.id || "refused"}.csv`;
  document.body.append(a); a.click(); a.remove();
}

// --- batches and runs -----------------------------------------------------------------------

async function loadBatches() {
  state.batches = await json("/api/crimes/batches");
  const body = $("#batch-rows");
  body.replaceChildren();
  for (const b of state.batches) {
    const tr = el("tr", undefined, "link");
    tr.tabIndex = 0;
    if (state.batch && state.batch.id === b.id) tr.classList.add("selected");
    const outcome = el("td", named("outcomes", b.outcome));
    tr.append(el("td", when(b.submitted_at)), outcome, el("td", `${b.rows_accepted}/${b.rows_total}`));
    const open = () => openBatch(b.id);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    body.append(tr);
  }
  $("#batches-empty").hidden = state.batches.length > 0;
}

function windowText(c) {
  const start = new Date(c.start), end = new Date(c.end);
  const sameDay = start.toDateString() === end.toDateString();
  return `${when(c.start)}–${sameDay ? end.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" }) : when(c.end)}`;
}

async function openBatch(id) {
  state.batch = await json(`/api/crimes/batches/${id}`);
  renderBatch();
  document.querySelectorAll("#batch-rows tr").forEach((tr, i) => tr.classList.toggle("selected", state.batches[i] && state.batches[i].id === id));
}

function renderBatch() {
  const b = state.batch;
  if (!b) return;
  $("#batch-card").hidden = false;
  $("#batch-title").textContent = `${t("batch")} · ${when(b.submitted_at)}`;
  const body = $("#crime-rows");
  body.replaceChildren();
  for (const c of b.crimes) {
    const tr = el("tr");
    const version = c.version === 1 ? "1" : `${c.version} (${t("changed")}: ${c.changed.map((f) => named("fields", f)).join(", ") || "—"})`;
    tr.append(el("td", c.reference), el("td", named("crime_types", c.crime_type)), el("td", windowText(c)), el("td", version));
    body.append(tr);
  }
  $("#run-form").hidden = !state.may.has("crimes:match") || b.crimes.length === 0;
  const list = $("#run-list");
  list.replaceChildren();
  for (const r of b.runs) {
    const li = el("li");
    const again = r.repeat_of ? ` · ${t("a_repeat")}` : "";
    const button = el("button", `${when(r.run_at)} · ${r.radius_m} m · ${r.matches_count} ${t("matched")}${again}`);
    button.type = "button";
    button.addEventListener("click", () => openRun(r.id));
    li.append(button, el("span", ` ${t("run_by")} ${r.run_by}`, "muted"));
    list.append(li);
  }
}

function fillBases() {
  const select = $("#run-basis");
  if (!select || !state.meta) return;
  const chosen = select.value;
  select.replaceChildren(...state.meta.legal_bases.map((v) => new Option(named("legal_bases", v), v)));
  if (chosen) select.value = chosen;
}

async function startRun(event) {
  event.preventDefault();
  $("#run-error").textContent = "";
  const body = {
    radius_m: Number($("#run-radius").value), tolerance_minutes: Number($("#run-tolerance").value),
    legal_basis: $("#run-basis").value, purpose: $("#run-purpose").value,
  };
  try {
    const run = await json(`/api/crimes/batches/${state.batch.id}/runs`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    await openBatch(state.batch.id);
    await openRun(run.id);
  } catch (error) {
    $("#run-error").textContent = error.message;
  }
}

// --- the run on the map ---------------------------------------------------------------------

function initMap() {
  if (state.map) return;
  state.map = L.map("map", { zoomControl: true }).setView([60.19, 24.94], 11);
  if (state.tileUrl) L.tileLayer(state.tileUrl, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(state.map);
  state.layer = L.layerGroup().addTo(state.map);
  state.focus = L.layerGroup().addTo(state.map);
}

async function openRun(id) {
  state.run = await json(`/api/crimes/runs/${id}`);
  state.selected = null;
  state.repeated = null;
  renderRun();
}

async function repeatRun() {
  try {
    const again = await json(`/api/crimes/runs/${state.run.id}/repeat`, { method: "POST" });
    await openBatch(state.batch.id);
    await openRun(again.id);
    state.repeated = again.same_result;
    renderRepeated();
  } catch (error) {
    $("#repeat-result").textContent = error.message;
  }
}

function renderRepeated() {
  const out = $("#repeat-result");
  out.textContent = state.repeated == null ? "" : t(state.repeated ? "same_result" : "different_result");
  out.className = state.repeated == null ? "" : state.repeated ? "outcome accepted" : "outcome refused";
}

function renderRun() {
  const run = state.run;
  if (!run) return;
  initMap();
  const summary = `${when(run.run_at)} · ${named("legal_bases", run.legal_basis)} · ${run.purpose} · ${t("run_summary")(run)}`;
  $("#run-summary").textContent = summary;
  state.layer.clearLayers(); state.focus.clearLayers();
  const bounds = L.latLngBounds([]);
  const crimes = new Map(run.crimes.map((c) => [c.id, c]));
  for (const c of run.crimes) {
    L.circle([c.lat, c.lon], { radius: run.radius_m, color: "#dc2626", weight: 2, dashArray: "6 4", fillOpacity: 0.08 })
      .bindTooltip(`${c.reference} · ${named("crime_types", c.crime_type)} · ${windowText(c)}`)
      .addTo(state.layer);
    L.circleMarker([c.lat, c.lon], { radius: 4, color: "#dc2626", fillOpacity: 1 }).addTo(state.layer);
    bounds.extend(L.latLng(c.lat, c.lon).toBounds(run.radius_m * 2.5));
  }
  const people = [...new Set(run.matches.map((m) => m.subject_id))];
  run.matches.forEach((m, i) => {
    const colour = COLOURS[people.indexOf(m.subject_id) % COLOURS.length];
    drawMatch(m, colour, state.layer);
    m.positions.forEach((p) => bounds.extend([p.lat, p.lon]));
    m._colour = colour; m._crime = crimes.get(m.crime_id); m._index = i;
  });
  if (bounds.isValid()) state.map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17 });
  setTimeout(() => state.map.invalidateSize(), 0);
  const tbody = $("#match-rows");
  tbody.replaceChildren();
  for (const m of run.matches) {
    const tr = el("tr", undefined, "link");
    tr.tabIndex = 0;
    const badge = el("span", t("confidences")[m.confidence], `confidence ${m.confidence}`);
    const conf = el("td"); conf.append(badge);
    const build = el("button", t("evidence_download"));
    build.type = "button";
    build.addEventListener("click", (e) => { e.stopPropagation(); downloadMatchPackage(m, build); });
    build.addEventListener("keydown", (e) => e.stopPropagation());
    const evidence = el("td"); evidence.append(build);
    tr.append(el("td", m.reference), el("td", m.subject_name || "—"), conf, el("td", named("bases", m.basis)),
      el("td", `${Math.round(m.distance_m)} m`), el("td", t("gap_text")(m.gap)), evidence);
    const pick = () => selectMatch(m, tr);
    tr.addEventListener("click", pick);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
    tbody.append(tr);
  }
  $("#match-table").hidden = run.matches.length === 0;
  $("#match-evidence").hidden = run.matches.length === 0;
  $("#evidence-status").textContent = "";
  if (!$("#evidence-signatory").value) $("#evidence-signatory").value = localStorage.getItem(SIGNATORY_KEY) || "";
  if (!run.matches.length) $("#run-summary").textContent = `${summary} · ${t("no_matches")}`;
  $("#positions").hidden = true;
  $("#run-repeat").hidden = false;
  renderRepeated();
}

// A match's evidence package: the server builds the signed ZIP of the matched person's fixes in
// the run's window (no more) and records the read under the run's purpose.
const SIGNATORY_KEY = "valvo.evidence.signatory";

async function downloadMatchPackage(m, button) {
  const status = $("#evidence-status");
  const signatory = $("#evidence-signatory").value.trim();
  status.classList.remove("error");
  if (!signatory) {
    status.textContent = t("evidence_need_signatory");
    status.classList.add("error");
    $("#evidence-signatory").focus();
    return;
  }
  localStorage.setItem(SIGNATORY_KEY, signatory);
  status.textContent = t("evidence_building");
  button.disabled = true;
  try {
    const response = await call("/api/evidence/packages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ match_id: m.id, signatory }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error((Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail) || response.statusText);
    }
    const blob = await response.blob();
    const found = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    const name = found ? found[1] : "evidence.zip";
    const a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    const key = response.headers.get("X-Valvo-Key-Fingerprint") || "";
    status.textContent = `${t("evidence_ready")}: ${name} · ${t("evidence_signed")} ${key.slice(0, 23)}…`;
  } catch (e) {
    status.textContent = e.message;
    status.classList.add("error");
  } finally {
    button.disabled = false;
  }
}

function drawMatch(m, colour, layer) {
  if (m.basis === "track") {
    L.polyline(m.positions.map((p) => [p.lat, p.lon]), { color: colour, weight: 2, dashArray: "4 6" }).addTo(layer);
  }
  m.positions.forEach((p) => {
    if (p.circle_m) L.circle([p.lat, p.lon], { radius: p.circle_m, color: colour, weight: 1, fillOpacity: 0.08 }).addTo(layer);
    const icon = L.divIcon({ className: "fix-number", html: String(p.n), iconSize: [18, 18] });
    L.marker([p.lat, p.lon], { icon, title: `${m.subject_name} #${p.n}`, keyboard: false })
      .bindTooltip(`${m.subject_name} #${p.n} · ${clock(p.time)} · ${Math.round(p.distance_m)} m`)
      .addTo(layer);
  });
}

function selectMatch(m, tr) {
  document.querySelectorAll("#match-rows tr").forEach((r) => r.classList.toggle("selected", r === tr));
  state.focus.clearLayers();
  const bounds = L.latLngBounds(m.positions.map((p) => [p.lat, p.lon]));
  if (m._crime) bounds.extend(L.latLng(m._crime.lat, m._crime.lon).toBounds(state.run.radius_m * 2));
  state.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 18 });
  $("#positions-title").textContent = t("positions_of")(m.subject_name, m.reference);
  const body = $("#position-rows");
  body.replaceChildren();
  for (const p of m.positions) {
    const tr = el("tr");
    const accuracy = p.circle_m == null ? t("unknown") : `${Math.round(p.circle_m)} m`;
    const speed = p.speed_kmh == null ? t("unknown") : `${p.speed_kmh.toLocaleString(locale(), { maximumFractionDigits: 1 })} km/h`;
    tr.append(el("td", String(p.n)), el("td", `${new Date(p.time).toLocaleDateString(locale())} ${clock(p.time)}`),
      el("td", accuracy), el("td", speed), el("td", `${Math.round(p.distance_m)} m`));
    body.append(tr);
  }
  $("#positions").hidden = false;
}

// --- start ----------------------------------------------------------------------------------

async function start() {
  if (!ValvoSession.token() || ValvoSession.scope() !== "full") { show("login"); applyText(); return; }
  $("#who").textContent = sessionStorage.getItem("valvo.user") || "";
  $("#logout").hidden = false;
  const may = await ValvoSession.me();
  state.may = may;
  if (!may.has("crimes:submit") && !may.has("crimes:match")) { location.replace(ValvoSession.home(may)); return; }
  ValvoSession.gate(may);
  $("#nav").hidden = false;
  try {
    state.meta = await json("/api/crimes/meta");
    state.tileUrl = (await (await fetch("/api/meta")).json()).tile_url;
  } catch (error) { show("login"); $("#login-error").textContent = error.message; return; }
  applyText();
  show("crimes");
  initMap();
  await loadBatches();
  if (state.batches.length) await openBatch(state.batches[0].id);
}

document.addEventListener("DOMContentLoaded", () => {
  $("#login-form").addEventListener("submit", login);
  $("#logout").addEventListener("click", logout);
  $("#upload-form").addEventListener("submit", upload);
  $("#run-form").addEventListener("submit", startRun);
  $("#run-repeat").addEventListener("click", repeatRun);
  $("#lang").addEventListener("change", async (e) => {
    state.lang = e.target.value;
    localStorage.setItem("valvo.lang", state.lang);
    applyText();
    renderUpload();
    if (state.meta) await loadBatches();
    renderBatch();
    renderRun();
  });
  start();
});
