// Valvo case work for supervisors (and police for travel bans): the caseload, one case with its
// timeline and documents, the plan editor with live validation, and the deadline list.
// Reuses the main console's login (sessionStorage "valvo.token") and language choice.
"use strict";

const TEXT = {
  en: {
    restriction: "Restricted case", restriction_reason: "Reason", restrict: "Mark restricted",
    unrestrict: "Lift the restriction", restricted: "Restricted", not_restricted: "Not restricted: everyone working the region sees this case.",
    reason_protected_person: "Protected person", reason_staff_member: "Staff member", reason_high_profile: "High-profile case",
    restricted_hint: "Only staff with access to restricted cases see this person now.",
    ban_monitoring: "Monitoring today", ban_alarms: "Alarms", ban_last_fix: "Last position",
    ban_fixes_today: "positions today", ban_no_fix: "No position today.", ban_no_alarms: "No alarms.",
    alarm_raised: "New", alarm_acknowledged: "Acknowledged", alarm_investigating: "Being investigated",
    alarm_resolved: "Resolved", alarm_reopened: "Reopened",
    caseload: "Caseload", deadlines: "Deadlines", language: "Language", logout: "Log out",
    nav_desk: "Alarm desk", nav_stats: "Statistics", nav_partners: "Partners", nav_audit: "Audit",
    nav_followup: "Follow-up",
    nav_crimes: "Crime matching",
    login_title: "Log in", username: "Username", password: "Password", login: "Log in",
    otp: "One-time code (if enabled)",
    login_failed: "Wrong username or password.", status: "Status", all: "All", person: "Person",
    type: "Type", region: "Region", updated: "Updated", no_cases: "No cases.", stage: "Stage",
    due: "Due", deadline: "Deadline", rule: "Rule", no_deadlines: "No open deadlines.",
    queue: "My queue", queue_intro: "What the cases ask of you: missed and soonest first.", queue_kind: "Kind",
    queue_asked: "What is asked", queue_since: "Since", no_queue: "Nothing waits for you.", no_due: "No set date", case_number: "Case number",
    back: "← Caseload", key_dates: "Key dates", documents: "Documents",
    case_deadlines: "Deadlines of this case", timeline: "Timeline",
    plan_editor: "Implementation plan (§6)", plan_start: "First day", plan_end: "Last day",
    weekly: "Weekly schedule", weekday: "Day", from: "From", to: "To", purpose: "Purpose",
    justification: "Justification", add_window: "Add a window", heard_on: "Convict heard on",
    amendment_reason: "Reason for the amendment", confirm_plan: "Confirm the plan",
    amend_plan: "Save the amendment", plan_valid: "The plan is valid.",
    plan_invalid: "The plan breaks the law:", plan_saved: "Saved; the engine now enforces it.",
    checking: "Checking…", fi: "Finnish", en: "English",
    doc_report: "Report (§4)", doc_plan: "Plan (§6)", doc_warning: "Written warning (§14.1)",
    doc_breach_report: "Report to the prosecutor (§16)",
    doc_travel_ban_decision: "Travel-ban decision (PKL 2:9)",
    doc_intoxication_observation: "Intoxication observations (§11.2)",
    records: "Records", wanted_notices: "Wanted notices (§13)", joined_sentences: "Combined sentences (§20)",
    travel_claims: "Travel costs (§22)", contacts: "Contacts (§10)", intoxication_observations: "Intoxication observations (§11.2)",
    unannounced: "unannounced", contact_by: "contact by", approved: "approved", refused: "refused",
    requested_on: "Report requested", sentenced_on: "Sentenced", enforceable_on: "Enforceable",
    length_days: "Length (days)", ended_on: "Ended", prison_days: "Converted into prison (days)", serving_start: "Serving started", served_days: "Served days",
    end_date: "End date", release_date: "Release (parole) date",
    completion_deadline: "Complete by", decided_at: "Decided", charges_deadline: "Charges by",
    court_referral_deadline: "To court by", court_hearing_deadline: "Court hearing by",
    lapses_at: "Lapses", policy: "Law version",
    ab_title: "Abode", ab_kind: "Kind", ab_dwelling: "Private dwelling", ab_institution: "Placement institution",
    ab_address: "Address", ab_institution_name: "Institution", ab_contact_name: "Contact person", ab_phone: "Phone",
    ab_email: "E-mail", ab_valid_from: "Valid from", ab_save: "Record the abode", ab_saved: "The abode is recorded.",
    ab_none: "No abode recorded yet.", ab_current: "in force", ab_earlier: "earlier", ab_from: "from",
    ws_place: "Existing work or study", ws_to_include: "to be included in the activity obligation",
    ws_included_short: "included in the activity obligation", ws_left_out: "left out of the activity obligation",
    ws_flag: "The report found existing work or study: {place}. Include it in the activity obligation (item 2) unless there is a reason not to.",
    ws_included: "Included in the activity obligation (item 2)",
    vf_title: "Visits against target", vf_target: "Target a week", vf_made: "Visits made", vf_expected: "Expected so far",
    vf_per_week: "Actual a week", vf_weeks_short: "Full weeks short", vf_case_title: "Visit target",
    vf_reason: "Reason for this case's own target", vf_save: "Set the target", vf_saved: "The target is set.",
    vf_summary: "{made} visits made, {expected} expected so far ({per_week} a week; target {target} a week, {source}).",
    vf_not_started: "Target {target} visits a week ({source}); counted from the start of serving.",
    vf_default: "the default", vf_own: "this case's own", vf_short: "{n} full weeks short.",
    rp_title: "Contact persons", rp_guardian_missing: "Under 18: register a guardian, trustee or legal representative.",
    rp_guardian: "Guardian", rp_trustee: "Trustee", rp_legal_representative: "Legal representative", rp_co_resident: "Co-resident",
    rp_name: "Person's name", rp_save: "Register the person", rp_saved: "The person is registered.", rp_none: "Nobody registered yet.",
    rp_contact_who: "Contact with", rp_channel: "How", rp_phone_call: "Phone call", rp_visit: "Visit", rp_letter: "Letter",
    rp_outcome: "Outcome", rp_confirmed: "Confirmed, all well", rp_not_confirmed: "Not confirmed", rp_no_answer: "No answer",
    rp_concern: "A concern raised", rp_notes: "Notes", rp_log: "Log the contact", rp_logged: "The contact is logged.",
    rp_contacts: "contacts logged: {n}",
    passport_issuing: "Passport issuing", passport_barred: "barred while the ban is in force (PKL 2:4)",
    main_hearing_at: "Valid until the main hearing", complaint: "Complaint", cp_urgent: "URGENT — awaiting the court (PKL 2:17)", cp_by_suspect: "by the person under the ban",
    cp_by_counsel: "by their counsel", cp_out_rejected: "rejected: the ban stands", cp_out_ban_revoked: "upheld: the ban lifted",
    cp_out_ban_changed: "upheld: the ban changed", cp_out_withdrawn: "withdrawn",
    passport_free: "not barred", rx_title: "Prescriptions", rx_substance: "Medicine", rx_prescribed_by: "Prescribed by", rx_until: "Valid until",
    rx_save: "Record the prescription", rx_saved: "The prescription is recorded.", rx_none: "No prescriptions recorded.",
    rx_open: "until further notice",
    so_title: "Orders to give a sample", so_place_kind: "Place", so_health_centre: "Health centre",
    so_khl_office: "Regional office of the Criminal Sanctions Agency", so_substance_care_unit: "Substance-abuse care unit",
    so_prison: "Prison", so_place_name: "Name and address", so_attend_on: "Attend on", so_save: "Order a sample",
    so_saved: "The order is recorded.", so_none: "No orders.", so_attended: "Came", so_absent: "Did not come",
    so_waiting: "awaiting", so_came: "came", so_missed: "did not come — a suspected breach",
    more_deadlines: "(+{n} more)", person_reports: "{n} problem(s) reported by the person", plan_waiting_days: "Plan being prepared for", plan_took_days: "Plan prepared in", days_word: "days",
    late_over: "late: more than {n} days since the sentence became enforceable", start_late: "Enforcement not started",
    items: { abode: "1. Abode", activity: "2. Activity obligation and travel times",
      monitoring: "3. Monitoring and devices", abode_timing: "4. Abode obligation: duration and timing",
      movement: "5. Movement outside the abode and activity place", support: "6. Support measures",
      personal_time: "7. Personal business and rehabilitation", other: "8. Other conditions" },
    co_residents: "Co-residents (R14, R15)", cr_name: "Name", cr_birth_date: "Date of birth",
    cr_consent: "Written consent", cr_document: "Consent document", cr_heard: "Heard (aged 12–17)",
    cr_heard_on: "Heard on", cr_views: "Views", cr_add: "Add the co-resident",
    cr_update: "Save the correction", cr_cancel: "Cancel", cr_edit: "Edit", cr_remove: "Remove",
    cr_consented: "consented in writing", cr_no_consent: "no written consent", cr_heard_short: "heard",
    cr_none: "No co-residents recorded.", cr_saved: "Saved.", cr_removed: "Removed.",
    days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  },
  fi: {
    restriction: "Rajattu asia", restriction_reason: "Peruste", restrict: "Rajaa näkyvyys",
    unrestrict: "Poista rajaus", restricted: "Rajattu", not_restricted: "Ei rajattu: kaikki alueen työntekijät näkevät asian.",
    reason_protected_person: "Suojattu henkilö", reason_staff_member: "Oma työntekijä", reason_high_profile: "Julkisuutta saava asia",
    restricted_hint: "Vain rajattujen asioiden käsittelijät näkevät nyt tämän henkilön.",
    ban_monitoring: "Valvonta tänään", ban_alarms: "Hälytykset", ban_last_fix: "Viimeisin sijainti",
    ban_fixes_today: "sijaintia tänään", ban_no_fix: "Ei sijaintia tänään.", ban_no_alarms: "Ei hälytyksiä.",
    alarm_raised: "Uusi", alarm_acknowledged: "Kuitattu", alarm_investigating: "Selvitettävänä",
    alarm_resolved: "Ratkaistu", alarm_reopened: "Avattu uudelleen",
    caseload: "Asiakkaat", deadlines: "Määräajat", language: "Kieli", logout: "Kirjaudu ulos",
    nav_desk: "Hälytykset", nav_stats: "Tilastot", nav_partners: "Kumppanit", nav_audit: "Loki",
    nav_followup: "Seuranta",
    nav_crimes: "Rikospaikkahaku",
    login_title: "Kirjaudu", username: "Käyttäjätunnus", password: "Salasana", login: "Kirjaudu",
    otp: "Kertakäyttökoodi (jos käytössä)",
    login_failed: "Väärä käyttäjätunnus tai salasana.", status: "Tila", all: "Kaikki",
    person: "Henkilö", type: "Laji", region: "Alue", updated: "Päivitetty", no_cases: "Ei asioita.",
    stage: "Vaihe", due: "Erääntyy", deadline: "Määräaika", rule: "Säännös",
    no_deadlines: "Ei avoimia määräaikoja.",
    queue: "Työjononi", queue_intro: "Mitä asiat odottavat sinulta: myöhässä olevat ja lähimmät ensin.", queue_kind: "Laji",
    queue_asked: "Mitä pyydetään", queue_since: "Alkaen", no_queue: "Sinulta ei odoteta mitään.", no_due: "Ei määräpäivää", case_number: "Asianumero", back: "← Asiakkaat", key_dates: "Keskeiset päivät",
    documents: "Asiakirjat", case_deadlines: "Asian määräajat", timeline: "Tapahtumat",
    plan_editor: "Toimeenpanosuunnitelma (6 §)", plan_start: "Ensimmäinen päivä",
    plan_end: "Viimeinen päivä", weekly: "Viikoittainen aikataulu", weekday: "Päivä",
    from: "Alkaa", to: "Päättyy", purpose: "Tarkoitus", justification: "Perustelu",
    add_window: "Lisää aikaikkuna", heard_on: "Tuomittua kuultu",
    amendment_reason: "Muutoksen syy", confirm_plan: "Vahvista suunnitelma",
    amend_plan: "Tallenna muutos", plan_valid: "Suunnitelma on lainmukainen.",
    plan_invalid: "Suunnitelma rikkoo lakia:", plan_saved: "Tallennettu; valvonta noudattaa sitä.",
    checking: "Tarkistetaan…", fi: "suomi", en: "englanti",
    doc_report: "Selvitys (4 §)", doc_plan: "Suunnitelma (6 §)",
    doc_warning: "Kirjallinen varoitus (14.1 §)", doc_breach_report: "Ilmoitus syyttäjälle (16 §)",
    doc_travel_ban_decision: "Matkustuskieltopäätös (PKL 2:9)",
    doc_intoxication_observation: "Päihtymyshavainnot (11.2 §)",
    records: "Kirjaukset", wanted_notices: "Etsintäkuulutukset (13 §)", joined_sentences: "Yhdistetyt rangaistukset (20 §)",
    travel_claims: "Matkakustannukset (22 §)", contacts: "Yhteydenotot (10 §)", intoxication_observations: "Päihtymyshavainnot (11.2 §)",
    unannounced: "ennalta ilmoittamaton", contact_by: "yhteys viimeistään", approved: "hyväksytty", refused: "hylätty",
    requested_on: "Selvitystä pyydetty", sentenced_on: "Tuomittu", enforceable_on: "Täytäntöönpanokelpoinen",
    length_days: "Pituus (päivää)", ended_on: "Päättyi", prison_days: "Muunnettu vankeudeksi (päivää)", serving_start: "Suorittaminen alkoi", served_days: "Suoritettu (päivää)",
    end_date: "Päättymispäivä", release_date: "Vapautumispäivä (ehdonalainen)",
    completion_deadline: "Suoritettava viimeistään", decided_at: "Päätetty",
    charges_deadline: "Syyte viimeistään", court_referral_deadline: "Tuomioistuimeen viimeistään",
    court_hearing_deadline: "Käsittely viimeistään", lapses_at: "Raukeaa", policy: "Lain versio",
    ab_title: "Asunto", ab_kind: "Laji", ab_dwelling: "Yksityisasunto", ab_institution: "Sijoituslaitos",
    ab_address: "Osoite", ab_institution_name: "Laitos", ab_contact_name: "Yhteyshenkilö", ab_phone: "Puhelin",
    ab_email: "Sähköposti", ab_valid_from: "Voimassa alkaen", ab_save: "Kirjaa asunto", ab_saved: "Asunto on kirjattu.",
    ab_none: "Asuntoa ei ole vielä kirjattu.", ab_current: "voimassa", ab_earlier: "aiempi", ab_from: "alkaen",
    ws_place: "Nykyinen työ tai opiskelu", ws_to_include: "sisällytettävä toimintavelvoitteeseen",
    ws_included_short: "sisältyy toimintavelvoitteeseen", ws_left_out: "jätetty toimintavelvoitteen ulkopuolelle",
    ws_flag: "Selvityksessä todettiin nykyinen työ- tai opiskelupaikka: {place}. Sisällytä se toimintavelvoitteeseen (kohta 2), ellei ole syytä jättää pois.",
    ws_included: "Sisältyy toimintavelvoitteeseen (kohta 2)",
    vf_title: "Käynnit suhteessa tavoitteeseen", vf_target: "Tavoite viikossa", vf_made: "Tehdyt käynnit", vf_expected: "Tavoite tähän mennessä",
    vf_per_week: "Toteutunut viikossa", vf_weeks_short: "Vajaat täydet viikot", vf_case_title: "Käyntitavoite",
    vf_reason: "Perustelu asiakaskohtaiselle tavoitteelle", vf_save: "Aseta tavoite", vf_saved: "Tavoite on asetettu.",
    vf_summary: "{made} käyntiä tehty, tavoite tähän mennessä {expected} ({per_week} viikossa; tavoite {target} viikossa, {source}).",
    vf_not_started: "Tavoite {target} käyntiä viikossa ({source}); lasketaan suorittamisen alusta.",
    vf_default: "oletus", vf_own: "asiakaskohtainen", vf_short: "{n} täyttä viikkoa alle tavoitteen.",
    rp_title: "Yhteyshenkilöt", rp_guardian_missing: "Alle 18-vuotias: kirjaa huoltaja, edunvalvoja tai laillinen edustaja.",
    rp_guardian: "Huoltaja", rp_trustee: "Edunvalvoja", rp_legal_representative: "Laillinen edustaja", rp_co_resident: "Samassa taloudessa asuva",
    rp_name: "Henkilön nimi", rp_save: "Kirjaa henkilö", rp_saved: "Henkilö on kirjattu.", rp_none: "Ketään ei ole vielä kirjattu.",
    rp_contact_who: "Yhteys henkilöön", rp_channel: "Tapa", rp_phone_call: "Puhelu", rp_visit: "Käynti", rp_letter: "Kirje",
    rp_outcome: "Tulos", rp_confirmed: "Vahvistettu, kaikki hyvin", rp_not_confirmed: "Ei vahvistettu", rp_no_answer: "Ei vastausta",
    rp_concern: "Huoli esitetty", rp_notes: "Huomiot", rp_log: "Kirjaa yhteydenotto", rp_logged: "Yhteydenotto on kirjattu.",
    rp_contacts: "kirjattuja yhteydenottoja: {n}",
    passport_issuing: "Passin myöntäminen", passport_barred: "estetty kiellon ollessa voimassa (PKL 2:4)",
    main_hearing_at: "Voimassa pääkäsittelyyn", complaint: "Kantelu", cp_urgent: "KIIREELLINEN — odottaa tuomioistuinta (PKL 2:17)", cp_by_suspect: "kieltoon määrätyn",
    cp_by_counsel: "avustajan", cp_out_rejected: "hylätty: kielto pysyy", cp_out_ban_revoked: "hyväksytty: kielto kumottu",
    cp_out_ban_changed: "hyväksytty: kieltoa muutettu", cp_out_withdrawn: "peruutettu",
    passport_free: "ei estettä", rx_title: "Lääkemääräykset", rx_substance: "Lääke", rx_prescribed_by: "Määrännyt", rx_until: "Voimassa asti",
    rx_save: "Kirjaa lääkemääräys", rx_saved: "Lääkemääräys on kirjattu.", rx_none: "Lääkemääräyksiä ei ole kirjattu.",
    rx_open: "toistaiseksi",
    so_title: "Näytteenantomääräykset", so_place_kind: "Paikka", so_health_centre: "Terveyskeskus",
    so_khl_office: "Rikosseuraamuslaitoksen aluetoimisto", so_substance_care_unit: "Päihdehuollon yksikkö",
    so_prison: "Vankila", so_place_name: "Nimi ja osoite", so_attend_on: "Saavuttava", so_save: "Määrää näytteenanto",
    so_saved: "Määräys on kirjattu.", so_none: "Ei määräyksiä.", so_attended: "Saapui", so_absent: "Ei saapunut",
    so_waiting: "odottaa", so_came: "saapui", so_missed: "ei saapunut — epäilty rikkomus",
    more_deadlines: "(+{n} muuta)", person_reports: "henkilö ilmoitti {n} ongelmaa", plan_waiting_days: "Suunnitelmaa laadittu", plan_took_days: "Suunnitelma laadittiin", days_word: "vrk",
    late_over: "myöhässä: yli {n} vrk täytäntöönpanokelpoisuudesta", start_late: "Täytäntöönpano aloittamatta",
    items: { abode: "1. Asunto tai muu olinpaikka", activity: "2. Toimintavelvoite ja matka-ajat",
      monitoring: "3. Valvonta ja valvontavälineet", abode_timing: "4. Olinpaikkavelvoitteen kesto ja ajoitus",
      movement: "5. Liikkuminen asunnon ja toimintapaikan ulkopuolella", support: "6. Tukitoimet",
      personal_time: "7. Henkilökohtaiset asiat ja kuntoutus", other: "8. Muut ehdot" },
    co_residents: "Samassa taloudessa asuvat (R14, R15)", cr_name: "Nimi", cr_birth_date: "Syntymäaika",
    cr_consent: "Kirjallinen suostumus", cr_document: "Suostumusasiakirja", cr_heard: "Kuultu (12–17-vuotias)",
    cr_heard_on: "Kuultu", cr_views: "Näkemys", cr_add: "Lisää henkilö",
    cr_update: "Tallenna korjaus", cr_cancel: "Peruuta", cr_edit: "Korjaa", cr_remove: "Poista",
    cr_consented: "suostunut kirjallisesti", cr_no_consent: "ei kirjallista suostumusta", cr_heard_short: "kuultu",
    cr_none: "Ei kirjattuja henkilöitä.", cr_saved: "Tallennettu.", cr_removed: "Poistettu.",
    days: ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"],
  },
};
const ITEM_KEYS = ["abode", "activity", "monitoring", "abode_timing", "movement", "support", "personal_time", "other"];

const state = { get token() { return ValvoSession.token(); }, lang: localStorage.getItem("valvo.lang") || "en",
  meta: null, view: "caseload", caseId: null, detail: null, checkTimer: null, checkSeq: 0,
  coResidentId: null };

const $ = (sel) => document.querySelector(sel);
const t = (key) => (TEXT[state.lang] || TEXT.en)[key] ?? key;
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };

function label(list, value) {
  const found = ((state.meta || {})[list] || []).find((c) => c.value === value);
  return found ? (state.lang === "fi" ? found.label_fi : found.label_en) : String(value).replaceAll("_", " ");
}
function colour(list, value) {
  const found = ((state.meta || {})[list] || []).find((c) => c.value === value);
  return found ? found.colour : "#6b7280";
}
function when(iso) {
  if (!iso) return "";
  const locale = state.lang === "fi" ? "fi-FI" : "en-GB";
  // Instants in the case's own zone, as its dates are (the API dates a step by that zone).
  const timeZone = (state.detail && state.detail.timezone) || "Europe/Helsinki";
  return iso.length <= 10 ? new Date(iso + "T12:00:00").toLocaleDateString(locale)
    : new Date(iso).toLocaleString(locale, { dateStyle: "short", timeStyle: "short", timeZone });
}

async function api(path, options = {}) {
  const response = await ValvoSession.authFetch(path, options);
  if (response.status === 401) { logout(); throw new Error("session expired"); }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
    throw new Error(detail || response.statusText);
  }
  return response;
}
const json = async (path, options) => (await api(path, options)).json();
const send = (method, path, body) => json(path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const post = (path, body) => send("POST", path, body);

function applyText() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = t(e.dataset.i18n); });
  $("#lang").value = state.lang;
}

function show(view) {
  state.view = view;
  for (const id of ["login", "caseload", "queue", "deadlines", "case"]) $(`#${id}-view`).hidden = id !== view;
  document.querySelectorAll(".tab").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
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
  // A fresh login goes to the role's own home page.
  const home = ValvoSession.home(await ValvoSession.me());
  if (!home.startsWith("/cases")) { location.href = home; return; }
  if (home.endsWith("#deadlines")) location.hash = "deadlines";
  if (home.endsWith("#queue")) location.hash = "queue";
  start();
}

async function logout() {
  await ValvoSession.logout();
  location.hash = "";
  location.reload();
}

async function loadCaseload() {
  const params = typeof networkFilters === "function" ? networkFilters() : new URLSearchParams();
  if ($("#status-filter").value) params.set("status", $("#status-filter").value);
  const query = params.toString();
  const [rows, deadlines] = await Promise.all([
    json(`/api/cases${query ? `?${query}` : ""}`), json("/api/deadlines")]);
  // The caseload with deadlines first: each case's most urgent open deadline (a missed one
  // before one due soon, then the soonest), the cases with missed deadlines on top.
  const next = new Map();
  const count = new Map();
  const urgent = (d, e) => d.escalation > e.escalation || (d.escalation === e.escalation && d.due_at < e.due_at);
  for (const d of deadlines) {
    count.set(d.case_id, (count.get(d.case_id) || 0) + 1);
    if (!next.has(d.case_id) || urgent(d, next.get(d.case_id))) next.set(d.case_id, d);
  }
  const none = { due_at: "9999", escalation: -1 };
  const first = (a, b) => { const d = next.get(a.id) || none, e = next.get(b.id) || none; return urgent(d, e) ? -1 : urgent(e, d) ? 1 : 0; };
  rows.sort((a, b) => first(a, b) || String(b.updated_at).localeCompare(String(a.updated_at)));
  const body = $("#caseload-rows");
  body.replaceChildren();
  for (const row of rows) {
    const tr = el("tr", undefined, "link");
    tr.tabIndex = 0;
    tr.dataset.id = row.id;
    const badge = el("span", label("statuses", row.effective_status || row.status), "badge");
    badge.style.background = colour("statuses", row.effective_status || row.status);
    const statusCell = el("td"); statusCell.append(badge);
    const d = next.get(row.id);
    const dueCell = el("td");
    if (d) {
      const stage = el("span", state.lang === "fi" ? d.stage_fi : d.stage_en, "badge");
      stage.style.background = colour("stages", d.stage);
      dueCell.append(stage, ` ${state.lang === "fi" ? d.label_fi : d.label_en} — ${when(d.due_at)}`);
      const more = (count.get(row.id) || 1) - 1;
      if (more) dueCell.append(el("span", ` ${t("more_deadlines").replace("{n}", more)}`, "muted"));
      tr.classList.add(`stage-${d.stage}`);
    }
    const who = el("td", row.subject_name || "");
    if (row.number) who.append(el("span", ` ${row.number}`, "muted"));
    if (row.open_person_reports) { // from the person's own page, not yet handled
      who.append(" ", el("span", t("person_reports").replace("{n}", row.open_person_reports), "badge person-reports"));
    }
    tr.append(who, el("td", label("case_types", row.type)),
      statusCell, dueCell, el("td", caseloadTotals(row)), el("td", row.region), el("td", when(row.updated_at)));
    tr.addEventListener("click", () => openCase(row.id));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") openCase(row.id); });
    body.append(tr);
  }
  $("#caseload-empty").hidden = rows.length > 0;
  await loadVisitReport();
}

async function loadDeadlines() {
  const rows = await json("/api/deadlines");
  const body = $("#deadline-rows");
  body.replaceChildren();
  for (const row of rows) {
    const tr = el("tr", undefined, `link stage-${row.stage}`);
    tr.tabIndex = 0;
    const badge = el("span", state.lang === "fi" ? row.stage_fi : row.stage_en, "badge");
    badge.style.background = colour("stages", row.stage);
    const stage = el("td"); stage.append(badge);
    tr.append(stage, el("td", when(row.due_at)), el("td", state.lang === "fi" ? row.label_fi : row.label_en),
      el("td", row.subject_name), el("td", row.rule));
    tr.addEventListener("click", () => openCase(row.case_id));
    body.append(tr);
  }
  $("#deadlines-empty").hidden = rows.length > 0;
}

// The prosecutor's and the court's queue (GET /api/queue): what each case asks of them, the
// missed and soonest first; each row opens its case.
async function loadQueue() {
  const rows = await json("/api/queue");
  const fi = state.lang === "fi";
  const body = $("#queue-rows");
  body.replaceChildren();
  for (const row of rows) {
    const tr = el("tr", undefined, `link${row.stage ? ` stage-${row.stage}` : ""}`);
    tr.tabIndex = 0;
    const due = el("td");
    if (row.stage) {
      const badge = el("span", fi ? row.stage_fi : row.stage_en, "badge");
      badge.style.background = colour("stages", row.stage);
      due.append(badge, " ");
    }
    due.append(row.due_at ? when(row.due_at) : el("span", t("no_due"), "muted"));
    tr.append(due, el("td", fi ? row.kind_fi : row.kind_en), el("td", fi ? row.asked_fi : row.asked_en),
      el("td", row.subject_name), el("td", row.case_number || ""), el("td", row.since ? when(row.since) : ""));
    tr.addEventListener("click", () => openCase(row.case_id));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") openCase(row.case_id); });
    body.append(tr);
  }
  $("#queue-empty").hidden = rows.length > 0;
}

async function openCase(id) {
  state.caseId = id;
  fillCoResidentForm(null);
  location.hash = `case/${id}`;
  // Shown only once rendered: the view still holds the case shown before (perhaps another
  // person's), and its buttons must not be there to press while this one loads.
  const detail = await json(`/api/cases/${id}`);
  if (state.caseId !== id) return; // another case was opened meanwhile
  renderCase(detail);
  show("case");
}

function renderCase(detail) {
  state.detail = detail;
  $("#case-title").textContent = `${detail.subject_name} — ${label("case_types", detail.type)}${detail.number ? ` · ${detail.number}` : ""}`;
  const status = detail.effective_status || detail.status;
  $("#case-status").textContent = label("statuses", status);
  $("#case-status").style.background = colour("statuses", status);
  const facts = $("#facts");
  facts.replaceChildren();
  const add = (key, value) => { if (value !== null && value !== undefined && value !== "") facts.append(el("dt", t(key)), el("dd", String(value))); };
  add("policy", detail.policy);
  if (detail.type === "monitoring_sentence") {
    const s = detail.sentence || {};
    add("requested_on", when(detail.report && detail.report.requested_on));
    add("sentenced_on", when(s.sentenced_on)); add("enforceable_on", when(s.enforceable_on));
    add("length_days", s.length_days); add("serving_start", when(s.serving_start));
    add("ended_on", when(s.ended_on)); add("prison_days", s.prison_days);
  } else {
    add("decided_at", when(detail.travel_ban && detail.travel_ban.decided_at));
  }
  const ended = detail.status === "converted"; // no end or release date: prison follows
  for (const [key, value] of Object.entries(detail.computed || {})) {
    if (ended && (key === "end_date" || key === "release_date")) continue;
    if (TEXT.en[key]) add(key, typeof value === "string" ? when(value) : value);
  }
  addWithoutDelay(detail.computed || {}, add);
  const barred = (detail.computed || {}).passport_issuing_barred; // PKL 2:4
  if (barred !== undefined) {
    add("passport_issuing", t(barred ? "passport_barred" : "passport_free"));
    if (barred) $("#facts").lastElementChild.classList.add("late");
  }
  if (typeof banLawFacts === "function") banLawFacts(detail); // PKL 2:6, 2:8, 2:12, 2:13, 2:16
  for (const c of detail.complaints || []) { // PKL 2:17: every complaint urgent until decided
    const outcome = c.outcome ? `${t(`cp_out_${c.outcome}`)} (${c.court}, ${when(c.decided_at)})` : t("cp_urgent");
    add("complaint", `${when(c.filed_at)} ${t(`cp_by_${c.complainant}`)}: “${c.grounds}” — ${outcome}`);
    if (!c.outcome) $("#facts").lastElementChild.classList.add("late", "urgent");
  }
  const ws = (detail.computed || {}).work_or_study;
  if (ws) {
    add("ws_place", `${ws.place} — ${t({ to_include: "ws_to_include", included: "ws_included_short", left_out: "ws_left_out" }[ws.flag])}`);
    if (ws.flag === "to_include") $("#facts").lastElementChild.classList.add("late");
  }
  renderCaseDocuments(detail);
  $("#documents-result").textContent = "";
  renderActions(detail);
  renderRecords(detail);
  renderCaseRecords(detail);
  renderCoResidents(detail);
  renderVictims(detail);
  renderAbodes(detail);
  renderVisitTarget(detail);
  renderPeople(detail);
  renderPrescriptions(detail);
  renderSampleOrders(detail);
  const deadlines = $("#case-deadlines");
  deadlines.replaceChildren();
  const urgency = (d) => [-d.escalation, d.done_at || d.cancelled_at ? 1 : 0, d.due_at];
  const byUrgency = (a, b) => { const x = urgency(a), y = urgency(b); return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]); };
  for (const d of [...detail.deadlines].sort(byUrgency)) { // missed first, then open by due date
    const li = el("li");
    const badge = el("span", state.lang === "fi" ? d.stage_fi : d.stage_en, "badge");
    badge.style.background = colour("stages", d.stage);
    li.append(badge, ` ${state.lang === "fi" ? d.label_fi : d.label_en} — ${when(d.due_at)}`);
    deadlines.append(li);
  }
  const timeline = $("#timeline");
  timeline.replaceChildren();
  for (const event of detail.timeline) {
    const li = el("li");
    const time = el("time", when(event.at)); time.dateTime = event.at;
    li.append(time, el("span", label("events", event.kind)), " ", el("span", `(${actorName(event.actor)})`, "actor"));
    timeline.append(li);
  }
  renderPlanEditor(detail);
  renderBanMonitoring(detail);
  renderRestriction(detail);
  if (typeof renderNetwork === "function") renderNetwork(detail);
  if (typeof renderPersonBox === "function") renderPersonBox(detail);
  if (typeof renderCheckBoxes === "function") renderCheckBoxes(detail);
}

// Restricted cases (restricted:access): the markings on the case's person, marking and lifting.
const REASONS = ["protected_person", "staff_member", "high_profile"];
async function renderRestriction(detail) {
  const box = $("#restriction-box");
  box.hidden = !(state.may && state.may.has("restricted:access"));
  if (box.hidden) return;
  $("#restriction-result").textContent = "";
  const select = $("#restriction-reason");
  const chosen = select.value;
  select.replaceChildren(...REASONS.map((r) => new Option(t(`reason_${r}`), r)));
  if (chosen) select.value = chosen;
  try { showRestriction(await json(`/api/cases/${detail.id}/restriction`)); } catch (error) { $("#restriction-result").textContent = error.message; }
}
function showRestriction(r) {
  const own = r.markings.find((m) => m.case_id === state.caseId);
  const stateText = $("#restriction-state");
  stateText.textContent = r.restricted ? `${t("restricted")}: ${r.markings.map((m) => t(`reason_${m.reason}`)).join(", ")}. ${t("restricted_hint")}` : t("not_restricted");
  stateText.className = r.restricted ? "restricted-state" : "muted";
  $("#restrict").hidden = Boolean(own);
  $("#restriction-reason-label").hidden = Boolean(own);
  $("#unrestrict").hidden = !own;
}
async function changeRestriction(method) {
  const body = method === "PUT" ? { reason: $("#restriction-reason").value } : undefined;
  try {
    showRestriction(await json(`/api/cases/${state.caseId}/restriction`, {
      method, headers: { "Content-Type": "application/json" }, body: body && JSON.stringify(body) }));
  } catch (error) { $("#restriction-result").textContent = error.message; }
}

// The police's view of a travel-banned person (travel_bans:work): today's last position and the
// person's alarms, read through the ban (each reading is recorded as a location read).
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;
const REQUIREMENT_REF = /\s*\((?:R|S)\d{1,3}(?:\s*[,–-]\s*(?:R|S)?\d{1,3})*\)/g;
const plainText = (text) => (text || "").replace(ISO_INSTANT, (iso) => when(iso)).replace(REQUIREMENT_REF, "");
async function renderBanMonitoring(detail) {
  const box = $("#ban-monitoring");
  box.hidden = !(detail.type === "travel_ban" && state.may && state.may.has("travel_bans:work"));
  $("#ban-alarms").replaceChildren();
  $("#ban-last").textContent = "";
  $("#ban-result").textContent = "";
  if (box.hidden) return;
  try {
    const m = await json(`/api/cases/${detail.id}/monitoring`);
    const last = m.last_position;
    $("#ban-last").textContent = last
      ? `${t("ban_last_fix")}: ${when(last.time)} (${last.lat.toFixed(5)}, ${last.lon.toFixed(5)}) · ${m.positions.length} ${t("ban_fixes_today")}`
      : t("ban_no_fix");
    for (const a of m.alarms) {
      const li = el("li", undefined, "ban-alarm");
      const time = el("time", when(a.raised_at)); time.dateTime = a.raised_at;
      const text = a.explanation ? (state.lang === "fi" ? a.explanation.text_fi : a.explanation.text_en) : a.kind;
      li.append(time, " ", el("span", t(`alarm_${a.status}`), "badge"), " ", plainText(text));
      $("#ban-alarms").append(li);
    }
    if (!m.alarms.length) $("#ban-alarms").append(el("li", t("ban_no_alarms"), "muted"));
  } catch (error) { $("#ban-result").textContent = error.message; }
}

// §6, §7.1: the plan and the start are due "without delay" once the sentence is enforceable;
// how long the plan took (or has waited), and a warning when either is late.
function addWithoutDelay(c, add) {
  if (c.plan_elapsed_days === undefined || c.plan_elapsed_days === null) return;
  const late = (n) => t("late_over").replace("{n}", n);
  const planLate = c.plan_elapsed_days > c.plan_threshold_days; // waiting, or took too long
  add(c.plan_pending ? "plan_waiting_days" : "plan_took_days",
    `${c.plan_elapsed_days} ${t("days_word")}${planLate ? ` — ${late(c.plan_threshold_days)}` : ""}`);
  if (planLate) $("#facts").lastElementChild.classList.add("late");
  if (c.start_overdue) {
    add("start_late", late(c.start_threshold_days));
    $("#facts").lastElementChild.classList.add("late");
  }
}

// A word of the dictionary when it has one, else the value as stored.
const CHANNEL_WORD = { phone: "rp_phone_call", visit: "rp_visit", email: "ab_email", letter: "rp_letter" };
function word(key, fallback) {
  return key && TEXT.en[key] ? t(key) : fallback;
}

// The records of a monitoring sentence (§10, §11.2, §13, §20, §22), newest last.
function renderRecords(detail) {
  const box = $("#records");
  box.replaceChildren();
  if (detail.type !== "monitoring_sentence") return;
  const euro = (cents) => `${(cents / 100).toFixed(2)} €`;
  const lists = {
    wanted_notices: (n) => `${when(n.issued_on)} ${n.issued_by} — ${t("contact_by")} ${when(n.contact_by)}: ${n.status}`,
    joined_sentences: (j) => `${when(j.sentenced_on)} ${j.court}: +${j.length_days} → ${j.combined_days}${j.capped ? " (max)" : ""}`,
    travel_claims: (c) => `${when(c.trip_on)} ${c.purpose} ${c.route} (${c.fare_basis}): ${t(c.approved ? "approved" : "refused")} ${euro(c.amount_cents)}`,
    contacts: (c) => `${when(c.contacted_at)} ${word(`rp_${c.kind}`, c.kind)}, ${word(CHANNEL_WORD[c.channel], c.channel).toLowerCase()} — ${c.counterpart}: ${word(`rp_${c.outcome}`, c.outcome).toLowerCase()}${c.announced ? "" : ` (${t("unannounced")})`}`,
    intoxication_observations: (o) => `${when(o.observed_at)} ${o.occasion}: ${o.signs.join(", ")}`,
  };
  for (const [key, line] of Object.entries(lists)) {
    const rows = detail[key] || [];
    if (!rows.length) continue;
    const ul = el("ul", "", "plain");
    for (const row of rows) {
      const li = el("li", line(row));
      if (key === "intoxication_observations") {
        for (const lang of ["fi", "en"]) {
          const button = el("button", t(lang));
          button.type = "button";
          button.addEventListener("click", () => openDocument("intoxication_observation", lang, `&observation_id=${row.id}`));
          li.append(" ", button);
        }
      }
      ul.append(li);
    }
    box.append(el("h4", t(key)), ul);
  }
}

// --- co-residents (R14, R15): added, corrected or removed while the report is written -------

function renderCoResidents(detail) {
  const box = $("#co-residents-box");
  box.hidden = detail.type !== "monitoring_sentence";
  if (box.hidden) return;
  const editable = detail.status === "report_requested";
  $("#co-resident-form").hidden = !editable;
  $("#cr-save").textContent = t(state.coResidentId ? "cr_update" : "cr_add");
  const list = $("#co-residents");
  list.replaceChildren();
  for (const r of detail.co_residents || []) {
    const consent = r.written_consent ? `${t("cr_consented")} (${r.consent_document})` : t("cr_no_consent");
    const li = el("li", `${r.name}, ${when(r.birth_date)} — ${consent}${r.heard ? `; ${t("cr_heard_short")} ${when(r.heard_on)}` : ""}`);
    li.dataset.id = r.id;
    if (editable) {
      for (const [key, action] of [["cr_edit", () => editCoResident(r)], ["cr_remove", () => removeCoResident(r)]]) {
        const button = el("button", t(key));
        button.type = "button";
        button.setAttribute("aria-label", `${t(key)}: ${r.name}`);
        button.addEventListener("click", action);
        li.append(" ", button);
      }
    }
    list.append(li);
  }
  if (!list.children.length) list.append(el("li", t("cr_none"), "muted"));
}

function fillCoResidentForm(r) {
  state.coResidentId = r ? r.id : null;
  $("#cr-name").value = r ? r.name : "";
  $("#cr-birth").value = r ? r.birth_date : "";
  $("#cr-consent").checked = Boolean(r && r.written_consent);
  $("#cr-document").value = (r && r.consent_document) || "";
  $("#cr-heard").checked = Boolean(r && r.heard);
  $("#cr-heard-on").value = (r && r.heard_on) || "";
  $("#cr-views").value = (r && r.views) || "";
  $("#cr-save").textContent = t(r ? "cr_update" : "cr_add");
  $("#cr-cancel").hidden = !r;
}

function editCoResident(r) {
  fillCoResidentForm(r);
  $("#cr-result").textContent = "";
  $("#cr-name").focus();
}

async function saveCoResident(event) {
  event.preventDefault();
  const body = {
    name: $("#cr-name").value.trim(), birth_date: $("#cr-birth").value || null,
    written_consent: $("#cr-consent").checked, consent_document: $("#cr-document").value.trim() || null,
    heard: $("#cr-heard").checked, heard_on: $("#cr-heard-on").value || null,
    views: $("#cr-views").value.trim() || null,
  };
  const base = `/api/cases/${state.caseId}/co-residents`;
  try {
    const detail = state.coResidentId
      ? await send("PATCH", `${base}/${state.coResidentId}`, body) : await post(base, body);
    fillCoResidentForm(null);
    renderCase(detail);
    $("#cr-result").textContent = t("cr_saved");
  } catch (error) { $("#cr-result").textContent = error.message; }
}

async function removeCoResident(r) {
  try {
    const detail = await json(`/api/cases/${state.caseId}/co-residents/${r.id}`, { method: "DELETE" });
    if (state.coResidentId === r.id) fillCoResidentForm(null);
    renderCase(detail);
    $("#cr-result").textContent = t("cr_removed");
  } catch (error) { $("#cr-result").textContent = error.message; }
}

// The people KHL keeps in touch with (§10.4): co-residents and a minor's guardian, trustee or
// legal representative; contacts with them are logged with the case's other contacts.
function renderPeople(detail) {
  const box = $("#people-box");
  box.hidden = detail.type !== "monitoring_sentence";
  if (box.hidden) return;
  const may = !["completed", "converted"].includes(detail.status) && state.may && state.may.has("sentences:work");
  $("#people-flag").hidden = !(detail.computed || {}).guardian_missing;
  $("#people-form").hidden = !may;
  const people = detail.representatives || [];
  const list = $("#people");
  list.replaceChildren();
  const who = $("#ct-who");
  who.replaceChildren();
  for (const p of people) {
    const reach = [p.phone, p.email, p.address].filter(Boolean).join(", ");
    const logged = (detail.contacts || []).filter((c) => c.counterpart === p.name).length;
    const li = el("li", `${t(`rp_${p.kind}`)}: ${p.name}${reach ? ` — ${reach}` : ""}`);
    if (logged) li.append(el("span", ` (${t("rp_contacts").replace("{n}", logged)})`, "muted"));
    list.append(li);
    who.append(new Option(`${p.name} (${t(`rp_${p.kind}`)})`, p.id));
  }
  if (!people.length) list.append(el("li", t("rp_none"), "muted"));
  $("#contact-form").hidden = !may || !people.length;
}

async function savePerson(event) {
  event.preventDefault();
  const value = (id) => $(id).value.trim() || null;
  const body = { kind: $("#rp-kind").value, name: $("#rp-name").value.trim(), phone: value("#rp-phone"),
    email: value("#rp-email"), address: value("#rp-address") };
  try {
    const detail = await post(`/api/cases/${state.caseId}/representatives`, body);
    for (const id of ["#rp-name", "#rp-phone", "#rp-email", "#rp-address"]) $(id).value = "";
    renderCase(detail);
    $("#rp-result").dataset.i18n = "rp_saved";
    $("#rp-result").textContent = t("rp_saved");
  } catch (error) {
    delete $("#rp-result").dataset.i18n;
    $("#rp-result").textContent = `${at("refused")} ${refusal(error.message)}`;
  }
}

async function logContact(event) {
  event.preventDefault();
  const person = (state.detail.representatives || []).find((p) => p.id === $("#ct-who").value);
  if (!person) return;
  const body = { kind: person.kind, channel: $("#ct-channel").value, contacted_at: new Date().toISOString(),
    counterpart: person.name, announced: true, outcome: $("#ct-outcome").value, notes: $("#ct-notes").value.trim() || null };
  try {
    const detail = await post(`/api/cases/${state.caseId}/contacts`, body);
    $("#ct-notes").value = "";
    renderCase(detail);
    $("#ct-result").dataset.i18n = "rp_logged";
    $("#ct-result").textContent = t("rp_logged");
  } catch (error) {
    delete $("#ct-result").dataset.i18n;
    $("#ct-result").textContent = `${at("refused")} ${refusal(error.message)}`;
  }
}

// The medicines the convict is entitled to (§11.3): a laboratory's positive result for one a
// valid prescription covers on the day of the sample is not a breach.
function renderPrescriptions(detail) {
  const box = $("#rx-box");
  box.hidden = detail.type !== "monitoring_sentence";
  if (box.hidden) return;
  $("#rx-form").hidden = ["completed", "converted"].includes(detail.status) || !(state.may && state.may.has("sentences:work"));
  const list = $("#prescriptions");
  list.replaceChildren();
  for (const p of detail.prescriptions || []) {
    const period = `${when(p.valid_from)} – ${p.valid_until ? when(p.valid_until) : t("rx_open")}`;
    list.append(el("li", `${p.substance}: ${period}${p.prescribed_by ? ` (${p.prescribed_by})` : ""}`));
  }
  if (!list.children.length) list.append(el("li", t("rx_none"), "muted"));
}

async function savePrescription(event) {
  event.preventDefault();
  const body = { substance: $("#rx-substance").value.trim(), prescribed_by: $("#rx-by").value.trim() || null,
    valid_from: $("#rx-from").value || null, valid_until: $("#rx-until").value || null };
  try {
    const detail = await post(`/api/cases/${state.caseId}/prescriptions`, body);
    for (const id of ["#rx-substance", "#rx-by", "#rx-from", "#rx-until"]) $(id).value = "";
    renderCase(detail);
    $("#rx-result").dataset.i18n = "rx_saved";
    $("#rx-result").textContent = t("rx_saved");
  } catch (error) {
    delete $("#rx-result").dataset.i18n;
    $("#rx-result").textContent = `${at("refused")} ${refusal(error.message)}`;
  }
}

// Orders to attend a place for a urine sample (§11.1), and whether the convict came; not
// coming, once the day has passed, is a suspected breach (§8.7).
function renderSampleOrders(detail) {
  const box = $("#sample-box");
  box.hidden = detail.type !== "monitoring_sentence" || !["enforcing", "interrupted", "completed", "converted"].includes(detail.status);
  if (box.hidden) return;
  const may = ["enforcing", "interrupted"].includes(detail.status) && state.may && state.may.has("sentences:work");
  $("#sample-form").hidden = !may;
  const list = $("#sample-orders");
  list.replaceChildren();
  for (const o of detail.sample_orders || []) {
    const outcome = o.attended === null ? t("so_waiting") : t(o.attended ? "so_came" : "so_missed");
    const li = el("li", `${when(o.attend_on)} ${t(`so_${o.place_kind}`)}: ${o.place_name} — ${outcome}`);
    if (o.attended === null && may) {
      for (const [key, attended] of [["so_attended", true], ["so_absent", false]]) {
        const button = el("button", t(key));
        button.type = "button";
        button.addEventListener("click", () => sampleAttendance(o.id, attended));
        li.append(" ", button);
      }
    }
    list.append(li);
  }
  if (!list.children.length) list.append(el("li", t("so_none"), "muted"));
}

async function orderSample(event) {
  event.preventDefault();
  const body = { place_kind: $("#so-kind").value, place_name: $("#so-name").value.trim(), attend_on: $("#so-on").value || null };
  await sampleStep(`/api/cases/${state.caseId}/sample-orders`, body, () => { $("#so-name").value = ""; });
}

async function sampleAttendance(id, attended) {
  await sampleStep(`/api/cases/${state.caseId}/sample-orders/${id}/attendance`, { attended }, () => {});
}

async function sampleStep(path, body, done) {
  try {
    const detail = await post(path, body);
    done();
    renderCase(detail);
    $("#so-result").dataset.i18n = "so_saved";
    $("#so-result").textContent = t("so_saved");
  } catch (error) {
    delete $("#so-result").dataset.i18n;
    $("#so-result").textContent = `${at("refused")} ${refusal(error.message)}`;
  }
}

// Visits against their target: the default or this case's own, with the visits made so far.
function fill(key, values) {
  return Object.entries(values).reduce((text, [k, v]) => text.replace(`{${k}}`, v), t(key));
}

function number(value) {
  return Number(value).toLocaleString(state.lang === "fi" ? "fi-FI" : "en-GB", { maximumFractionDigits: 1 });
}

function renderVisitTarget(detail) {
  const box = $("#visit-box");
  const f = (detail.computed || {}).visit_frequency;
  box.hidden = detail.type !== "monitoring_sentence" || !f;
  if (box.hidden) return;
  const source = t(f.target_source === "case" ? "vf_own" : "vf_default");
  const summary = f.visits === undefined
    ? fill("vf_not_started", { target: f.target_per_week, source })
    : fill("vf_summary", { made: f.visits, expected: number(f.expected), per_week: number(f.per_week ?? 0), target: f.target_per_week, source })
      + (f.weeks_short ? ` ${fill("vf_short", { n: f.weeks_short })}` : "");
  $("#visit-summary").textContent = summary;
  $("#visit-summary").classList.toggle("late", f.visits !== undefined && !f.on_target);
  $("#vt-count").value = f.target_per_week;
  $("#visit-target-form").hidden = ["completed", "converted"].includes(detail.status) || !(state.may && state.may.has("sentences:work"));
}

async function saveVisitTarget(event) {
  event.preventDefault();
  const body = { visits_per_week: Number($("#vt-count").value), reason: $("#vt-reason").value.trim() || null };
  try {
    const detail = await send("PUT", `/api/cases/${state.caseId}/visit-target`, body);
    $("#vt-reason").value = "";
    renderCase(detail);
    $("#vt-result").dataset.i18n = "vf_saved";
    $("#vt-result").textContent = t("vf_saved");
  } catch (error) {
    delete $("#vt-result").dataset.i18n;
    $("#vt-result").textContent = `${at("refused")} ${refusal(error.message)}`;
  }
}

async function loadVisitReport() {
  const box = $("#visit-report");
  box.hidden = !(state.may && state.may.has("sentences:work"));
  if (box.hidden) return;
  const rows = await json("/api/visit-frequency");
  box.hidden = !rows.length;
  const body = $("#visit-report-rows");
  body.replaceChildren();
  for (const r of rows) {
    const tr = el("tr", undefined, r.on_target ? "link" : "link stage-overdue");
    tr.tabIndex = 0;
    const who = el("td", r.subject_name || "");
    if (r.number) who.append(el("span", ` ${r.number}`, "muted"));
    tr.append(who, el("td", String(r.target_per_week)), el("td", String(r.visits)), el("td", number(r.expected)),
      el("td", number(r.per_week ?? 0)), el("td", String(r.weeks_short)));
    tr.addEventListener("click", () => openCase(r.case_id));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") openCase(r.case_id); });
    body.append(tr);
  }
}

// The abode (§2, §4): a private dwelling, or a placement institution reached through its
// contact person; each new record replaces the one before from its first day.
function renderAbodes(detail) {
  const box = $("#abode-box");
  box.hidden = detail.type !== "monitoring_sentence";
  if (box.hidden) return;
  $("#abode-form").hidden = ["completed", "converted"].includes(detail.status) || !(state.may && state.may.has("sentences:work"));
  const list = $("#abodes");
  list.replaceChildren();
  const rows = [...(detail.abodes || [])].reverse();
  rows.forEach((a, i) => {
    const where = a.kind === "institution" ? `${a.institution_name}, ${a.address}` : a.address;
    const contact = [a.contact_name, a.contact_phone, a.contact_email].filter(Boolean).join(", ");
    const li = el("li", `${t(a.kind === "institution" ? "ab_institution" : "ab_dwelling")}: ${where}${contact ? ` — ${contact}` : ""}`);
    li.append(el("span", ` (${t(i === 0 ? "ab_current" : "ab_earlier")}, ${t("ab_from")} ${when(a.valid_from)})`, "muted"));
    list.append(li);
  });
  if (!rows.length) list.append(el("li", t("ab_none"), "muted"));
  abodeKindChanged();
}

function abodeKindChanged() {
  const institution = $("#ab-kind").value === "institution";
  for (const label of document.querySelectorAll(".ab-institution")) label.hidden = !institution;
}

async function saveAbode(event) {
  event.preventDefault();
  const institution = $("#ab-kind").value === "institution";
  const value = (id) => $(id).value.trim() || null;
  const body = {
    kind: $("#ab-kind").value, address: $("#ab-address").value.trim(), valid_from: $("#ab-from").value || null,
    institution_name: institution ? value("#ab-institution") : null, contact_name: institution ? value("#ab-contact") : null,
    contact_phone: value("#ab-phone"), contact_email: value("#ab-email"),
  };
  try {
    const detail = await post(`/api/cases/${state.caseId}/abodes`, body);
    for (const id of ["#ab-address", "#ab-institution", "#ab-contact", "#ab-phone", "#ab-email", "#ab-from"]) $(id).value = "";
    renderCase(detail);
    $("#ab-result").dataset.i18n = "ab_saved"; // said again in the language chosen later
    $("#ab-result").textContent = t("ab_saved");
  } catch (error) {
    delete $("#ab-result").dataset.i18n;
    $("#ab-result").textContent = `${at("refused")} ${refusal(error.message)}`;
  }
}

// A timeline's actor: the demo's and the deciding bodies' accounts are named by role.
function actorName(actor) {
  return label("roles", actor);
}

// The captions of the action panel and the report request (case-actions.js holds the words).
function actionText() {
  for (const [id, key] of [["new-report", "new_report"], ["rr-name-label", "rr_name"], ["rr-region-label", "rr_region"],
    ["rr-on-label", "rr_on"], ["rr-save", "save"], ["next-deadline-head", "next_deadline"], ["violations-head", "cl_violations"], ["actions-title", "next_steps"],
    ["live-link", "live"]]) $(`#${id}`).textContent = at(key);
  if (typeof banLawText === "function") banLawText(); // deciding a travel ban (ban-law.js)
}

// A prosecutor or a court requests the report (R8): the case opens with the person named.
async function requestReport(event) {
  event.preventDefault();
  const body = { subject_name: $("#rr-name").value.trim(), region: $("#rr-region").value.trim(), requested_on: $("#rr-on").value };
  try {
    const detail = await post("/api/cases/sentences", body);
    $("#report-request").hidden = true;
    await openCase(detail.id);
    $("#actions-result").textContent = at("saved");
  } catch (error) { $("#rr-result").textContent = `${at("refused")} ${refusal(error.message)}`; }
}

async function openDocument(kind, lang, extra = "") {
  try {
    const response = await api(`/api/cases/${state.caseId}/documents/${kind}?lang=${lang}${extra}`);
    window.open(URL.createObjectURL(await response.blob()), "_blank");
  } catch (error) { $("#documents-result").textContent = `${at("doc_missing")} ${refusal(error.message)}`; }
}

// --- the plan editor ----------------------------------------------------------------------

function renderPlanEditor(detail) {
  const editable = ["sentenced", "plan_confirmed", "enforcing", "interrupted"];
  const editor = $("#plan-editor");
  editor.hidden = detail.type !== "monitoring_sentence" || !editable.includes(detail.status);
  if (editor.hidden) return;
  const latest = (detail.plans || []).at(-1);
  const content = latest ? latest.content : templatePlan(detail);
  $("#plan-start").value = content.start;
  $("#plan-end").value = content.end;
  const items = $("#plan-items");
  items.replaceChildren();
  for (const key of ITEM_KEYS) {
    const wrap = el("label");
    const area = el("textarea"); area.dataset.item = key; area.value = (content.items || {})[key] || "";
    wrap.append(el("span", t("items")[key]), area);
    items.append(wrap);
  }
  const ws = (detail.computed || {}).work_or_study; // R27: the report's work or study place
  $("#work-study").hidden = !ws;
  if (ws) {
    $("#work-study-text").textContent = t("ws_flag").replace("{place}", ws.place);
    $("#work-study-included").checked = content.work_or_study_included === true;
  }
  $("#weekly-rows").replaceChildren();
  for (const w of content.weekly || []) addWindow(w);
  $("#plan-heard").value = today();  // Helsinki's day (case-actions.js), not UTC's
  $("#reason-label").hidden = !latest;
  $("#plan-save").textContent = t(latest ? "amend_plan" : "confirm_plan");
  $("#plan-result").textContent = "";
  scheduleCheck(0);
}

function templatePlan(detail) {
  const start = (detail.sentence && detail.sentence.enforceable_on) || today();
  const end = new Date(new Date(start + "T12:00:00").getTime() + ((detail.sentence && detail.sentence.length_days) || 30) * 86400000 - 86400000);
  return { start, end: end.toISOString().slice(0, 10), items: {},
    weekly: [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start: "08:00", end: "16:00", purpose: "activity" })) };
}

function addWindow(w = { weekday: 0, start: "08:00", end: "16:00", purpose: "activity" }) {
  const row = $("#window-template").content.firstElementChild.cloneNode(true);
  const day = row.querySelector(".weekday");
  t("days").forEach((name, i) => day.append(new Option(name, String(i))));
  day.value = String(w.weekday);
  const purpose = row.querySelector(".purpose");
  for (const p of (state.meta && state.meta.purposes) || []) purpose.append(new Option(state.lang === "fi" ? p.label_fi : p.label_en, p.value));
  purpose.value = w.purpose;
  row.querySelector(".start").value = w.start;
  row.querySelector(".end").value = w.end;
  row.querySelector(".justification").value = w.justification || "";
  row.querySelector(".remove").addEventListener("click", () => { row.remove(); scheduleCheck(); });
  $("#weekly-rows").append(row);
}

function planFromForm() {
  const items = {};
  document.querySelectorAll("#plan-items textarea").forEach((a) => { items[a.dataset.item] = a.value; });
  const weekly = [...document.querySelectorAll("#weekly-rows .window")].map((row) => {
    const w = { weekday: Number(row.querySelector(".weekday").value), start: row.querySelector(".start").value,
      end: row.querySelector(".end").value, purpose: row.querySelector(".purpose").value };
    const why = row.querySelector(".justification").value.trim();
    if (why) w.justification = why;
    return w;
  });
  const plan = { timezone: state.detail.timezone, start: $("#plan-start").value, end: $("#plan-end").value, items, weekly, one_off: [] };
  if (!$("#work-study").hidden) plan.work_or_study_included = $("#work-study-included").checked;
  return plan;
}

function scheduleCheck(delay = 250) {
  clearTimeout(state.checkTimer);
  $("#plan-verdict").textContent = t("checking");
  state.checkTimer = setTimeout(checkPlan, delay);
}

async function checkPlan() {
  const seq = ++state.checkSeq;
  const box = $("#plan-check");
  const errors = $("#plan-errors");
  let result;
  try {
    result = await post(`/api/cases/plan-check?policy=${encodeURIComponent(state.detail.policy)}`, planFromForm());
  } catch (error) {
    result = { valid: false, errors: [{ code: "invalid_plan", message: error.message }] };
  }
  if (seq !== state.checkSeq) return; // a newer check is on its way
  box.classList.toggle("valid", result.valid);
  box.classList.toggle("invalid", !result.valid);
  $("#plan-verdict").textContent = t(result.valid ? "plan_valid" : "plan_invalid");
  errors.replaceChildren(...result.errors.map((e) => { const li = el("li"); li.append(el("code", e.code), ` ${e.message}`); return li; }));
  $("#plan-save").disabled = !result.valid;
}

async function savePlan() {
  const body = { content: planFromForm(), convict_heard_on: $("#plan-heard").value };
  const reason = $("#plan-reason").value.trim();
  if (reason) body.reason = reason;
  try {
    const detail = await post(`/api/cases/${state.caseId}/plans`, body);
    renderCase(detail);
    $("#plan-result").textContent = t("plan_saved");
  } catch (error) { $("#plan-result").textContent = error.message; }
}

// --- start --------------------------------------------------------------------------------

async function start() {
  if (!state.token || ValvoSession.scope() !== "full") { show("login"); applyText(); return; }
  $("#who").textContent = sessionStorage.getItem("valvo.user") || "";
  $("#logout").hidden = false;
  const may = await ValvoSession.me();
  state.may = may;
  // A role without cases (the operator, the auditor, a partner contact) has its own home page.
  if (!may.has("sentences:read") && !may.has("travel_bans:read")) { location.replace(ValvoSession.home(may)); return; }
  ValvoSession.gate(may);
  $("#nav").hidden = false;
  try { state.meta = await json("/api/cases/meta"); } catch (error) { show("login"); $("#login-error").textContent = error.message; return; }
  const filter = $("#status-filter");
  filter.replaceChildren(new Option(t("all"), ""));
  for (const s of state.meta.statuses) filter.append(new Option(state.lang === "fi" ? s.label_fi : s.label_en, s.value));
  applyText();
  actionText();
  if (typeof setUpNetworkFilters === "function") await setUpNetworkFilters();
  const match = location.hash.match(/^#case\/(.+)$/);
  if (match) { await openCase(match[1]); return; }
  if (location.hash === "#deadlines") { show("deadlines"); await loadDeadlines(); return; }
  if (location.hash === "#queue") { show("queue"); await loadQueue(); return; }
  show("caseload");
  await loadCaseload();
}

document.addEventListener("DOMContentLoaded", () => {
  $("#login-form").addEventListener("submit", login);
  $("#logout").addEventListener("click", logout);
  $("#restrict").addEventListener("click", () => changeRestriction("PUT"));
  $("#unrestrict").addEventListener("click", () => changeRestriction("DELETE"));
  $("#lang").addEventListener("change", (e) => {
    state.lang = e.target.value;
    localStorage.setItem("valvo.lang", state.lang);
    applyText();
    actionText();
    $("#actions-result").textContent = "";
    if (state.view === "case" && state.detail) renderCase(state.detail);
    if (state.view === "caseload") loadCaseload();
    if (state.view === "deadlines") loadDeadlines();
    if (state.view === "queue") loadQueue();
    if (typeof setUpNetworkFilters === "function") setUpNetworkFilters();
  });
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", async () => {
    const view = b.dataset.view;
    location.hash = view === "deadlines" || view === "queue" ? view : "";
    show(view);
    if (view === "deadlines") await loadDeadlines();
    else if (view === "queue") await loadQueue();
    else await loadCaseload();
  }));
  $("#back").addEventListener("click", () => { location.hash = ""; show("caseload"); loadCaseload(); });
  $("#status-filter").addEventListener("change", loadCaseload);
  for (const id of ["#phase-filter", "#municipality-filter", "#county-filter"]) $(id).addEventListener("change", loadCaseload);
  $("#add-window").addEventListener("click", () => { addWindow(); scheduleCheck(); });
  $("#plan-editor").addEventListener("input", () => scheduleCheck());
  $("#plan-editor").addEventListener("change", () => scheduleCheck());
  $("#plan-save").addEventListener("click", savePlan);
  $("#co-resident-form").addEventListener("submit", saveCoResident);
  $("#abode-form").addEventListener("submit", saveAbode);
  $("#visit-target-form").addEventListener("submit", saveVisitTarget);
  $("#people-form").addEventListener("submit", savePerson);
  $("#contact-form").addEventListener("submit", logContact);
  $("#rx-form").addEventListener("submit", savePrescription);
  $("#sample-form").addEventListener("submit", orderSample);
  $("#ab-kind").addEventListener("change", abodeKindChanged);
  $("#new-report").addEventListener("click", () => { const f = $("#report-request"); f.hidden = !f.hidden; $("#rr-on").value = today(); $("#rr-name").focus(); });
  $("#report-request").addEventListener("submit", requestReport);
  $("#cr-cancel").addEventListener("click", () => { fillCoResidentForm(null); $("#cr-result").textContent = ""; });
  start();
});
