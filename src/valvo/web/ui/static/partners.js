// Valvo partner registry: dashboards, keyword search, registry lists and details, a place into a
// person's plan, the session record (partner's confirmation next to the GPS record), and the
// partner contact's own view. Reuses the main console's token (sessionStorage "valvo.token").
"use strict";

const TEXT = {
  en: {
    partners: "Partners", dashboards: "Dashboards", search: "Search", registry: "Registry",
    language: "Language", logout: "Log out", login_title: "Log in", username: "Username",
    password: "Password", login: "Log in", login_failed: "Wrong username or password.",
    otp: "One-time code (if enabled)",
    missing_agreements: "Missing agreements", national_checklist: "National checklist",
    local_checklist: "Per centre", review_overdue: "Review overdue",
    overdue_meetings: "Overdue meetings", actions_overdue: "Action items overdue",
    stale_contacts: "Stale contacts", representation: "Missing representation",
    other_gaps: "Other gaps", keyword: "Keyword", kind: "Kind", all_kinds: "All",
    k_place: "Places", k_organisation: "Organisations", k_person: "People", k_service: "Services",
    name_contains: "Name contains", filter: "Filter", back: "Back",
    put_into_plan: "Put this place into a person's plan", put_into_plan_short: "Put into plan",
    person_order: "Person (order)", weekdays: "Weekdays", start: "Start", end: "End",
    travel_minutes: "Travel minutes", sessions: "Sessions", date: "Date",
    partner_confirmation: "Partner's confirmation", reconciliation: "Reconciliation",
    gps_record: "GPS record", none: "Nothing missing", due: "due", never_held: "never held",
    not_confirmed: "Not confirmed yet", confirm: "Confirm", no_sessions: "No sessions",
    planned: "In the plan from plan version {version}; the place is now a zone of the person's.", quality: "No quality evaluation",
    yearly_event: "No yearly experts-and-relatives event", project_review: "Project review overdue",
    reopened: "Admission re-opened", act_on: "Attendance to act on", open_session: "GPS record",
    days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], no_results: "No matches",
    attended: "attended", late: "late", left_early: "left early", absent: "absent",
    fixes: "{n} fixes, {share} inside the place ({verdict})",
    follow_up: "Follow-up", f_action: "Compliance action overdue", f_check: "Compliance check due",
    f_referral: "Referral practice missing", f_referral_review: "Referral practice review due",
    f_map: "Service map review due", f_no_map: "No service map", f_criteria: "Criteria review due",
    f_instruction: "Instruction review due", f_not_delivered: "Current guide not delivered",
    f_programme: "Programme in use, accreditation lapsed", f_goal: "Goal report due",
    f_nordic: "Nordic meeting overdue",
    order_monitoring_sentence: "Monitoring sentence", order_travel_ban: "Travel ban",
    order_pretrial_monitoring: "Pre-trial monitoring",
    roles: { operator: "operator", supervisor: "supervisor", regional_manager: "regional manager",
      police: "police", crime_analyst: "crime analyst", prosecutor: "prosecutor", court: "court",
      partner_contact: "place contact", administrator: "administrator", auditor: "auditor" },
    gps_present: "present", gps_partial: "partly present", gps_absent: "not there", gps_no_data: "no reliable fixes",
    show: "Show", last_held: "last held", choose: "— choose —", yes: "Yes", no: "No", any: "Any", no_rows: "No records",
  },
  fi: {
    partners: "Kumppanit", dashboards: "Tilannekuva", search: "Haku", registry: "Rekisteri",
    language: "Kieli", logout: "Kirjaudu ulos", login_title: "Kirjautuminen",
    username: "Käyttäjätunnus", password: "Salasana", login: "Kirjaudu",
    otp: "Kertakäyttökoodi (jos käytössä)",
    login_failed: "Väärä käyttäjätunnus tai salasana.", missing_agreements: "Puuttuvat sopimukset",
    national_checklist: "Valtakunnalliset", local_checklist: "Rikosseuraamuskeskuksittain",
    review_overdue: "Tarkistus myöhässä", overdue_meetings: "Myöhässä olevat tapaamiset",
    actions_overdue: "Myöhässä olevat toimenpiteet", stale_contacts: "Vanhentuneet yhteystiedot",
    representation: "Puuttuva edustus", other_gaps: "Muut puutteet", keyword: "Hakusana",
    kind: "Laji", all_kinds: "Kaikki", k_place: "Paikat", k_organisation: "Organisaatiot",
    k_person: "Henkilöt", k_service: "Palvelut", name_contains: "Nimessä", filter: "Suodata",
    back: "Takaisin", put_into_plan: "Lisää paikka henkilön suunnitelmaan",
    put_into_plan_short: "Lisää suunnitelmaan", person_order: "Henkilö (määräys)",
    weekdays: "Viikonpäivät", start: "Alkaa", end: "Päättyy", travel_minutes: "Matka-aika (min)",
    sessions: "Käynnit", date: "Päivä", partner_confirmation: "Kumppanin vahvistus",
    reconciliation: "Täsmäytys", gps_record: "Sijaintitiedot", none: "Ei puutteita",
    due: "erääntyi", never_held: "ei koskaan pidetty", not_confirmed: "Ei vielä vahvistettu",
    confirm: "Vahvista", no_sessions: "Ei käyntejä",
    planned: "Suunnitelmassa suunnitelman versiosta {version} alkaen; paikka on nyt henkilön alue.",
    quality: "Laadun arviointi puuttuu", yearly_event: "Vuosittainen tilaisuus puuttuu",
    project_review: "Projektin katselmointi myöhässä", reopened: "Pääsypäätös avattu uudelleen",
    act_on: "Käsiteltävä läsnäolo", open_session: "Sijaintitiedot",
    days: ["ma", "ti", "ke", "to", "pe", "la", "su"], no_results: "Ei osumia",
    attended: "läsnä", late: "myöhässä", left_early: "lähti aikaisin", absent: "poissa",
    fixes: "{n} sijaintia, {share} paikan alueella ({verdict})",
    follow_up: "Seuranta", f_action: "Seurantatoimenpide myöhässä", f_check: "Seurantatarkistus erääntynyt",
    f_referral: "Ohjauskäytäntö puuttuu", f_referral_review: "Ohjauskäytännön tarkistus myöhässä",
    f_map: "Palvelukartan päivitys myöhässä", f_no_map: "Palvelukartta puuttuu",
    f_criteria: "Kriteerien tarkistus myöhässä", f_instruction: "Ohjeen tarkistus myöhässä",
    f_not_delivered: "Voimassa olevaa ohjetta ei toimitettu",
    f_programme: "Ohjelma käytössä, akkreditointi päättynyt", f_goal: "Tavoitteen raportti myöhässä",
    f_nordic: "Pohjoismainen kokous myöhässä",
    order_monitoring_sentence: "Valvontarangaistus", order_travel_ban: "Matkustuskielto",
    order_pretrial_monitoring: "Tutkinta-ajan valvonta",
    roles: { operator: "päivystäjä", supervisor: "valvoja", regional_manager: "aluejohtaja",
      police: "poliisi", crime_analyst: "rikosanalyytikko", prosecutor: "syyttäjä", court: "tuomioistuin",
      partner_contact: "paikan yhteyshenkilö", administrator: "ylläpitäjä", auditor: "tarkastaja" },
    gps_present: "paikalla", gps_partial: "osittain paikalla", gps_absent: "ei paikalla", gps_no_data: "ei luotettavia sijainteja",
    show: "Näytä", last_held: "pidetty viimeksi", choose: "— valitse —", yes: "Kyllä", no: "Ei", any: "Kaikki", no_rows: "Ei tietueita",
  },
};
const CHOICE_SETS = { "places.kind": "place_kinds", "places.organiser_type": "organiser_types",
  "partners.type": "partner_types", "units.type": "unit_types", "agreements.status": "agreement_statuses",
  "agreements.level": "agreement_levels", "agreements.instrument": "instrument_types",
  "networks.kind": "network_kinds", "networks.theme": "network_themes", "events.type": "event_types",
  "projects.stage": "project_stages", "outside-persons.role": "outside_roles",
  "compliance-checks.result": "compliance_results", "referral-practices.service": "referral_services",
  "instructions.document": "instruction_documents", "expert-assignments.client_phase": "client_phases",
  "expert-assignments.paired_with": "paired_with", "expert-payments.kind": "fee_kinds",
  "trainings.direction": "training_directions", "research-permits.status": "permit_statuses",
  "data-requests.status": "request_statuses", "international.type": "international_types",
  "programmes.accreditation": "accreditation", "programmes.status": "programme_statuses",
  "goals.level": "goal_levels", "restorative.type": "restorative_types" };
const KIND_PATH = { place: "places", organisation: null, person: null, service: "services" };
const S = { get token() { return ValvoSession.token(); }, lang: localStorage.getItem("valvo.lang") || "en",
  meta: null, role: null, back: "registry", maps: {}, detail: null };
const $ = (sel) => document.querySelector(sel);
const t = (key) => (TEXT[S.lang] || TEXT.en)[key] ?? key;
const fill = (tpl, values) => tpl.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ""));

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

// Dates and times as people read them, in Finland's time: "7.12.2026 klo 14.05" / "7 Dec 2026, 14:05".
const LOCALE = () => (S.lang === "fi" ? "fi-FI" : "en-GB");
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
function localDay(iso) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString(LOCALE(),
    { day: "numeric", month: S.lang === "fi" ? "numeric" : "short", year: "numeric", timeZone: "UTC" });
}
function localInstant(iso) {
  return new Date(iso).toLocaleString(LOCALE(), { day: "numeric", month: S.lang === "fi" ? "numeric" : "short",
    year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Helsinki" });
}
// Server texts carry ISO days ("due 2026-10-07"): each becomes the locale's date.
const withLocalDays = (text) => String(text).replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => localDay(d));

// The dashboards' problem notes (English from the server) in the reader's language, their codes as labels.
const COVERAGE = {
  crime_in_prison: ["crime committed in prison", "vankilassa tehdyt rikokset"],
  executive_assistance: ["requests for executive assistance", "virka-apupyynnöt"],
  prisoner_transport: ["prisoner transports", "vankikuljetukset"],
  community_sanction_enforcement: ["enforcing community sanctions", "yhdyskuntaseuraamusten täytäntöönpano"],
  contact_restrictions: ["contact restrictions", "yhteydenpitorajoitukset"],
};
const PROBLEMS = [
  [/^no agreement or operating model$/, () => ["no agreement or operating model", "ei sopimusta eikä toimintamallia"]],
  [/^not in force \((\w+)\)$/, (m) => [`not in force (${label("agreement_statuses", m[1])})`,
    `ei voimassa (${label("agreement_statuses", m[1])})`]],
  [/^review overdue since (\S+)$/, (m) => [`review overdue since ${localDay(m[1])}`, `tarkistus myöhässä ${localDay(m[1])} alkaen`]],
  [/^no operating instructions$/, () => ["no operating instructions", "ei toimintaohjeita"]],
  [/^no contact details$/, () => ["no contact details", "ei yhteystietoja"]],
  [/^police agreement does not cover (\w+)$/, (m) => {
    const c = COVERAGE[m[1]] || [m[1].replace(/_/g, " "), m[1].replace(/_/g, " ")];
    return [`police agreement does not cover ${c[0]}`, `poliisin sopimus ei kata: ${c[1]}`];
  }],
  [/^no named contact person$/, () => ["no named contact person", "ei nimettyä yhteyshenkilöä"]],
  [/^no e-mail or phone$/, () => ["no e-mail or phone", "ei sähköpostia eikä puhelinta"]],
  [/^never verified$/, () => ["never verified", "ei koskaan tarkistettu"]],
  [/^last verified (\S+)$/, (m) => [`last verified ${localDay(m[1])}`, `tarkistettu viimeksi ${localDay(m[1])}`]],
];
function problem(text) {
  for (const [pattern, words] of PROBLEMS) {
    const m = String(text).match(pattern);
    if (m) return words(m)[S.lang === "fi" ? 1 : 0];
  }
  return text;
}

// The names of the records a kind refers to (centre, organiser, agreement…), fetched once a kind.
const NAMES = {};
async function namesOf(kind) {
  if (!NAMES[kind]) {
    NAMES[kind] = api(`/api/partners/${kind}`).then((rows) => Object.fromEntries(
      rows.map((r) => [r.id, r.name || r.title || r.contact_name || r.code || "—"]))).catch(() => ({}));
  }
  return NAMES[kind];
}
async function namesFor(kindName) {
  const refs = (S.meta.kinds[kindName] || {}).refs || {};
  const out = {};
  await Promise.all(Object.entries(refs).map(async ([field, kind]) => { out[field] = await namesOf(kind); }));
  return out;
}

// One field's value in words: a choice's label, a referenced record's name, yes/no, a local date.
function shown(kindName, field, v, names) {
  if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) return "—";
  const set = CHOICE_SETS[`${kindName}.${field}`];
  if (set && typeof v === "string") return label(set, v);
  if (names && names[field]) {
    const ids = Array.isArray(v) ? v : String(v).split(";").map((x) => x.trim());
    return ids.map((id) => names[field][id] || "—").join(", ");
  }
  if (field === "opening_hours") return hoursText(v);
  if (typeof v === "boolean") return t(v ? "yes" : "no");
  if (typeof v === "string" && ISO_INSTANT.test(v)) return localInstant(v);
  if (typeof v === "string" && ISO_DAY.test(v)) return localDay(v);
  if (Array.isArray(v)) return v.map((x) => shown(kindName, field, x, null)).join(S.lang === "fi" ? "; " : "; ");
  if (typeof v === "object") {
    return Object.entries(v).map(([k, x]) => `${fieldName(k, S.lang)}: ${shown(kindName, k, x, null)}`).join("; ");
  }
  return String(v);
}

function label(set, value) {
  const found = ((S.meta && S.meta.choices[set]) || []).find((c) => c.value === value);
  return found ? (S.lang === "fi" ? found.label_fi : found.label_en) : value;
}

async function api(path, options = {}) {
  const response = await ValvoSession.authFetch(path, options);
  if (response.status === 401) { showLogin(); throw new Error("session expired"); }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : response.statusText);
  return body;
}

function applyText() {
  document.documentElement.lang = S.lang;
  document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
  $("#lang").value = S.lang;
}

function showLogin() {
  document.querySelectorAll("main").forEach((m) => { m.hidden = m.id !== "login-view"; });
  $("#tabs").hidden = true; $("#logout").hidden = true;
}

async function login(event) {
  event.preventDefault();
  const answer = await ValvoSession.login($("#username").value, $("#password").value, $("#otp").value);
  if (!answer.ok) {
    $("#login-error").textContent = answer.detail === "wrong username or password" ? t("login_failed") : answer.detail;
    return;
  }
  const token = answer.token;
  if (token.scope !== "full") { ValvoSession.limited($("#login-form"), token.scope); return; }
  start();
}

async function logout() { await ValvoSession.logout(); location.reload(); }

function show(view) {
  document.querySelectorAll("main").forEach((m) => { m.hidden = m.id !== `${view}-view`; });
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
}

// --- dashboards ------------------------------------------------------------------------------
function gap(list, title, detail, cls) {
  const li = el("li", withLocalDays(title), cls);
  if (detail) li.appendChild(el("small", withLocalDays(detail)));
  list.appendChild(li);
}

function fillList(selector, items, render) {
  const list = $(selector); list.replaceChildren();
  if (!items.length) gap(list, t("none"), null, "ok");
  items.forEach((item) => render(list, item));
}

async function loadDashboards() {
  const d = await api("/api/partners/dashboards");
  const a = d.agreements, m = d.meetings, c = d.contacts, o = d.other;
  const partner = (r) => (S.lang === "fi" ? r.partner_fi : r.partner);
  $("#count-agreements").textContent = String(a.national_missing + a.local_missing);
  fillList("#national-missing", a.national.filter((r) => r.missing), (list, r) =>
    gap(list, `${r.code} ${partner(r)}`, r.problems.length ? r.problems.map(problem).join("; ") : label("agreement_statuses", r.status)));
  fillList("#local-missing", a.centres.flatMap((cen) => cen.missing.map((r) => ({ cen, r }))), (list, { cen, r }) =>
    gap(list, `${cen.centre}: ${r.code} ${partner(r)}`, r.problems.map(problem).join("; ")));
  fillList("#review-overdue", a.review_overdue, (list, r) => gap(list, r.title, `${t("due")} ${r.review_on}`, "warn"));
  const overdue = m.obligations.filter((x) => x.overdue).concat(m.networks.filter((x) => x.overdue));
  $("#count-meetings").textContent = String(overdue.length);
  fillList("#meetings-overdue", overdue, (list, x) => gap(list, x.title || x.name,
    [[x.centre, x.counterpart].filter(Boolean).join(" "), x.last_held ? `${t("last_held")} ${x.last_held}` : t("never_held"),
      `${t("due")} ${x.due_on}`].filter(Boolean).join(" · ")));
  fillList("#actions-overdue", m.actions_overdue, (list, x) => gap(list, x.what, `${x.meeting} · ${t("due")} ${x.due}`, "warn"));
  $("#count-contacts").textContent = String(c.stale_count);
  fillList("#contacts-stale", c.contacts, (list, x) => gap(list, `${x.contact_name || "—"} (${x.organisation})`,
    `${x.network} · ${x.problems.map(problem).join("; ")}`, "warn"));
  fillList("#representation", c.representation, (list, x) => gap(list, x.network, x.missing.join(", ")));
  const other = [
    ...o.quality.map((x) => [t("quality"), `${x.centre} ${x.year}`]),
    ...o.without_yearly_event.map((x) => [t("yearly_event"), `${x.centre} ${o.yearly_event_year}`]),
    ...o.project_reviews_overdue.map((x) => [t("project_review"), `${x.name} · ${t("due")} ${x.due_on}`]),
    ...o.admissions_reopened.map((x) => [t("reopened"), x.name]),
    ...o.attendance_to_act_on.map((x) => [t("act_on"), `${x.place_name} ${x.session_date}: ${S.lang === "fi" ? x.text_fi : x.text_en}`]),
  ];
  fillList("#other-gaps", other, (list, [title, detail]) => gap(list, title, detail));
  const f = d.follow_up;
  const follow = [
    ...f.compliance.actions_overdue.map((x) => [t("f_action"), `${x.title}: ${x.action} (${x.owner}) · ${t("due")} ${x.due_on}`]),
    ...f.compliance.checks_overdue.map((x) => [t("f_check"), `${x.title} · ${t("due")} ${x.next_check_on}`]),
    ...f.referrals.centres_missing.map((x) => [t("f_referral"), `${x.centre}: ${x.missing.map((group) => group.split(" or ").map((v) => label("referral_services", v)).join(S.lang === "fi" ? " tai " : " or ")).join("; ")}`]),
    ...f.referrals.review_overdue.map((x) => [t("f_referral_review"), `${x.name} · ${t("due")} ${x.review_on}`]),
    ...f.service_maps.overdue.map((x) => [t("f_map"), `${x.name} (${x.owner}) · ${t("due")} ${x.review_on}`]),
    ...f.service_maps.centres_without.map((x) => [t("f_no_map"), x.centre]),
    ...(f.criteria.review_overdue ? [[t("f_criteria"), `${f.criteria.in_force.version} · ${t("due")} ${f.criteria.in_force.review_on}`]] : []),
    ...f.instructions.review_overdue.map((x) => [t("f_instruction"), `${x.name} · ${t("due")} ${x.review_on}`]),
    ...f.instructions.not_delivered.map((x) => [t("f_not_delivered"), `${x.document} ${x.version}: ${x.experts.map((e) => e.name).join(", ")}`]),
    ...f.programmes_unaccredited.map((x) => [t("f_programme"), `${x.name} · ${x.accreditation_valid_to}`]),
    ...f.goal_reports_overdue.map((x) => [t("f_goal"), `${x.title} · ${t("due")} ${x.due_on}`]),
    ...f.nordic_meetings_overdue.map((x) => [t("f_nordic"), `${x.name} (${x.topic}) · ${x.last_met_on || t("never_held")}`]),
  ];
  $("#count-follow-up").textContent = String(follow.length);
  fillList("#follow-up-gaps", follow, (list, [title, detail]) => gap(list, title, detail, "warn"));
}

// --- search ----------------------------------------------------------------------------------
async function runSearch(event) {
  event.preventDefault();
  const params = new URLSearchParams({ q: $("#search-q").value });
  if ($("#search-kind").value) params.append("kinds", $("#search-kind").value);
  const hits = await api(`/api/partners/search?${params}`);
  const list = $("#search-results"); list.replaceChildren();
  if (!hits.length) list.appendChild(el("li", t("no_results")));
  for (const hit of hits) {
    const li = el("li", null, "hit");
    li.appendChild(el("span", t(`k_${hit.kind}`), "kind"));
    const path = hit.kind === "organisation" ? null : KIND_PATH[hit.kind];
    const open = el("button", hit.title, "link"); open.type = "button";
    open.addEventListener("click", () => openHit(hit, path));
    li.appendChild(open);
    li.appendChild(el("p", hit.snippet, "snippet"));
    list.appendChild(li);
  }
}

async function openHit(hit, path) {
  S.back = "search";
  if (path) return openDetail(path, hit.id);
  for (const kind of hit.kind === "person" ? ["directory", "network-members"] : ["partners", "units"]) {
    try { return await openDetail(kind, hit.id); } catch (e) { /* try the next kind */ }
  }
}

// --- registry --------------------------------------------------------------------------------
const LIST_KINDS = ["places", "partners", "units", "agreements", "networks", "network-members",
  "obligations", "meetings", "projects", "outside-persons", "events", "directory", "services",
  "successions", "area-mappings", "quality-criteria", "place-evaluations", "experts",
  "compliance-checks", "referral-practices", "placements", "service-maps", "criteria-versions",
  "instructions", "expert-assignments", "fee-levels", "expert-payments", "trainings",
  "research-permits", "data-requests", "international", "programmes", "goals", "restorative"];
const FILTERS = ["type", "kind", "level", "status", "centre_id", "municipality", "stage", "theme",
  "service", "result", "document", "direction", "accreditation", "client_phase"];

function setupRegistry() {
  const select = $("#registry-kind"); select.replaceChildren();
  for (const kind of LIST_KINDS) select.appendChild(new Option(kindName(kind, S.lang), kind));
  select.addEventListener("change", () => { renderFilters(); loadRegistry(); });
  renderFilters();
}

function relabelRegistry() {
  document.querySelectorAll("#registry-kind option").forEach((o) => { o.textContent = kindName(o.value, S.lang); });
  const kind = $("#registry-kind").value;
  document.querySelectorAll("#registry-filters [name]").forEach((input) => {
    const name = fieldName(input.name, S.lang);
    input.setAttribute("aria-label", name);
    if (input.tagName === "SELECT") {
      const set = CHOICE_SETS[`${kind}.${input.name}`];
      [...input.options].forEach((o) => { o.textContent = o.value ? (set ? label(set, o.value) : o.textContent) : `${name}: ${t("any")}`; });
    } else input.placeholder = name;
  });
}

function renderFilters() {
  const kind = S.meta.kinds[$("#registry-kind").value];
  const box = $("#registry-filters"); box.replaceChildren();
  const kindKey = $("#registry-kind").value;
  for (const name of kind.filters.filter((f) => FILTERS.includes(f))) {
    const set = CHOICE_SETS[`${kindKey}.${name}`];
    const refKind = (kind.refs || {})[name];
    let input;
    if (set || refKind) {
      input = el("select"); input.appendChild(new Option(`${fieldName(name, S.lang)}: ${t("any")}`, ""));
      if (set) for (const c of S.meta.choices[set] || []) input.appendChild(new Option(label(set, c.value), c.value));
      else namesOf(refKind).then((names) => Object.entries(names).sort((a, b) => a[1].localeCompare(b[1]))
        .forEach(([id, n]) => input.appendChild(new Option(n, id))));
      input.addEventListener("change", () => loadRegistry());
    } else {
      input = el("input"); input.placeholder = fieldName(name, S.lang); input.size = 14;
    }
    input.id = `filter-${name}`; input.name = name; input.setAttribute("aria-label", fieldName(name, S.lang));
    box.appendChild(input);
  }
}

async function loadRegistry(event) {
  if (event) event.preventDefault();
  const kindName = $("#registry-kind").value;
  const params = new URLSearchParams();
  document.querySelectorAll("#registry-filters [name]").forEach((i) => { if (i.value) params.append(i.name, i.value); });
  if ($("#registry-q").value) params.append("q", $("#registry-q").value);
  const [rows, names] = await Promise.all([api(`/api/partners/${kindName}?${params}`), namesFor(kindName)]);
  const columns = ["name", ...S.meta.kinds[kindName].filters.filter((f) => f !== "name" && f !== "title").slice(0, 5)];
  const head = $("#registry-head"); head.replaceChildren(...columns.map((c) => el("th", fieldName(c, S.lang))));
  const body = $("#registry-rows"); body.replaceChildren();
  if (!rows.length) { const td = el("td", t("no_rows")); td.colSpan = columns.length; body.appendChild(el("tr")).appendChild(td); }
  for (const row of rows) {
    const tr = el("tr");
    columns.forEach((c, i) => {
      const td = el("td");
      if (i === 0) {
        const open = el("button", row.name || row.title || row.contact_name || row.id, "link"); open.type = "button";
        open.addEventListener("click", () => { S.back = "registry"; openDetail(kindName, row.id); });
        td.appendChild(open);
      } else td.textContent = shown(kindName, c, row[c], names);
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
}

// --- detail, map, plan ----------------------------------------------------------------------
function hoursText(hours) {
  return (hours || []).map((h) => `${t("days")[h.weekday]} ${h.opens}–${h.closes}`).join(", ");
}

async function openDetail(kindName, id) {
  const [row, names] = await Promise.all([api(`/api/partners/${kindName}/${encodeURIComponent(id)}`), namesFor(kindName)]);
  S.detail = { kind: kindName, row, names };
  renderDetail();
  const isPlace = kindName === "places";
  $("#detail-map").hidden = !isPlace; $("#plan-panel").hidden = !isPlace;
  show("detail");
  if (isPlace) { drawMap("detail-map", row.geometry, row.radius_m, []); await preparePlan(row); }
}

function renderDetail() {
  const { kind: kindName, row, names } = S.detail;
  $("#detail-title").textContent = row.name || row.title || row.contact_name || row.id;
  const dl = $("#detail-fields"); dl.replaceChildren();
  for (const [k, v] of Object.entries(row)) {
    if (["id", "data", "geometry", "token_hash", "lon", "lat"].includes(k)) continue;
    dl.appendChild(el("dt", fieldName(k, S.lang)));
    dl.appendChild(el("dd", shown(kindName, k, v, names)));
  }
}

function drawMap(id, geometry, radius, positions) {
  if (S.maps[id]) S.maps[id].remove();
  const map = L.map(id); S.maps[id] = map;
  const centre = geometry.type === "Point" ? [geometry.coordinates[1], geometry.coordinates[0]]
    : L.geoJSON(geometry).getBounds().getCenter();
  map.setView(centre, 15);
  if (S.meta && S.meta.tile_url) L.tileLayer(S.meta.tile_url, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  let layer;
  if (geometry.type === "Point") {
    const [lon, lat] = geometry.coordinates;
    layer = L.circle([lat, lon], { radius: radius || 75, color: "#16a34a", fillOpacity: 0.15 }).addTo(map);
  } else layer = L.geoJSON(geometry, { style: { color: "#16a34a", fillOpacity: 0.15 } }).addTo(map);
  for (const p of positions) {
    if (p.accuracy_m) L.circle([p.lat, p.lon], { radius: p.accuracy_m, color: "#2563eb", weight: 1, fillOpacity: 0.05 }).addTo(map);
    L.circleMarker([p.lat, p.lon], { radius: 4, color: "#1d4ed8", fillOpacity: 0.9 })
      .bindTooltip(time(p.time)).addTo(map);
  }
  const bounds = layer.getBounds();
  positions.forEach((p) => bounds.extend([p.lat, p.lon]));
  map.fitBounds(bounds.pad(0.4), { maxZoom: 17 });
}

async function preparePlan(place) {
  const [orders, subjects] = await Promise.all([api("/api/orders"), api("/api/subjects")]);
  const names = Object.fromEntries(subjects.map((s) => [s.id, s.name]));
  const select = $("#plan-order"); select.replaceChildren();
  for (const o of orders.filter((x) => x.status === "active")) select.appendChild(new Option(`${names[o.subject_id] || "—"} · ${t(`order_${o.type}`)}`, o.id));
  const days = $("#plan-days"); days.replaceChildren();
  const open = new Set((place.opening_hours || []).map((h) => h.weekday));
  t("days").forEach((name, i) => {
    const box = el("input"); box.type = "checkbox"; box.value = String(i); box.id = `day-${i}`;
    box.disabled = !open.has(i); box.checked = open.has(i) && i < 5;
    const lab = el("label", name); lab.htmlFor = box.id;
    days.append(box, lab);
  });
  const hours = (place.opening_hours || [])[0];
  if (hours) { $("#plan-start").value = hours.opens; }
  $("#sessions-day").value = today();
  await loadPlaceSessions();
}

async function putIntoPlan(event) {
  event.preventDefault();
  const place = S.detail.row;
  const sessions = [...document.querySelectorAll("#plan-days input:checked")].map((b) => ({
    weekday: Number(b.value), start: $("#plan-start").value, end: $("#plan-end").value }));
  try {
    const row = await api(`/api/partners/places/${place.id}/plan`, { method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ order_id: $("#plan-order").value, sessions, travel_minutes: Number($("#plan-travel").value) }) });
    const plan = await api(`/api/orders/${row.order_id}/schedule`);
    $("#plan-result").textContent = fill(t("planned"), { version: plan.version });
    await loadPlaceSessions();
  } catch (e) { $("#plan-result").textContent = e.message; }
}

async function loadPlaceSessions() {
  const place = S.detail.row; const day = $("#sessions-day").value;
  const rows = await api(`/api/partners/places/${place.id}/sessions?day=${day}`);
  const list = $("#place-sessions"); list.replaceChildren();
  if (!rows.length) list.appendChild(el("li", t("no_sessions"), "ok"));
  for (const s of rows) {
    const li = el("li", `${s.person} ${time(s.starts_at)}–${time(s.ends_at)} · ${s.statement ? t(s.statement) : t("not_confirmed")}`, s.statement ? "ok" : "warn");
    const open = el("button", t("open_session"), "link"); open.type = "button";
    open.addEventListener("click", () => openSession(s.assignment_id, day));
    li.appendChild(document.createTextNode(" ")); li.appendChild(open);
    list.appendChild(li);
  }
}

const today = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Helsinki" });
// Plans are wall-clock times in Finland, whatever the browser's own zone.
const time = (iso) => new Date(iso).toLocaleTimeString(S.lang === "fi" ? "fi-FI" : "en-GB",
  { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Helsinki" });

async function openSession(assignmentId, day) {
  const v = await api(`/api/partners/assignments/${assignmentId}/sessions/${day}?purpose=attendance%20check`);
  $("#session-title").textContent = `${v.place_name} · ${localDay(day)} ${time(v.starts_at)}–${time(v.ends_at)}`;
  $("#session-confirmation").textContent = v.confirmation
    ? `${t(v.confirmation.statement)} — ${v.confirmation.confirmed_by}${v.confirmation.note ? `: ${v.confirmation.note}` : ""}` : t("not_confirmed");
  const outcome = $("#session-outcome");
  outcome.textContent = S.lang === "fi" ? v.now.text_fi : v.now.text_en;
  outcome.className = `outcome-${v.now.action}`;
  $("#session-gps").textContent = fill(t("fixes"), { n: v.gps.fixes, share: `${Math.round(v.gps.share_inside * 100)} %`, verdict: t(`gps_${v.gps.verdict}`) });
  show("session");
  drawMap("session-map", v.zone, null, v.positions);
}

// --- the partner contact's view ------------------------------------------------------------
async function startPartner() {
  const place = await api("/api/partner/place");
  $("#partner-place").textContent = place.name;
  $("#partner-address").textContent = place.address;
  $("#partner-day").value = today();
  show("partner");
  await loadPartnerSessions();
}

async function loadPartnerSessions() {
  const day = $("#partner-day").value;
  $("#partner-day-words").textContent = day ? new Date(`${day}T12:00:00Z`).toLocaleDateString(LOCALE(),
    { weekday: "long", day: "numeric", month: S.lang === "fi" ? "numeric" : "long", year: "numeric", timeZone: "UTC" }) : "";
  const rows = await api(`/api/partner/sessions?day=${day}`);
  const list = $("#partner-sessions"); list.replaceChildren();
  if (!rows.length) list.appendChild(el("li", t("no_sessions")));
  for (const s of rows) {
    const li = el("li");
    li.appendChild(el("span", s.person, "person"));
    li.appendChild(el("span", `${time(s.starts_at)}–${time(s.ends_at)}`));
    const select = el("select"); select.setAttribute("aria-label", `${s.person}: ${t("confirm")}`);
    if (!s.statement) select.appendChild(new Option(t("choose"), ""));
    for (const st of ["attended", "late", "left_early", "absent"]) select.appendChild(new Option(t(st), st));
    if (s.statement) select.value = s.statement;
    const button = el("button", t("confirm")); button.type = "button";
    const status = el("span", s.statement ? "✓" : t("not_confirmed"), "status");
    button.addEventListener("click", async () => {
      if (!select.value) { select.focus(); return; }
      try {
        await api(`/api/partner/sessions/${s.assignment_id}/${day}`, { method: "POST",
          headers: { "Content-Type": "application/json" }, body: JSON.stringify({ statement: select.value }) });
        status.textContent = "✓";
      } catch (e) { status.textContent = e.message; }
    });
    li.append(select, button, status);
    list.appendChild(li);
  }
}

// "kierratys (partner_contact)" as "kierratys (place contact)": the role in words.
function showWho() {
  const [, name, role] = (S.user || "").match(/^(.*) \(([\w-]+)\)$/) || [null, S.user || "", null];
  $("#who").textContent = role ? `${name} (${t("roles")[role] || role.replace(/_/g, " ")})` : name;
}

// --- start -----------------------------------------------------------------------------------
async function start() {
  const user = sessionStorage.getItem("valvo.user") || "";
  S.role = (user.match(/\(([\w-]+)\)$/) || [])[1] || null;
  S.user = user; showWho(); $("#logout").hidden = false;
  if (S.role === "partner_contact") return startPartner();
  S.meta = await api("/api/partners/meta");
  S.meta.tile_url = (await (await fetch("/api/meta")).json()).tile_url;
  $("#tabs").hidden = false;
  setupRegistry();
  show("dashboards");
  await loadDashboards();
}

document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", async () => {
  show(b.dataset.view);
  if (b.dataset.view === "dashboards") await loadDashboards();
  if (b.dataset.view === "registry") await loadRegistry();
}));
$("#login-form").addEventListener("submit", login);
$("#logout").addEventListener("click", logout);
$("#search-form").addEventListener("submit", (e) => runSearch(e).catch((err) => { $("#search-results").replaceChildren(el("li", err.message, "error")); }));
$("#registry-form").addEventListener("submit", loadRegistry);
$("#plan-form").addEventListener("submit", putIntoPlan);
$("#sessions-day").addEventListener("change", loadPlaceSessions);
$("#partner-day").addEventListener("change", loadPartnerSessions);
$("#back").addEventListener("click", () => show(S.back));
$("#session-back").addEventListener("click", () => show("detail"));
$("#lang").addEventListener("change", (e) => {
  S.lang = e.target.value; localStorage.setItem("valvo.lang", S.lang); applyText();
  if (!$("#dashboards-view").hidden) loadDashboards();
  if (S.meta) relabelRegistry();
  showWho();
  if (!$("#partner-view").hidden) loadPartnerSessions();
  if (!$("#registry-view").hidden) loadRegistry();
  if (!$("#detail-view").hidden && S.detail) renderDetail();
});
applyText();
if (S.token && ValvoSession.scope() === "full") start().catch(() => showLogin()); else showLogin();
