// The person's network on the supervisor's case page (issue 21): the client's context and phase,
// consents and disclosures (a disclosure without consent is refused unless a social-welfare
// notification names its legal ground), municipal cooperation with its warning, referrals to
// registry partners with status and outcome, client network meetings, other authorities' plans,
// participation requests, health-services coordination, deferrals, relatives' contacts and the
// workflow log, in one timeline with the case's events. Also the caseload's filters by phase,
// home municipality and wellbeing county. Uses cases.js's helpers ($, el, state, json, send, post).
"use strict";

const NET_TEXT = {
  en: {
    network: "The person's network", warning_started_without_cooperation: "Enforcement started without cooperation with the home municipality or wellbeing county.",
    warning_starts_without_cooperation: "Enforcement is about to start and cooperation with the home municipality or wellbeing county has not started.",
    task_request_vth_statement: "Request the health services' statement on the deferral application.",
    task_await_vth_statement: "Waiting for the health services' statement on the deferral application.",
    prompt_peer_support: "Consider experts by experience and peer support for this phase:",
    context: "Client context", consents: "Consents", disclosures: "Disclosures", cooperation: "Cooperation with the municipality",
    referrals: "Referrals", meetings: "Client network meetings", plans: "Other authorities' plans",
    requests: "Participation requests", vth: "Coordination with health services", deferrals: "Health-based deferrals",
    relatives: "Relatives", relative_contacts: "Contacts with relatives", justice: "Criminal-justice workflow",
    timeline: "Timeline of the case and the network", add: "Add", edit: "Edit", save: "Save", cancel: "Cancel",
    saved: "Saved.", refused: "Refused:", none: "Nothing recorded.", disclose: "Disclose", withdraw: "Withdraw",
    withdrawn: "withdrawn", consent_basis: "on consent", ground_basis: "on a legal ground", yes: "yes", no: "no",
    change_status: "Change", add_participant: "Add a participant", client_in_meeting: "the client took part",
    no_context: "No context recorded yet.", co_residents_missing: "Co-residents without consent or hearing:",
    by: "by", source_log: "workflow", source_case: "case", all: "All",
    filter_phase: "Phase", filter_municipality: "Home municipality", filter_county: "Wellbeing county", filter: "Filter",
    f_sanction_types: "Sanction types", f_phase: "Phase", f_home_municipality: "Home municipality",
    f_wellbeing_county: "Wellbeing county", f_planning_location: "Sentence plan drafted at", f_kela_access: "Kela appointment",
    f_compulsory_education: "In compulsory education", f_education_contact: "Information exchanged with (municipality or school)",
    f_minor: "A minor", f_child_welfare_decision: "Child welfare decision", f_residence_status: "Residence status",
    f_housing_risk: "At risk of homelessness", f_housing_needs_communicated_to: "Housing needs communicated to",
    f_purpose: "Purpose", f_recipient: "Recipient organisation",
    f_categories: "Data", f_given_on: "Given on", f_channel: "Channel", f_disclosed_on: "Date",
    f_legal_ground: "Legal ground without consent", f_consent_unobtainable: "Consent cannot be obtained",
    f_ground_details: "Why", f_started_on: "Started on", f_started_by: "Started by", f_role: "Role",
    f_counterpart: "Municipality or wellbeing county", f_notes: "Notes", f_partner_id: "Receiving partner", f_need: "Need",
    f_stage: "Stage", f_referred_on: "Referred on", f_contact: "Contact person", f_agreement: "Agreement",
    f_status: "Status", f_ended_on: "Ended on", f_outcome: "Outcome", f_held_on: "Held on",
    f_client_participates: "The client takes part", f_participants: "Participants", f_place: "Place", f_agreed: "Agreed",
    f_name: "Name", f_organisation: "Organisation", f_plan_type: "Plan", f_owner_organisation: "Owner",
    f_shared_goals: "Shared goals (separate with ;)", f_rise_drafting: "We take part in drafting", f_recorded_on: "Recorded on",
    f_received_on: "Received on", f_requester: "Requested by", f_handled_on: "Answered on", f_answer: "Answer",
    f_initiator: "Initiated by", f_trigger: "Agreed situation", f_functional_information: "Functional information exchanged",
    f_applied_on: "Applied on", f_grounds: "Grounds", f_statement_requested_on: "Statement requested on",
    f_statement_on: "Statement received on", f_exception: "Exception (why no statement)", f_decision: "Decision",
    f_decided_on: "Decided on", f_relative_id: "Relative", f_contacted_on: "Contacted on", f_official: "Responsible official",
    assessments: "Education and work assessment", f_assessed_on: "Assessed on", f_education_needs: "Education needs",
    f_background: "Education and work experience", f_employment_service_needs: "Employment service needs",
    f_work_life_readiness: "Work-life readiness", f_capacity_assessment_needed: "Work and functional capacity to be assessed",
    f_social_functioning: "Social functioning and rehabilitation need",
    appointments: "Partner appointments in units", f_service: "Service", f_unit_id: "Unit", f_starts_at: "Time", f_mode: "Way",
    hearings: "Hearings of the minor", f_heard_on: "Heard on", f_matter: "Matter", f_heard_by: "Heard by", f_views: "The minor's views",
    f_child_welfare_present: "Child welfare authority took part", f_placement_assessment: "Assessment of the child's best interest",
    teams: "Rapid-response teams of the units", f_response_team_id: "Rapid-response team", f_professions: "Professions (separate with ;)",
    f_members: "Members (separate with ;)",
    f_responsible_official: "Responsible official", f_official_role: "Role in the network work", f_role_reason: "Why otherwise agreed", f_e_service_access: "E-services",
    f_summary: "Summary", f_kind: "Kind", f_direction: "Direction", f_on: "Date", f_reference: "Reference",
    relationship: "relationship", consent_to_contact: "consents to contact", no_consent_to_contact: "no consent to contact",
    refused_no_consent: "the client has no consent in force for this purpose, recipient and data, and no legal ground is recorded.",
    refused_ground_purpose: "without consent, only a notification to social welfare may be made on a legal ground.",
    refused_unobtainable: "this ground applies only when consent cannot be obtained; ask for consent first.",
  },
  fi: {
    network: "Asiakkaan verkosto", warning_started_without_cooperation: "Täytäntöönpano alkoi ilman yhteistyötä kotikunnan tai hyvinvointialueen kanssa.",
    warning_starts_without_cooperation: "Täytäntöönpano on alkamassa, eikä yhteistyö kotikunnan tai hyvinvointialueen kanssa ole alkanut.",
    task_request_vth_statement: "Pyydä vankiterveydenhuollon lausunto lykkäyshakemuksesta.",
    task_await_vth_statement: "Odotetaan vankiterveydenhuollon lausuntoa lykkäyshakemuksesta.",
    prompt_peer_support: "Harkitse kokemusasiantuntijoita ja vertaistukea tässä vaiheessa:",
    context: "Asiakkaan tilanne", consents: "Suostumukset", disclosures: "Tietojen luovutukset", cooperation: "Yhteistyö kunnan kanssa",
    referrals: "Ohjaukset", meetings: "Asiakasverkostopalaverit", plans: "Muiden viranomaisten suunnitelmat",
    requests: "Osallistumispyynnöt", vth: "Yhteistyö vankiterveydenhuollon kanssa", deferrals: "Terveysperusteiset lykkäykset",
    relatives: "Läheiset", relative_contacts: "Yhteydenotot läheisiin", justice: "Rikosprosessin asiointi",
    timeline: "Asian ja verkoston aikajana", add: "Lisää", edit: "Muokkaa", save: "Tallenna", cancel: "Peruuta",
    saved: "Tallennettu.", refused: "Hylätty:", none: "Ei merkintöjä.", disclose: "Luovuta", withdraw: "Peru",
    withdrawn: "peruttu", consent_basis: "suostumuksella", ground_basis: "lakiperusteella", yes: "kyllä", no: "ei",
    change_status: "Muuta", add_participant: "Lisää osallistuja", client_in_meeting: "asiakas osallistui",
    no_context: "Tilannetta ei ole vielä kirjattu.", co_residents_missing: "Samassa taloudessa asuvia ilman suostumusta tai kuulemista:",
    by: "kirjaaja", source_log: "asiointi", source_case: "asia", all: "Kaikki",
    filter_phase: "Vaihe", filter_municipality: "Kotikunta", filter_county: "Hyvinvointialue", filter: "Suodata",
    f_sanction_types: "Seuraamukset", f_phase: "Vaihe", f_home_municipality: "Kotikunta",
    f_wellbeing_county: "Hyvinvointialue", f_planning_location: "Suunnitelma laadittu", f_kela_access: "Kelan tapaaminen",
    f_compulsory_education: "Oppivelvollinen", f_education_contact: "Tiedonvaihto (kunta tai oppilaitos)",
    f_minor: "Alaikäinen", f_child_welfare_decision: "Lastensuojelun päätös", f_residence_status: "Oleskelun tilanne",
    f_housing_risk: "Asunnottomuusriski", f_housing_needs_communicated_to: "Asumisen tarpeista tiedotettu",
    f_purpose: "Tarkoitus", f_recipient: "Vastaanottava organisaatio",
    f_categories: "Tiedot", f_given_on: "Annettu", f_channel: "Tapa", f_disclosed_on: "Päivä",
    f_legal_ground: "Lakiperuste ilman suostumusta", f_consent_unobtainable: "Suostumusta ei voida saada",
    f_ground_details: "Perustelu", f_started_on: "Aloitettu", f_started_by: "Aloittaja", f_role: "Rooli",
    f_counterpart: "Kunta tai hyvinvointialue", f_notes: "Huomiot", f_partner_id: "Vastaanottava kumppani", f_need: "Tarve",
    f_stage: "Vaihe", f_referred_on: "Ohjattu", f_contact: "Yhteyshenkilö", f_agreement: "Sopimus",
    f_status: "Tila", f_ended_on: "Päättynyt", f_outcome: "Tulos", f_held_on: "Pidetty",
    f_client_participates: "Asiakas osallistuu", f_participants: "Osallistujat", f_place: "Paikka", f_agreed: "Sovittu",
    f_name: "Nimi", f_organisation: "Organisaatio", f_plan_type: "Suunnitelma", f_owner_organisation: "Omistaja",
    f_shared_goals: "Yhteiset tavoitteet (erota ;-merkillä)", f_rise_drafting: "Osallistumme laadintaan", f_recorded_on: "Kirjattu",
    f_received_on: "Saapunut", f_requester: "Pyytäjä", f_handled_on: "Vastattu", f_answer: "Vastaus",
    f_initiator: "Aloitteen tekijä", f_trigger: "Sovittu tilanne", f_functional_information: "Vaihdettu toimintakykytieto",
    f_applied_on: "Haettu", f_grounds: "Perusteet", f_statement_requested_on: "Lausuntoa pyydetty",
    f_statement_on: "Lausunto saatu", f_exception: "Poikkeus (miksi ei lausuntoa)", f_decision: "Päätös",
    f_decided_on: "Päätetty", f_relative_id: "Läheinen", f_contacted_on: "Yhteydenotto", f_official: "Vastuuvirkailija",
    assessments: "Koulutuksen ja työn arvio", f_assessed_on: "Arvioitu", f_education_needs: "Koulutustarpeet",
    f_background: "Koulutus- ja työhistoria", f_employment_service_needs: "Työllisyyspalvelujen tarve",
    f_work_life_readiness: "Työelämävalmiudet", f_capacity_assessment_needed: "Työ- ja toimintakyky arvioitava",
    f_social_functioning: "Sosiaalinen toimintakyky ja kuntoutustarve",
    appointments: "Kumppanien tapaamiset yksiköissä", f_service: "Palvelu", f_unit_id: "Yksikkö", f_starts_at: "Aika", f_mode: "Tapa",
    hearings: "Alaikäisen kuulemiset", f_heard_on: "Kuultu", f_matter: "Asia", f_heard_by: "Kuulija", f_views: "Alaikäisen näkemys",
    f_child_welfare_present: "Lastensuojeluviranomainen osallistui", f_placement_assessment: "Arvio lapsen edusta",
    teams: "Yksiköiden nopean toiminnan tiimit", f_response_team_id: "Nopean toiminnan tiimi", f_professions: "Ammattiryhmät (erota ;-merkillä)",
    f_members: "Jäsenet (erota ;-merkillä)",
    f_responsible_official: "Vastuuvirkailija", f_official_role: "Rooli verkostotyössä", f_role_reason: "Miksi muuten sovittu", f_e_service_access: "Sähköiset palvelut",
    f_summary: "Yhteenveto", f_kind: "Laji", f_direction: "Suunta", f_on: "Päivä", f_reference: "Viite",
    relationship: "suhde", consent_to_contact: "suostuu yhteydenottoon", no_consent_to_contact: "ei suostumusta yhteydenottoon",
    refused_no_consent: "asiakkaalla ei ole voimassa olevaa suostumusta tähän tarkoitukseen, vastaanottajalle ja näihin tietoihin, eikä lakiperustetta ole kirjattu.",
    refused_ground_purpose: "ilman suostumusta vain ilmoituksen sosiaalihuoltoon voi tehdä lakiperusteella.",
    refused_unobtainable: "tämä peruste koskee vain tilannetta, jossa suostumusta ei voida saada; pyydä ensin suostumusta.",
  },
};

const NET = { meta: null, partners: [], units: [], teams: [], data: null, subjectId: null, caseId: null };
const nt = (key) => (NET_TEXT[state.lang] || NET_TEXT.en)[key] ?? NET_TEXT.en[key] ?? key;
const nlabel = (set, value) => {
  const found = ((NET.meta || {})[set] || []).find((c) => c.value === value);
  return found ? (state.lang === "fi" ? found.label_fi : found.label_en) : String(value ?? "").replaceAll("_", " ");
};

// Each record kind: its section key, the API kind and its fields ([name, type]); a type is
// text | long | date | instant | bool | partner | unit | team | relative | participants | list | choice:SET |
// opt:SET | multi:SET.
const SECTIONS = [
  { key: "cooperation", kind: "cooperation-starts", list: "cooperation", fields: [["started_on", "date"], ["started_by", "text"], ["role", "choice:cooperation_roles"], ["counterpart", "text"], ["notes", "long"]],
    line: (r) => `${when(r.started_on)} — ${r.started_by} (${nlabel("cooperation_roles", r.role)}), ${r.counterpart}` },
  { key: "consents", kind: "consents", list: "consents", fields: [["purpose", "choice:consent_purposes"], ["recipient", "text"], ["categories", "multi:data_categories"], ["given_on", "date"], ["channel", "choice:contact_channels"]],
    line: (r) => `${nlabel("consent_purposes", r.purpose)} → ${r.recipient}: ${(r.categories || []).map((c) => nlabel("data_categories", c)).join(", ")} — ${when(r.given_on)} (${nlabel("contact_channels", r.channel)})${r.withdrawn_on ? ` — ${nt("withdrawn")} ${when(r.withdrawn_on)}` : ""}`,
    extra: (r) => r.withdrawn_on ? null : button(nt("withdraw"), async (out) => { await post(`/api/partners/consents/${r.id}/withdraw`, { withdrawn_on: today() }); return true; }) },
  { key: "disclosures", kind: null, list: "disclosures", submit: nt_disclose, fields: [["purpose", "choice:disclosure_purposes"], ["recipient", "text"], ["categories", "multi:data_categories"], ["disclosed_on", "date"], ["legal_ground", "opt:legal_grounds"], ["consent_unobtainable", "bool"], ["ground_details", "long"]],
    line: (r) => `${when(r.disclosed_on)} ${nlabel("disclosure_purposes", r.purpose)} → ${r.recipient} — ${r.basis === "consent" ? nt("consent_basis") : `${nt("ground_basis")}: ${nlabel("legal_grounds", r.legal_ground)}`}` },
  { key: "referrals", kind: "referrals", list: "referrals", fields: [["partner_id", "partner"], ["need", "choice:needs"], ["stage", "choice:sanction_stages"], ["referred_on", "date"], ["contact", "text"], ["agreement", "long"]],
    line: (r) => `${when(r.referred_on)} ${nlabel("needs", r.need)} → ${r.partner_name} (${nlabel("sanction_stages", r.stage)})${r.outcome ? ` — ${r.outcome}` : ""}`,
    badge: (r) => ["referral_statuses", r.status], extra: statusChanger },
  { key: "meetings", kind: "client-meetings", list: "meetings", fields: [["held_on", "date"], ["client_participates", "bool"], ["participants", "participants"], ["place", "text"], ["agreed", "long"]],
    line: (r) => `${when(r.held_on)} — ${nt("client_in_meeting")}; ${(r.participants || []).map((p) => `${p.name} (${p.organisation}, ${nlabel("participant_roles", p.role)})`).join("; ")}${r.agreed ? ` — ${r.agreed}` : ""}` },
  { key: "plans", kind: "authority-plans", list: "plans", fields: [["plan_type", "choice:plan_types"], ["status", "choice:plan_statuses"], ["owner_organisation", "text"], ["contact", "text"], ["shared_goals", "list"], ["rise_drafting", "bool"], ["recorded_on", "date"]],
    line: (r) => `${nlabel("plan_types", r.plan_type)}: ${nlabel("plan_statuses", r.status)} — ${r.owner_organisation}${r.contact ? `, ${r.contact}` : ""}${(r.shared_goals || []).length ? ` — ${r.shared_goals.join("; ")}` : ""}` },
  { key: "requests", kind: "participation-requests", list: "requests", fields: [["received_on", "date"], ["requester", "text"], ["organisation", "text"], ["purpose", "choice:request_purposes"], ["status", "choice:request_statuses"], ["handled_on", "date?"], ["answer", "long"]],
    line: (r) => `${when(r.received_on)} ${r.requester}, ${r.organisation}: ${nlabel("request_purposes", r.purpose)} — ${nlabel("request_statuses", r.status)}` },
  { key: "vth", kind: "vth-events", list: "vth_events", fields: [["held_on", "date"], ["initiator", "choice:vth_initiators"], ["trigger", "text"], ["functional_information", "long"]],
    line: (r) => `${when(r.held_on)} ${nlabel("vth_initiators", r.initiator)}: ${r.trigger} — ${r.functional_information}` },
  { key: "assessments", kind: "work-assessments", list: "assessments", fields: [["assessed_on", "date"], ["education_needs", "long"], ["background", "long"], ["employment_service_needs", "long"], ["work_life_readiness", "choice:work_readiness"], ["capacity_assessment_needed", "bool"], ["social_functioning", "long"]],
    line: (r) => `${when(r.assessed_on)} ${nlabel("work_readiness", r.work_life_readiness)} — ${r.education_needs}${r.capacity_assessment_needed ? ` — ${nt("f_capacity_assessment_needed")}` : ""}` },
  { key: "appointments", kind: "appointments", list: "appointments", fields: [["partner_id", "partner"], ["service", "choice:appointment_services"], ["unit_id", "unit"], ["starts_at", "instant"], ["mode", "choice:appointment_modes"], ["notes", "long"]],
    line: (r) => `${when(r.starts_at)} ${r.partner_name} (${nlabel("appointment_services", r.service)}) — ${r.unit_name}, ${nlabel("appointment_modes", r.mode)}`,
    badge: (r) => ["appointment_statuses", r.status] },
  { key: "hearings", kind: "minor-hearings", list: "hearings", when: () => NET.data.context && NET.data.context.minor,
    fields: [["heard_on", "date"], ["matter", "choice:hearing_matters"], ["heard_by", "text"], ["views", "long"], ["child_welfare_present", "bool"], ["placement_assessment", "long"]],
    line: (r) => `${when(r.heard_on)} ${nlabel("hearing_matters", r.matter)} (${r.heard_by}) — ${r.views}` },
  { key: "teams", kind: "response-teams", list: "teams", shared: true, fields: [["unit_id", "unit"], ["name", "text"], ["professions", "list"], ["members", "list"]],
    line: (r) => `${r.name} — ${(NET.units.find((u) => u.id === r.unit_id) || { name: "" }).name}: ${(r.professions || []).join(", ")}` },
  { key: "deferrals", kind: "deferrals", list: "deferrals", fields: [["applied_on", "date"], ["grounds", "long"], ["statement_requested_on", "date?"], ["statement_on", "date?"], ["exception", "long"], ["decision", "opt:deferral_decisions"], ["decided_on", "date?"]],
    line: (r) => `${when(r.applied_on)} ${r.grounds}${r.decision ? ` — ${nlabel("deferral_decisions", r.decision)} ${when(r.decided_on)}` : ""}` },
  { key: "relative_contacts", kind: "relative-contacts", list: "relative_contacts", fields: [["relative_id", "relative"], ["contacted_on", "date"], ["official", "text"], ["stage", "choice:involvement_stages"], ["channel", "choice:contact_channels"], ["summary", "long"]],
    line: (r) => `${when(r.contacted_on)} ${relativeName(r.relative_id)} — ${nlabel("involvement_stages", r.stage)}, ${nlabel("contact_channels", r.channel)} (${r.official})` },
  { key: "justice", kind: "justice-log", list: null, fields: [["kind", "choice:justice_kinds"], ["counterpart", "text"], ["on", "date"], ["reference", "text"], ["notes", "long"]] },
];

function nt_disclose(body) { return post("/api/network/disclosures", body); }
function relativeName(id) { const r = ((NET.data || {}).relatives || []).find((x) => x.id === id); return r ? r.name : ""; }
function button(text, action) {
  const b = el("button", text); b.type = "button";
  b.addEventListener("click", async () => { try { await action(); await loadNetwork(); } catch (error) { flash(b.parentElement, error.message); } });
  return b;
}
function flash(box, message) {
  let out = box.querySelector(":scope > .net-result, form > .net-result");
  if (!out) {
    out = el("p", "", "net-result"); out.setAttribute("role", "alert");
    const title = box.querySelector(":scope > h3");
    if (title) title.after(out); else box.append(out);
  }
  out.textContent = message ? `${nt("refused")} ${networkRefusal(message)}` : nt("saved");
  out.classList.toggle("bad", Boolean(message));
}

// The disclosure's refusals in the user's language (the API's words otherwise).
function networkRefusal(message) {
  const known = [["only a notification to social welfare", "refused_ground_purpose"],
    ["consent cannot be obtained", "refused_unobtainable"], ["no consent in force", "refused_no_consent"]];
  for (const [needle, key] of known) if (message.includes(needle)) return nt(key);
  return message.replace(/^refused: /, "");
}

function statusChanger(r) {
  if (["completed", "declined", "cancelled"].includes(r.status)) return null;
  const wrap = el("span", "", "net-inline");
  const select = el("select"); select.setAttribute("aria-label", nt("f_status"));
  for (const c of NET.meta.referral_statuses) select.append(new Option(state.lang === "fi" ? c.label_fi : c.label_en, c.value, false, c.value === r.status));
  const outcome = el("input"); outcome.placeholder = nt("f_outcome"); outcome.setAttribute("aria-label", nt("f_outcome"));
  const save = button(nt("change_status"), async () => {
    const body = { status: select.value };
    if (["completed", "declined", "cancelled"].includes(select.value)) { body.outcome = outcome.value; body.ended_on = today(); }
    await send("PATCH", `/api/partners/referrals/${r.id}`, body);
  });
  wrap.append(select, outcome, save);
  return wrap;
}

function input(name, type) {
  const label = el("label"); label.append(el("span", nt(`f_${name}`)));
  let control;
  const [base, set] = type.split(":");
  if (base === "choice" || base === "opt") {
    control = el("select");
    if (base === "opt") control.append(new Option("—", ""));
    for (const c of NET.meta[set]) control.append(new Option(state.lang === "fi" ? c.label_fi : c.label_en, c.value));
  } else if (base === "multi") {
    control = el("span", "", "net-multi");
    for (const c of NET.meta[set]) {
      const l = el("label"); const box = el("input"); box.type = "checkbox"; box.value = c.value;
      l.append(box, ` ${state.lang === "fi" ? c.label_fi : c.label_en}`); control.append(l);
    }
  } else if (base === "bool") {
    control = el("input"); control.type = "checkbox";
  } else if (base === "team") {
    control = el("select"); control.append(new Option("—", ""));
    for (const team of NET.teams) control.append(new Option(team.name, team.id));
  } else if (base === "partner" || base === "relative" || base === "unit") {
    control = el("select");
    const rows = base === "partner" ? NET.partners : base === "unit" ? NET.units : (NET.data.relatives || []);
    for (const p of rows) control.append(new Option(p.name, p.id));
  } else if (base === "participants") {
    control = participantsInput();
  } else if (base === "instant") {
    control = el("input"); control.type = "datetime-local";
  } else if (base === "long") {
    control = el("textarea"); control.rows = 2;
  } else {
    control = el("input");
    if (["recipient", "counterpart", "organisation", "owner_organisation"].includes(name)) control.setAttribute("list", "net-orgs");
    if (base.startsWith("date")) { control.type = "date"; if (base === "date") control.value = today(); }
  }
  control.dataset.field = name; control.dataset.type = base;
  label.append(control);
  return label;
}

function participantsInput() {
  const box = el("span", "", "net-participants");
  const list = el("ul", "", "plain"); const people = [];
  const name = el("input"); name.placeholder = nt("f_name"); name.setAttribute("aria-label", nt("f_name"));
  const org = el("input"); org.placeholder = nt("f_organisation"); org.setAttribute("aria-label", nt("f_organisation"));
  const role = el("select"); role.setAttribute("aria-label", nt("f_role"));
  for (const c of NET.meta.participant_roles) role.append(new Option(state.lang === "fi" ? c.label_fi : c.label_en, c.value));
  const add = el("button", nt("add_participant")); add.type = "button";
  add.addEventListener("click", () => {
    if (!name.value.trim()) return;
    people.push({ name: name.value.trim(), organisation: org.value.trim(), role: role.value });
    list.append(el("li", `${name.value.trim()} (${org.value.trim()}, ${nlabel("participant_roles", role.value)})`));
    name.value = ""; org.value = "";
  });
  box.people = people;
  box.append(list, name, org, role, add);
  return box;
}

function readForm(form) {
  const body = {};
  for (const c of form.querySelectorAll("[data-field]")) {
    const type = c.dataset.type, key = c.dataset.field;
    if (type === "multi") body[key] = [...c.querySelectorAll("input:checked")].map((b) => b.value);
    else if (type === "bool") body[key] = c.checked;
    else if (type === "participants") body[key] = c.people;
    else if (type === "instant") { if (c.value) body[key] = new Date(c.value).toISOString(); }
    else if (type === "list") body[key] = c.value.split(";").map((s) => s.trim()).filter(Boolean);
    else if (c.value !== "") body[key] = c.value;
  }
  return body;
}

function recordForm(section, record) {
  const form = el("form", "", "net-form"); form.hidden = true;
  for (const [name, type] of section.fields) form.append(input(name, type));
  if (record) {
    for (const c of form.querySelectorAll("[data-field]")) {
      const v = record[c.dataset.field];
      if (c.dataset.type === "multi") c.querySelectorAll("input").forEach((b) => { b.checked = (v || []).includes(b.value); });
      else if (c.dataset.type === "bool") c.checked = Boolean(v);
      else if (v !== undefined && v !== null) c.value = v;
    }
  }
  const save = el("button", section.key === "disclosures" ? nt("disclose") : nt("save")); save.type = "submit";
  const cancel = el("button", nt("cancel")); cancel.type = "button";
  cancel.addEventListener("click", () => { form.hidden = true; });
  form.append(save, cancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const stale = $("#network-box > .net-result"); if (stale) stale.remove();
    const body = { ...readForm(form) };
    try {
      if (record) await send("PATCH", `/api/partners/${section.kind}/${record.id}`, body);
      else {
        if (!section.shared) body.subject_id = NET.subjectId;
        if (section.key === "justice") body.case_id = NET.caseId;
        if (section.submit) await section.submit(body); else await post(`/api/partners/${section.kind}`, body);
      }
      await loadNetwork();
      flash($("#network-box"), "");
    } catch (error) { flash(form, error.message); }
  });
  return form;
}

function sectionBox(section) {
  const box = el("section", "", "net-section"); box.id = `net-${section.key}`;
  const head = el("div", "", "net-head"); head.append(el("h4", nt(section.key)));
  box.append(head);
  if (ValvoSessionMay("partners:write")) {
    const add = el("button", section.key === "disclosures" ? nt("disclose") : nt("add")); add.type = "button";
    add.className = "net-add"; add.addEventListener("click", () => toggleForm(head, () => recordForm(section, null)));
    head.append(add);
  }
  if (section.list) {
    const rows = NET.data[section.list] || [];
    const ul = el("ul", "", "plain net-list");
    for (const r of rows) {
      const li = el("li");
      if (section.badge) { const [set, v] = section.badge(r); const b = el("span", nlabel(set, v), "badge"); const c = (NET.meta[set] || []).find((x) => x.value === v); if (c) b.style.background = c.colour; li.append(b, " "); }
      li.append(section.line(r));
      if (section.extra && ValvoSessionMay("partners:write")) { const x = section.extra(r); if (x) li.append(" ", x); }
      ul.append(li);
    }
    if (!rows.length) ul.append(el("li", nt("none"), "muted"));
    box.append(ul);
  }
  return box;
}

// A section's form is built when it is first opened (no hidden fields on the page before).
function toggleForm(head, build) {
  const next = head.nextElementSibling;
  if (next && next.tagName === "FORM") { next.hidden = !next.hidden; return; }
  const form = build(); form.hidden = false; head.after(form);
}

function ValvoSessionMay(permission) { return !state.may || state.may.has(permission); }

function contextBox() {
  const box = el("section", "", "net-section net-context"); box.id = "net-context";
  const head = el("div", "", "net-head"); head.append(el("h4", nt("context")));
  const c = NET.data.context;
  const section = { key: "context", kind: "client-contexts", fields: [["sanction_types", "multi:sanction_types"], ["phase", "choice:phases"], ["home_municipality", "text"], ["wellbeing_county", "text"], ["planning_location", "opt:planning_locations"], ["kela_access", "opt:kela_access"], ["compulsory_education", "bool"], ["education_contact", "text"], ["minor", "bool"], ["child_welfare_decision", "text"], ["residence_status", "opt:residence_statuses"], ["housing_risk", "bool"], ["housing_needs_communicated_to", "text"], ["response_team_id", "team"], ["responsible_official", "text"], ["official_role", "opt:official_roles"], ["role_reason", "text"], ["e_service_access", "opt:e_service_access"]] };
  box.append(head);
  if (ValvoSessionMay("partners:write")) {
    const edit = el("button", c ? nt("edit") : nt("add")); edit.type = "button"; edit.className = "net-add";
    edit.addEventListener("click", () => toggleForm(head, () => recordForm(section, c))); head.append(edit);
  }
  if (!c) { box.append(el("p", nt("no_context"), "muted")); return box; }
  const dl = el("dl", "", "facts");
  const add = (k, v) => { if (v !== null && v !== undefined && v !== "" && v !== false) dl.append(el("dt", nt(`f_${k}`)), el("dd", v === true ? nt("yes") : String(v))); };
  add("sanction_types", (c.sanction_types || []).map((s) => nlabel("sanction_types", s)).join(", "));
  add("phase", nlabel("phases", c.phase)); add("home_municipality", c.home_municipality); add("wellbeing_county", c.wellbeing_county);
  add("planning_location", c.planning_location && nlabel("planning_locations", c.planning_location));
  add("kela_access", c.kela_access && nlabel("kela_access", c.kela_access));
  add("compulsory_education", c.compulsory_education); add("education_contact", c.education_contact); add("minor", c.minor);
  add("child_welfare_decision", c.child_welfare_decision); add("residence_status", c.residence_status && nlabel("residence_statuses", c.residence_status));
  add("housing_risk", c.housing_risk); add("housing_needs_communicated_to", c.housing_needs_communicated_to); add("response_team_id", c.response_team);
  add("responsible_official", c.responsible_official && `${c.responsible_official}${c.official_role ? ` (${nlabel("official_roles", c.official_role)})` : ""}`);
  add("role_reason", c.role_reason); add("e_service_access", c.e_service_access && nlabel("e_service_access", c.e_service_access));
  box.append(dl);
  return box;
}

function alertsBox() {
  const box = el("div", "", "net-alerts");
  for (const w of NET.data.warnings) { const p = el("p", `${nt(`warning_${w.code}`)} (${when(w.on)})`, "net-warning"); p.setAttribute("role", "alert"); box.append(p); }
  for (const task of NET.data.tasks) box.append(el("p", nt(`task_${task.code}`), "net-task"));
  for (const p of NET.data.prompts) box.append(el("p", `${nt(`prompt_${p.code}`)} ${nlabel("sanction_stages", p.stage)}`, "net-prompt"));
  for (const c of NET.data.cases) if (c.co_residents_missing_consent) box.append(el("p", `${nt("co_residents_missing")} ${c.co_residents_missing_consent}`, "net-task"));
  return box;
}

function relativesBox() {
  const box = el("section", "", "net-section"); box.append(el("div", "", "net-head"));
  box.firstChild.append(el("h4", nt("relatives")));
  const ul = el("ul", "", "plain net-list");
  for (const r of NET.data.relatives) ul.append(el("li", `${r.name} (${r.relationship.replaceAll("_", " ")}) — ${r.consent_to_contact ? nt("consent_to_contact") : nt("no_consent_to_contact")}${r.responsible_official ? `; ${nt("f_official")}: ${r.responsible_official}` : ""}`));
  if (!NET.data.relatives.length) ul.append(el("li", nt("none"), "muted"));
  box.append(ul);
  return box;
}

function timelineBox() {
  const box = el("section", "", "net-section net-timeline");
  box.append(el("h4", nt("timeline")));
  const ol = el("ol", "", "timeline");
  for (const e of NET.data.timeline) {
    const li = el("li"); const time = el("time", when(e.at)); time.dateTime = e.at;
    const what = e.source === "log" ? `${nlabel("justice_kinds", e.kind)} — ${nlabel("directions", e.direction)}, ${e.counterpart}` : label("events", e.kind);
    li.append(time, el("span", what), " ", el("span", `(${nt(`source_${e.source}`)})`, "actor"));
    ol.append(li);
  }
  box.append(ol);
  return box;
}

async function loadNetwork() {
  if (!NET.subjectId) return;
  const box = $("#network-box");
  [NET.data, NET.teams] = await Promise.all([json(`/api/network/people/${NET.subjectId}`), json("/api/partners/response-teams")]);
  NET.data.teams = NET.teams;
  box.replaceChildren(el("h3", nt("network")), alertsBox());
  const grid = el("div", "", "net-grid");
  grid.append(contextBox());
  // pre-enforcement.js: the pre-enforcement case and the switched VTH consultation.
  if (typeof preEnforcementBox === "function") grid.append(preEnforcementBox());
  for (const s of SECTIONS) {
    if (s.when && !s.when()) continue;
    grid.append(sectionBox(s));
    if (s.key === "deferrals") grid.append(relativesBox());
    if (s.key === "vth" && typeof vthConsultationBox === "function") { const c = vthConsultationBox(); if (c) grid.append(c); }
  }
  const orgs = el("datalist"); orgs.id = "net-orgs";
  for (const p of NET.partners) orgs.append(new Option(p.name));
  box.append(grid, timelineBox(), orgs);
}

async function renderNetwork(detail) {
  const box = $("#network-box");
  if (!box) return;
  if (!state.may || !state.may.has("partners:read")) { box.hidden = true; return; }
  box.hidden = false;
  NET.caseId = detail.id; NET.subjectId = detail.subject_id;
  if (!NET.meta) NET.meta = await json("/api/network/meta");
  if (!NET.units.length) NET.units = (await json("/api/partners/units")).filter((u) => ["prison", "remand_prison", "community_sanctions_office"].includes(u.type)).sort((a, b) => a.name.localeCompare(b.name));
  if (!NET.partners.length) NET.partners = (await json("/api/partners/partners")).sort((a, b) => a.name.localeCompare(b.name));
  try { await loadNetwork(); } catch (error) { box.replaceChildren(el("p", error.message, "error")); }
}

// The caseload's filters (phase, home municipality, wellbeing county).
function networkFilters() {
  const phase = $("#phase-filter"), town = $("#municipality-filter"), county = $("#county-filter");
  const params = new URLSearchParams();
  if (phase && phase.value) params.set("phase", phase.value);
  if (town && town.value.trim()) params.set("home_municipality", town.value.trim());
  if (county && county.value.trim()) params.set("wellbeing_county", county.value.trim());
  return params;
}
async function setUpNetworkFilters() {
  const phase = $("#phase-filter");
  if (!phase || !state.may || !state.may.has("partners:read")) return;
  if (!NET.meta) NET.meta = await json("/api/network/meta");
  const chosen = phase.value;
  phase.replaceChildren(new Option(nt("all"), ""));
  for (const c of NET.meta.phases) phase.append(new Option(state.lang === "fi" ? c.label_fi : c.label_en, c.value, false, c.value === chosen));
  for (const [id, key] of [["phase-filter-label", "filter_phase"], ["municipality-filter-label", "filter_municipality"], ["county-filter-label", "filter_county"]]) $(`#${id}`).textContent = nt(key);
  $("#network-filters").hidden = false;
}
