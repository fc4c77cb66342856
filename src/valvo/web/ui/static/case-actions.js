// The steps a case allows now, as the API decides them (the case view's "actions": its state
// machine asked for today, cut to what this user's role may do), each with its small form.
// Answers are shown inline beside the form, translated; nothing is offered the state refuses.
// Uses cases.js's helpers ($, el, t, state, when, json, send, post, renderCase).
"use strict";

const ACTION_TEXT = {
  en: {
    next_steps: "Next steps", no_steps: "No step is open for you on this case now.",
    saved: "Saved.", refused: "Not done:", cancel: "Cancel", save: "Save",
    a_report: "Write the report (§4)", a_complete_report: "Complete the report",
    a_sentence: "Record the judgment", a_plan: "Edit the plan below",
    a_install_devices: "Install the devices — serving starts",
    a_exemption: "Grant an exemption (§12)", a_interrupt: "Interrupt enforcement",
    a_resume: "Resume serving", a_visit: "Record a visit", a_substance_test: "Record a substance test",
    a_lab_result: "Record the laboratory result", a_open_breach: "Record a suspected breach",
    a_hearing: "Record the hearing", a_warning: "Give a written warning (§14.1)",
    a_provisional_interruption: "Interrupt provisionally (§14.2)",
    a_referral: "Refer to court (§14.3)", a_clear: "Clear the suspicion",
    a_prosecutor_decision: "Prosecutor's decision (§16)", a_court_decision: "Court's decision (§17)",
    a_complete: "Record the last day served",
    r_breaches: "Breaches", r_visits: "Visits", r_tests: "Substance tests", r_interruptions: "Interruptions",
    bp_download: "Download evidence package", bp_signatory: "Signatory of the witness statement",
    bp_need_signatory: "Name the signatory first.", bp_building: "Building the package…",
    bp_ready: "Downloaded", bp_signed: "signed by key",
    r_no_description: "no description", r_absent: "not present", r_lab: "laboratory:", r_lab_waiting: "awaiting the laboratory",
    r_open: "open", b_open: "open", b_heard: "heard", b_warned: "written warning given", b_referred: "referred to court",
    b_closed: "closed", i_provisional: "provisional (§14.2)", i_lab_confirmation: "awaiting the laboratory (§11.3)",
    i_court_referral: "referred to court (§14.3)", i_new_charge: "new charge (§18)", i_impediment: "impediment (§15)",
    i_wanted: "wanted (§13)",

    a_court_referral: "Refer to court (PKL 2:15)", a_ban_court_decision: "Court's decision on the ban",
    a_charges: "Charges brought", a_extension_request: "Request an extension (PKL 2:14)",
    a_extension: "Court extends the ban", a_revocation: "Revoke the ban (PKL 2:13)",
    a_violation: "Record a violation (PKL 2:18)", a_passport: "Passport", a_lapse: "Record that the ban lapsed",
    f_confirmed: "Confirmed", f_until: "Until", f_category: "Kind of violation", f_minor: "Minor",
    f_response: "Response", f_decided_by: "Decided by (officer entitled to arrest)", f_status: "Status",
    o_movement: "Left the area", o_device: "Device removed or damaged", o_ignored_warning: "Warning ignored",
    o_flight_or_crime: "Flight or crime", o_warning: "Warning", o_arrest: "Arrest", o_remand: "Remand",
    o_immediate_enforcement: "Immediate enforcement", o_none_held: "None held", o_surrendered: "Surrendered",

    f_on: "Date", f_suspect_consents: "The suspect consents", f_dwelling_assessment: "Dwelling",
    f_circumstances_assessment: "Circumstances", f_activity_place: "Activity place",
    f_movement_needs: "Movement needs", f_existing_work_or_study: "Existing work or study",
    f_statement_justified: "A statement is justified", f_statement: "Statement",
    f_suspect_heard_on: "Suspect heard on", f_substance_assessment: "Substance use",
    f_home_visit_on: "Home visit on", f_home_visit_by: "Home visit by",
    f_length_days: "Length (days)", f_replaced_prison_days: "Replaced prison (days)",
    f_sentenced_on: "Sentenced on", f_enforceable_on: "Enforceable on", f_court: "Court",
    a_complaint: "Record a complaint (PKL 2:17)", a_complaint_decision: "Decide the urgent complaint",
    a_main_hearing: "Set the main hearing (PKL 2:15)", a_main_hearing_change: "Cancel or postpone the main hearing",
    hearing_on: "set for", f_hearing_at: "Main hearing at", f_change: "Change", f_ban_continues: "The ban continues",
    f_new_hearing_at: "New time (if postponed)", o_postponed: "Postponed", o_cancelled: "Cancelled",
    complaint_against: "against the decision of", complaint_filed_on: "filed",
    f_complainant: "Complainant", f_grounds: "What the complaint says", f_outcome: "Outcome", f_reasoning: "Reasoning",
    o_suspect: "The person under the ban", o_counsel: "Their counsel", o_rejected: "Rejected: the ban stands",
    o_ban_revoked: "Upheld: the ban lifted", o_ban_changed: "Upheld: the ban changed", o_withdrawn: "Withdrawn",
    f_community_service_bar: "Why not community service", f_promotes_social_coping: "Promotes social coping",
    f_obligations_orderable: "Obligations can be ordered", f_can_cope: "Can cope with the sentence",
    f_under_21: "Under 21 at the offence", f_prison_within_lookback: "Prison within the last three years",
    f_device_ids: "Device", f_installed_at: "Installed at", f_reason: "Reason", f_start: "From",
    f_end: "To", f_cause: "Cause", f_kind: "Kind", f_visited_at: "Visited at", f_present: "Present",
    f_sober: "Sober", f_notes: "Notes", f_taken_at: "Taken at", f_tester: "Tester", f_result: "Result",
    f_substance: "Substance", f_location: "Place", f_at: "Time", f_entitled_medicine: "An entitled medicine",
    f_occurred_at: "Happened at", f_description: "What happened", f_heard_on: "Heard on",
    f_convict_statement: "The convict's statement", f_note: "Why there was no breach",
    f_decided_at: "Decided at", f_bring_to_court: "Brought to court", f_convert: "Converted into prison",
    f_in_absence: "Decided in absence", f_convict_heard: "The convict was heard in person",
    f_convict_representative: "The convict's representative heard", f_khl_representative: "KHL's representative heard",
    r_court_heard: "court heard", r_entitled: "covered by a prescription", r_convict: "the convict", r_in_absence: "decided in absence",
    breach_of: "Breach of", release_on: "released on",
    a_adjudicate: "Adjudicate", f_minutes: "Violation time (minutes, if known)",
    o_counted: "Counts", o_reasonable_excuse: "Reasonable excuse", o_authorised_absence: "Authorised absence",
    adj_counted: "counts", adj_reasonable_excuse: "reasonable excuse", adj_authorised_absence: "authorised absence",
    adj_pending: "not adjudicated yet (counts)", adj_by: "decided by", adj_was: "earlier", adj_now: "now",
    v_home: "Home visit", v_workplace: "Workplace visit", v_activity: "Activity place visit",
    v_covert_check: "Covert presence check", v_key_fob: "Key-fob visit", v_by: "by", v_left: "left at", r_present: "present",
    tot_title: "Violations and thresholds", tot_none: "No breaches recorded.",
    tot_summary: "{violations} recorded: {counted} counting, {excused} excused, {pending} awaiting a decision.",
    tot_time: "Violation time: {all} in all, {counted} of it counting.",
    tot_warning: "Written warning (§14.1)", tot_referral: "Referral to court (§14.3)",
    tot_at: "at {at} counted", tot_reached: "reached", tot_to_go: "{n} more to go",
    cl_violations: "Violations", cl_row: "{counted} counting", cl_referral_reached: "referral threshold reached",
    cl_to_referral: "{n} to referral", h_word: "h", min_word: "min",
    o_earlier_prison: "Earlier prison sentence", o_earlier_community_service: "Earlier community service",
    o_other_weighty_reason: "Other weighty reason", o_impediment: "Impediment (§15)",
    o_new_charge: "New charge (§18)", o_home: "Home", o_workplace: "Workplace", o_activity: "Activity place",
    o_covert_check: "Covert check", o_breath: "Breath", o_urine_quick: "Urine quick test",
    o_saliva_quick: "Saliva quick test", o_urine_lab: "Urine, laboratory", o_blood_lab: "Blood, laboratory", o_sweat_patch: "Sweat patch, laboratory",
    o_negative: "Negative", o_positive: "Positive", o_refused: "Refused",
    o_warning_not_heeded: "Warning not heeded", o_intoxication: "Intoxication", o_serious: "Serious breach",
    o_failure_to_start: "Failure to start", o_abandonment: "Abandonment",
    live: "Live monitoring →", new_report: "Request a report", rr_name: "Person", rr_region: "Region",
    rr_on: "Requested on", next_deadline: "Next deadline",
    doc_missing: "This document is not available for the case now.",
    e: {
      wrong_state: "The case is not in a state that allows this step.",
      not_yet_served: "The sentence is not yet served.",
      report_incomplete: "The report is not complete.",
      hearing_required: "The convict must be heard first.",
      plan_invalid: "The plan breaks the law.",
      no_device: "Choose at least one device.",
      abode_address_missing: "Give the abode's address.", reason_missing: "Give the reason.",
      heard_but_absent: "A convict heard in person was not absent.",
      name_missing: "Give the person's name.", substance_missing: "Name the medicine.",
      prescription_ends_before_start: "The prescription ends after it starts.",
      place_missing: "Name the place.", attend_before_order: "The day to attend is today or later.",
      not_yet_missed: "The day to attend has not passed yet.", attendance_recorded: "The attendance is already recorded.", contact_missing: "Give a phone number, an e-mail or an address.",
      institution_contact_missing: "A placement institution needs its name, a contact person and the contact's phone number.",
      contact_phone_invalid: "The phone number is not valid.", contact_email_invalid: "The e-mail address is not valid.",
      valid_from_before_current: "A new abode starts on or after the day the current one took effect.",
      installed_before_plan: "The devices are installed after the plan was confirmed.",
      future: "The date is in the future.",
      not_brought_to_court: "The prosecutor has not brought the matter to court.",
      field_required: "Fill in every field.",
    },
  },
  fi: {
    next_steps: "Seuraavat vaiheet", no_steps: "Sinulle ei ole nyt avoimia vaiheita tässä asiassa.",
    saved: "Tallennettu.", refused: "Ei tehty:", cancel: "Peruuta", save: "Tallenna",
    a_report: "Laadi selvitys (4 §)", a_complete_report: "Merkitse selvitys valmiiksi",
    a_sentence: "Kirjaa tuomio", a_plan: "Muokkaa suunnitelmaa alla",
    a_install_devices: "Asenna valvontavälineet — suorittaminen alkaa",
    a_exemption: "Myönnä poikkeus (12 §)", a_interrupt: "Keskeytä täytäntöönpano",
    a_resume: "Jatka suorittamista", a_visit: "Kirjaa käynti", a_substance_test: "Kirjaa päihdetesti",
    a_lab_result: "Kirjaa laboratoriotulos", a_open_breach: "Kirjaa epäilty rikkomus",
    a_hearing: "Kirjaa kuuleminen", a_warning: "Anna kirjallinen varoitus (14.1 §)",
    a_provisional_interruption: "Keskeytä väliaikaisesti (14.2 §)",
    a_referral: "Saata tuomioistuimeen (14.3 §)", a_clear: "Epäily raukeaa",
    a_prosecutor_decision: "Syyttäjän päätös (16 §)", a_court_decision: "Tuomioistuimen päätös (17 §)",
    a_complete: "Kirjaa viimeinen suorituspäivä",
    r_breaches: "Rikkomukset", r_visits: "Käynnit", r_tests: "Päihdetestit", r_interruptions: "Keskeytykset",
    bp_download: "Lataa todistepaketti", bp_signatory: "Todistajanlausunnon allekirjoittaja",
    bp_need_signatory: "Nimeä ensin allekirjoittaja.", bp_building: "Kootaan pakettia…",
    bp_ready: "Ladattu", bp_signed: "allekirjoitusavain",
    r_no_description: "ei kuvausta", r_absent: "ei paikalla", r_lab: "laboratorio:", r_lab_waiting: "odottaa laboratoriota",
    r_open: "avoin", b_open: "avoin", b_heard: "kuultu", b_warned: "kirjallinen varoitus annettu", b_referred: "saatettu tuomioistuimeen",
    b_closed: "päättynyt", i_provisional: "väliaikainen (14.2 §)", i_lab_confirmation: "odottaa laboratoriota (11.3 §)",
    i_court_referral: "saatettu tuomioistuimeen (14.3 §)", i_new_charge: "uusi syyte (18 §)", i_impediment: "este (15 §)",
    i_wanted: "etsintäkuulutettu (13 §)",

    a_court_referral: "Saata tuomioistuimeen (PKL 2:15)", a_ban_court_decision: "Tuomioistuimen päätös kiellosta",
    a_charges: "Syyte nostettu", a_extension_request: "Pyydä jatkoa (PKL 2:14)",
    a_extension: "Tuomioistuin jatkaa kieltoa", a_revocation: "Kumoa kielto (PKL 2:13)",
    a_violation: "Kirjaa rikkomus (PKL 2:18)", a_passport: "Passi", a_lapse: "Kirjaa kiellon raukeaminen",
    f_confirmed: "Vahvistettu", f_until: "Asti", f_category: "Rikkomuksen laji", f_minor: "Vähäinen",
    f_response: "Seuraamus", f_decided_by: "Päättäjä (pidättämiseen oikeutettu virkamies)", f_status: "Tila",
    o_movement: "Poistui alueelta", o_device: "Laite poistettu tai vahingoitettu", o_ignored_warning: "Varoitusta ei noudatettu",
    o_flight_or_crime: "Pako tai rikollinen toiminta", o_warning: "Varoitus", o_arrest: "Pidättäminen", o_remand: "Vangitseminen",
    o_immediate_enforcement: "Välitön täytäntöönpano", o_none_held: "Ei passia", o_surrendered: "Luovutettu",

    f_on: "Päivä", f_suspect_consents: "Epäilty suostuu", f_dwelling_assessment: "Asunto",
    f_circumstances_assessment: "Olosuhteet", f_activity_place: "Toimintapaikka",
    f_movement_needs: "Liikkumistarpeet", f_existing_work_or_study: "Nykyinen työ tai opiskelu",
    f_statement_justified: "Lausunto on perusteltu", f_statement: "Lausunto",
    f_suspect_heard_on: "Epäiltyä kuultu", f_substance_assessment: "Päihteiden käyttö",
    f_home_visit_on: "Kotikäynti", f_home_visit_by: "Kotikäynnin tekijä",
    f_length_days: "Pituus (päivää)", f_replaced_prison_days: "Korvattu vankeus (päivää)",
    f_sentenced_on: "Tuomittu", f_enforceable_on: "Täytäntöönpanokelpoinen", f_court: "Tuomioistuin",
    a_complaint: "Kirjaa kantelu (PKL 2:17)", a_complaint_decision: "Ratkaise kiireellinen kantelu",
    a_main_hearing: "Määrää pääkäsittely (PKL 2:15)", a_main_hearing_change: "Peru tai lykkää pääkäsittely",
    hearing_on: "määrätty", f_hearing_at: "Pääkäsittely", f_change: "Muutos", f_ban_continues: "Kielto jatkuu",
    f_new_hearing_at: "Uusi aika (jos lykätään)", o_postponed: "Lykätty", o_cancelled: "Peruttu",
    complaint_against: "päätöksestä", complaint_filed_on: "tehty",
    f_complainant: "Kantelija", f_grounds: "Kantelun sisältö", f_outcome: "Ratkaisu", f_reasoning: "Perustelut",
    o_suspect: "Kieltoon määrätty", o_counsel: "Hänen avustajansa", o_rejected: "Hylätty: kielto pysyy",
    o_ban_revoked: "Hyväksytty: kielto kumottu", o_ban_changed: "Hyväksytty: kieltoa muutettu", o_withdrawn: "Peruutettu",
    f_community_service_bar: "Miksi ei yhdyskuntapalvelua", f_promotes_social_coping: "Edistää sosiaalista selviytymistä",
    f_obligations_orderable: "Velvoitteet voidaan määrätä", f_can_cope: "Selviytyy rangaistuksesta",
    f_under_21: "Alle 21-vuotias tekohetkellä", f_prison_within_lookback: "Vankeutta kolmen viime vuoden aikana",
    f_device_ids: "Valvontaväline", f_installed_at: "Asennettu", f_reason: "Syy", f_start: "Alkaen",
    f_end: "Päättyen", f_cause: "Peruste", f_kind: "Laji", f_visited_at: "Käynnin aika", f_present: "Paikalla",
    f_sober: "Päihteetön", f_notes: "Huomiot", f_taken_at: "Otettu", f_tester: "Testaaja", f_result: "Tulos",
    f_substance: "Aine", f_location: "Paikka", f_at: "Aika", f_entitled_medicine: "Oikeutettu lääke",
    f_occurred_at: "Tapahtui", f_description: "Mitä tapahtui", f_heard_on: "Kuultu",
    f_convict_statement: "Tuomitun lausuma", f_note: "Miksi rikkomusta ei ollut",
    f_decided_at: "Päätetty", f_bring_to_court: "Viedään tuomioistuimeen", f_convert: "Muunnetaan vankeudeksi",
    f_in_absence: "Ratkaistu poissaolevana", f_convict_heard: "Tuomittua kuultiin henkilökohtaisesti",
    f_convict_representative: "Kuultu tuomitun edustaja", f_khl_representative: "Kuultu Kriminaalihuoltolaitoksen edustaja",
    r_court_heard: "tuomioistuin kuuli", r_entitled: "lääkemääräyksen kattama", r_convict: "tuomittua", r_in_absence: "ratkaistu poissaolevana",
    breach_of: "Rikkomus", release_on: "vapautuu",
    a_adjudicate: "Ratkaise rikkomus", f_minutes: "Rikkomusaika (minuutteina, jos tiedossa)",
    o_counted: "Lasketaan", o_reasonable_excuse: "Hyväksyttävä syy", o_authorised_absence: "Luvallinen poissaolo",
    adj_counted: "lasketaan", adj_reasonable_excuse: "hyväksyttävä syy", adj_authorised_absence: "luvallinen poissaolo",
    adj_pending: "ratkaisematta (lasketaan)", adj_by: "ratkaisija", adj_was: "aiemmin", adj_now: "nyt",
    v_home: "Kotikäynti", v_workplace: "Työpaikkakäynti", v_activity: "Käynti toimintapaikassa",
    v_covert_check: "Peitetty läsnäolotarkastus", v_key_fob: "Avainlätkäkäynti", v_by: "käyjä", v_left: "lähti", r_present: "paikalla",
    tot_title: "Rikkomukset ja raja-arvot", tot_none: "Rikkomuksia ei ole kirjattu.",
    tot_summary: "Kirjattu {violations}: laskettavia {counted}, hyväksyttyjä {excused}, ratkaisematta {pending}.",
    tot_time: "Rikkomusaika: yhteensä {all}, josta laskettavaa {counted}.",
    tot_warning: "Kirjallinen varoitus (14.1 §)", tot_referral: "Saattaminen tuomioistuimeen (14.3 §)",
    tot_at: "raja {at} laskettavaa", tot_reached: "saavutettu", tot_to_go: "vielä {n}",
    cl_violations: "Rikkomukset", cl_row: "laskettavia {counted}", cl_referral_reached: "tuomioistuinraja saavutettu",
    cl_to_referral: "{n} tuomioistuinrajaan", h_word: "t", min_word: "min",
    o_earlier_prison: "Aiempi vankeusrangaistus", o_earlier_community_service: "Aiempi yhdyskuntapalvelu",
    o_other_weighty_reason: "Muu painava syy", o_impediment: "Este (15 §)",
    o_new_charge: "Uusi syyte (18 §)", o_home: "Koti", o_workplace: "Työpaikka", o_activity: "Toimintapaikka",
    o_covert_check: "Peitetty tarkastus", o_breath: "Puhalluskoe", o_urine_quick: "Virtsan pikatesti",
    o_saliva_quick: "Syljen pikatesti", o_urine_lab: "Virtsa, laboratorio", o_blood_lab: "Veri, laboratorio", o_sweat_patch: "Hikilaastari, laboratorio",
    o_negative: "Negatiivinen", o_positive: "Positiivinen", o_refused: "Kieltäytyi",
    o_warning_not_heeded: "Varoitusta ei noudatettu", o_intoxication: "Päihtymys", o_serious: "Vakava rikkomus",
    o_failure_to_start: "Suorittamisen aloittamatta jättäminen", o_abandonment: "Suorittamisen keskeyttäminen",
    live: "Reaaliaikainen valvonta →", new_report: "Pyydä selvitys", rr_name: "Henkilö", rr_region: "Alue",
    rr_on: "Pyydetty", next_deadline: "Seuraava määräaika",
    doc_missing: "Asiakirja ei ole nyt saatavilla tässä asiassa.",
    e: {
      wrong_state: "Asian tila ei salli tätä vaihetta.",
      not_yet_served: "Rangaistus ei ole vielä suoritettu.",
      report_incomplete: "Selvitys ei ole valmis.",
      hearing_required: "Tuomittua on ensin kuultava.",
      plan_invalid: "Suunnitelma rikkoo lakia.",
      no_device: "Valitse ainakin yksi valvontaväline.",
      abode_address_missing: "Anna asunnon osoite.", reason_missing: "Anna perustelu.",
      heard_but_absent: "Henkilökohtaisesti kuultu tuomittu ei ollut poissa.",
      name_missing: "Anna henkilön nimi.", substance_missing: "Anna lääkkeen nimi.",
      prescription_ends_before_start: "Lääkemääräys päättyy alkamisensa jälkeen.",
      place_missing: "Anna paikka.", attend_before_order: "Saapumispäivä on tänään tai myöhemmin.",
      not_yet_missed: "Saapumispäivä ei ole vielä mennyt.", attendance_recorded: "Saapuminen on jo kirjattu.", contact_missing: "Anna puhelinnumero, sähköposti tai osoite.",
      institution_contact_missing: "Sijoituslaitoksesta tarvitaan nimi, yhteyshenkilö ja yhteyshenkilön puhelinnumero.",
      contact_phone_invalid: "Puhelinnumero ei kelpaa.", contact_email_invalid: "Sähköpostiosoite ei kelpaa.",
      valid_from_before_current: "Uusi asunto alkaa aikaisintaan päivänä, jona nykyinen tuli voimaan.",
      installed_before_plan: "Välineet asennetaan suunnitelman vahvistamisen jälkeen.",
      future: "Päivä on tulevaisuudessa.",
      not_brought_to_court: "Syyttäjä ei ole vienyt asiaa tuomioistuimeen.",
      field_required: "Täytä kaikki kentät.",
    },
  },
};

const at = (key) => (ACTION_TEXT[state.lang] || ACTION_TEXT.en)[key] ?? ACTION_TEXT.en[key] ?? key;

// An API refusal ("code: message") in the user's language: the code's own sentence where there
// is one, else the API's message without its code (the API speaks English).
function refusal(message) {
  const text = String(message || "");
  const match = text.match(/^([a-z_]+): (.*)$/s);
  const errors = at("e");
  if (match && errors[match[1]]) return errors[match[1]];
  if (/in the future|not in the future|after now/i.test(text) && errors.future) return errors.future;
  if (/field required|Field required/i.test(text)) return errors.field_required;
  return match ? match[2] : text;
}

// Today in the case's own zone (the API dates a step by it), as YYYY-MM-DD.
const today = (zone = "Europe/Helsinki") => new Intl.DateTimeFormat("sv-SE", { timeZone: zone }).format(new Date());
const nowLocal = () => { const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16); };
const instant = (local) => (local ? new Date(local).toISOString() : null);

// Each step: its endpoint (under /api/cases/{id}), method and fields [name, type, default].
// Types: date, datetime, text, number, check, select:<options>; "instant" fields are sent as
// ISO instants with their zone.
const STEPS = {
  report: { method: "PATCH", path: "/report", fields: (d) => {
    const r = d.report || {};
    return [["suspect_consents", "check", r.suspect_consents], ["dwelling_assessment", "text", r.dwelling_assessment],
      ["circumstances_assessment", "text", r.circumstances_assessment], ["activity_place", "text", r.activity_place],
      ["movement_needs", "text", r.movement_needs], ["existing_work_or_study", "text", r.existing_work_or_study],
      ["statement_justified", "check", r.statement_justified], ["statement", "text", r.statement],
      ["suspect_heard_on", "date", r.suspect_heard_on || today(d.timezone)], ["substance_assessment", "text", r.substance_assessment],
      ["home_visit_on", "date", r.home_visit_on || today(d.timezone)], ["home_visit_by", "text", r.home_visit_by || sessionStorage.getItem("valvo.user") || ""]];
  } },
  complete_report: { path: "/report/complete", fields: (d) => [["on", "date", today(d.timezone)]] },
  sentence: { path: "/sentence", fields: (d) => [["length_days", "number", 30], ["replaced_prison_days", "number", 30],
    ["sentenced_on", "date", today(d.timezone)], ["enforceable_on", "date", today(d.timezone)], ["court", "text", ""],
    ["community_service_bar", "select:earlier_prison,earlier_community_service,other_weighty_reason", "earlier_community_service"],
    ["promotes_social_coping", "check", true], ["obligations_orderable", "check", true], ["can_cope", "check", true],
    ["under_21", "check", false], ["prison_within_lookback", "check", false]] },
  install_devices: { path: "/devices", fields: (d) => [["device_ids", "device", ""], ["installed_at", "instant", nowLocal()]] },
  exemption: { path: "/exemptions", fields: (d) => [["start", "datetime", nowLocal()], ["end", "datetime", nowLocal()], ["reason", "text", ""]] },
  interrupt: { path: "/interruptions", fields: (d) => [["reason", "select:impediment,new_charge", "impediment"], ["start", "date", today(d.timezone)], ["cause", "text", ""]] },
  resume: { path: "/resume", fields: (d) => [["on", "date", today(d.timezone)]] },
  visit: { path: "/visits/outcome", fields: (d) => [["kind", "select:home,workplace,activity,covert_check", "home"],
    ["visited_at", "instant", nowLocal()], ["present", "check", true], ["sober", "check", true], ["notes", "text", ""]] },
  substance_test: { path: "/substance-tests", fields: (d) => [["kind", "select:breath,urine_quick,saliva_quick,urine_lab,blood_lab,sweat_patch", "breath"],
    ["taken_at", "instant", nowLocal()], ["tester", "text", sessionStorage.getItem("valvo.user") || ""],
    ["result", "select:negative,positive,refused", "negative"], ["substance", "text", ""], ["location", "text", ""]] },
  lab_result: { path: (a) => `/substance-tests/${a.test_id}/lab-result`, fields: (d) => [["result", "select:negative,positive", "negative"],
    ["substance", "text", ""], ["at", "instant", nowLocal()], ["entitled_medicine", "check", false]] },
  open_breach: { path: "/breaches", fields: (d) => [["occurred_at", "instant", nowLocal()], ["description", "text", ""]], extra: { source: "supervisor" } },
  hearing: { path: (a) => `/breaches/${a.breach_id}/hearing`, fields: (d) => [["heard_on", "date", today(d.timezone)], ["statement", "text", ""]] },
  warning: { path: (a) => `/breaches/${a.breach_id}/warning`, fields: (d) => [["on", "date", today(d.timezone)]] },
  provisional_interruption: { path: (a) => `/breaches/${a.breach_id}/provisional-interruption`, fields: (d) => [["start", "date", today(d.timezone)]] },
  referral: { path: (a) => `/breaches/${a.breach_id}/referral`, fields: (d, a) => [["kind", `select:${a.kinds.join(",")}`, a.kinds[0]], ["on", "date", today(d.timezone)]] },
  clear: { path: (a) => `/breaches/${a.breach_id}/clear`, fields: (d) => [["note", "text", ""]] },
  // Issue 15 item 4: the supervisor's decision on a breach; a change keeps the earlier one.
  adjudicate: { path: (a) => `/breaches/${a.breach_id}/adjudication`, fields: (d, a) => [
    ["outcome", "select:counted,reasonable_excuse,authorised_absence", a.outcome === "counted" || !a.outcome ? "reasonable_excuse" : "counted"],
    ["reason", "text", ""], ["minutes", "optnumber", ""]] },
  prosecutor_decision: { path: (a) => `/breaches/${a.breach_id}/prosecutor-decision`, fields: (d) => [["decided_at", "instant", nowLocal()],
    ["bring_to_court", "check", true], ["court", "text", ""]] },
  court_decision: { path: (a) => `/breaches/${a.breach_id}/court-decision`, fields: (d) => [["decided_at", "instant", nowLocal()],
    ["convert", "check", true], ["court", "text", ""], ["in_absence", "check", false], ["convict_heard", "check", true],
    ["convict_representative", "text", ""], ["khl_representative", "text", ""]] },
  // Travel ban (PKL 2): the police's, the prosecutor's and the court's steps.
  court_referral: { path: "/court-referral", fields: () => [["at", "instant", nowLocal()], ["court", "text", ""]] },
  ban_court_decision: { path: "/court-decision", fields: () => [["at", "instant", nowLocal()], ["confirmed", "check", true],
    ["suspect_heard", "select:in_person,opportunity_given", "in_person"], ["court", "text", ""]] },
  charges: { path: "/charges", fields: () => [["at", "instant", nowLocal()]] },
  extension_request: { path: "/extension-request", fields: () => [["at", "instant", nowLocal()]] },
  extension: { path: "/extension", fields: () => [["at", "instant", nowLocal()], ["until", "instant", ""], ["court", "text", ""]] },
  revocation: { path: "/revocation", fields: () => [["at", "instant", nowLocal()], ["reason", "text", ""]] },
  violation: { path: "/violations", fields: () => [["category", "select:movement,refusal,device,ignored_warning,flight_or_crime", "movement"],
    ["occurred_at", "instant", nowLocal()], ["minor", "check", true], ["response", "select:warning,arrest,remand,immediate_enforcement", "warning"],
    ["decided_by", "text", ""], ["description", "text", ""]] },
  passport: { method: "PUT", path: "/passport", fields: (d) => [["status", "select:none_held,surrendered,refused", "surrendered"], ["on", "date", today(d.timezone)]] },
  lapse: { path: "/lapse", fields: () => [] },
  // PKL 2:15: the main hearing; on cancelling or postponing it the court decides on the ban.
  main_hearing: { path: "/main-hearing", fields: () => [["at", "instant", nowLocal()], ["hearing_at", "instant", ""], ["court", "text", ""]] },
  main_hearing_change: { path: "/main-hearing/change", fields: () => [["at", "instant", nowLocal()],
    ["change", "select:postponed,cancelled", "postponed"], ["new_hearing_at", "instant", ""], ["ban_continues", "check", true], ["court", "text", ""]] },
  // PKL 2:17: a complaint against the court's decision, no time limit; decided urgently.
  complaint: { path: "/complaints", extra: (a) => ({ decision_id: a.decision_id }), fields: () => [["at", "instant", nowLocal()],
    ["complainant", "select:suspect,counsel", "suspect"], ["grounds", "text", ""]] },
  complaint_decision: { path: (a) => `/complaints/${a.complaint_id}/decision`, fields: () => [["at", "instant", nowLocal()],
    ["outcome", "select:rejected,ban_revoked,ban_changed,withdrawn", "rejected"], ["court", "text", ""], ["reasoning", "text", ""]] },
  complete: { path: "/complete", fields: (d, a) => [["on", "date", a.release_date || today(d.timezone)]] },
};

function renderActions(detail) {
  const box = $("#actions");
  box.replaceChildren();
  const live = $("#live-link");
  live.hidden = !(state.may && state.may.has("location:read"));
  live.href = `/#subject/${detail.subject_id}`;
  live.textContent = at("live");
  live.onclick = () => sessionStorage.setItem("valvo.returnTo", `/cases#case/${detail.id}`);
  $("#actions-title").textContent = at("next_steps");
  const actions = (detail.actions || []).filter((a) => a.action !== "plan");
  if (!actions.length) { box.append(el("p", at("no_steps"), "muted")); return; }
  for (const action of actions) {
    const step = STEPS[action.action];
    if (!step) continue;
    const item = el("div", undefined, "step");
    const button = el("button", at(`a_${action.action}`) + breachNote(detail, action));
    button.type = "button";
    button.dataset.action = action.action;
    const form = stepForm(detail, action, step);
    form.hidden = true;
    button.addEventListener("click", () => { form.hidden = !form.hidden; if (!form.hidden) form.querySelector("input,select")?.focus(); });
    item.append(button, form);
    box.append(item);
  }
}

function breachNote(detail, action) {
  if (action.action === "complete" && action.release_date) return ` (${at("release_on")} ${when(action.release_date)})`;
  if (action.decision_id) return ` — ${at("complaint_against")} ${when(action.decided_at)}`;
  if (action.hearing_at) return ` — ${at("hearing_on")} ${when(action.hearing_at)}`;
  if (action.complaint_id) return ` — ${at("complaint_filed_on")} ${when(action.filed_at)}`;
  if (action.petition_id) return ` — ${at("petition_filed_on")} ${when(action.filed_at)}`;
  if (!action.breach_id) return "";
  const breach = (detail.breaches || []).find((b) => b.id === action.breach_id);
  return breach ? ` — ${at("breach_of")} ${when(breach.occurred_at)}` : "";
}

function stepForm(detail, action, step) {
  const form = el("form", undefined, "step-form");
  form.setAttribute("aria-label", at(`a_${action.action}`));
  const inputs = [];
  for (const [name, type, value] of step.fields(detail, action)) {
    const label = el("label");
    const own = `f_${action.action}.${name}`; // a step's own caption for a shared field name
    const caption = el("span", at(own) !== own ? at(own) : at(`f_${name}`));
    let input;
    if (type.startsWith("select:")) {
      input = el("select");
      for (const option of type.slice(7).split(",")) input.append(new Option(at(`o_${option}`), option));
      input.value = value;
    } else if (type === "device") {
      input = el("select");
      devicesInto(input, detail);
    } else {
      input = el("input");
      input.type = { date: "date", datetime: "datetime-local", instant: "datetime-local", number: "number", optnumber: "number", check: "checkbox" }[type] || "text";
      if (type === "optnumber") input.min = "0";
      if (type === "check") input.checked = Boolean(value); else input.value = value ?? "";
    }
    input.name = name;
    if (type === "check") label.append(input, " ", caption); else label.append(caption, input);
    inputs.push([name, type, input]);
    form.append(label);
  }
  const save = el("button", at("save")); save.type = "submit";
  const result = el("span", "", "step-result"); result.setAttribute("role", "alert");
  form.append(save, result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { ...(typeof step.extra === "function" ? step.extra(action) : step.extra || {}) };
    for (const [name, type, input] of inputs) {
      if (type === "check") body[name] = input.checked;
      else if (type === "number") body[name] = Number(input.value);
      else if (type === "optnumber") body[name] = input.value === "" ? null : Number(input.value);
      else if (type === "instant") body[name] = instant(input.value);
      else if (type === "device") body[name] = input.value ? [input.value] : [];
      else body[name] = input.value === "" ? null : input.value;
    }
    if (step.omitEmpty) for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
    if (action.action === "clear" || action.action === "interrupt") body[action.action === "clear" ? "note" : "cause"] ??= "";
    const path = typeof step.path === "function" ? step.path(action) : step.path;
    save.disabled = true;
    $("#actions-result").textContent = "";
    result.textContent = "";
    try {
      const detail2 = await send(step.method || "POST", `/api/cases/${state.caseId}${path}`, body);
      renderCase(detail2);
      $("#actions-result").textContent = at("saved");
    } catch (error) {
      result.textContent = `${at("refused")} ${refusal(error.message)}`;
    } finally { save.disabled = false; }
  });
  return form;
}

async function devicesInto(select, detail) {
  try {
    const [devices, assigned] = await Promise.all([json("/api/devices"), json("/api/assignments")]);
    const taken = new Map(assigned.filter((a) => !a.unassigned_at).map((a) => [a.device_id, a.subject_id]));
    for (const d of devices) {
      const owner = taken.get(d.id);
      if (owner && owner !== detail.subject_id) continue;
      select.append(new Option(`${d.identifier} (${d.model || d.kind})`, d.id));
    }
  } catch (error) { select.append(new Option(refusal(error.message), "")); }
}

// The documents the case has the content for (the API's list), each in Finnish and English;
// a refusal is shown beside them, never in a browser alert.
function renderCaseDocuments(detail) {
  const list = $("#documents");
  list.replaceChildren();
  const docs = detail.type === "monitoring_sentence" ? (detail.documents || []) : [{ kind: "travel_ban_decision" }];
  for (const doc of docs) {
    if (doc.kind === "intoxication_observation") continue; // listed with its observation
    const breach = doc.breach_id && (detail.breaches || []).find((b) => b.id === doc.breach_id);
    const li = el("li", `${t(`doc_${doc.kind}`)}${breach ? ` (${when(breach.occurred_at)})` : ""}: `);
    for (const lang of ["fi", "en"]) {
      const button = el("button", t(lang));
      button.type = "button";
      button.addEventListener("click", () => openDocument(doc.kind, lang, doc.breach_id ? `&breach_id=${doc.breach_id}` : ""));
      li.append(button, " ");
    }
    list.append(li);
  }
}

// What happened on the sentence, in words: breaches with where they stand, visits, tests with
// the laboratory's answer, interruptions (the §10-§22 records are listed by cases.js).
// §16: who the court heard before deciding on the breach, and whether in the convict's absence.
function courtHearing(detail, breach) {
  const decision = (detail.decisions || []).find((d) => d.breach_id === breach.id && d.kind.startsWith("court_"));
  if (!decision) return "";
  const x = decision.details || {};
  const heard = [x.convict_heard ? at("r_convict") : null, x.convict_representative, x.khl_representative].filter(Boolean);
  const parts = heard.length ? [`${at("r_court_heard")}: ${heard.join(", ")}`] : [];
  if (decision.in_absence) parts.push(at("r_in_absence"));
  return parts.length ? `; ${parts.join("; ")}` : "";
}

// Issue 15 item 4: a breach's time and the supervisor's decision in force, with the earlier
// ones (a change never hides what was decided before).
function duration(minutes) {
  if (minutes === null || minutes === undefined) return "";
  const h = Math.floor(minutes / 60), m = minutes % 60;
  const nb = "\u00a0"; // a duration never breaks across lines
  return h ? `${h}${nb}${at("h_word")}${m ? `${nb}${m}${nb}${at("min_word")}` : ""}` : `${m}${nb}${at("min_word")}`;
}

function adjudicated(breach) {
  if (breach.response === "cleared") return "";
  const parts = [];
  if (breach.minutes !== null && breach.minutes !== undefined) parts.push(duration(breach.minutes));
  const current = breach.adjudication;
  if (!current) parts.push(at("adj_pending"));
  else {
    let text = `${at(`adj_${current.outcome}`)}${current.reason ? ` (${current.reason})` : ""}, ${at("adj_by")} ${current.decided_by} ${when(current.decided_at)}`;
    const earlier = (breach.adjudications || []).slice(0, -1);
    if (earlier.length) text += `; ${at("adj_was")}: ${earlier.map((d) => `${at(`adj_${d.outcome}`)} ${when(d.decided_at)}`).join(", ")}`;
    parts.push(text);
  }
  return ` — ${parts.join(" · ")}`;
}

// A visit with its kind (a key-fob visit the home unit reported, a covert presence check),
// who made it and whether the person was there.
function visitLine(v) {
  const who = v.visitor_name ? `, ${at("v_by")} ${v.visitor_name}` : "";
  const left = v.departed_at ? `, ${at("v_left")} ${when(v.departed_at)}` : "";
  const there = v.present === false ? ` — ${at("r_absent")}` : v.present === true ? ` — ${at("r_present")}` : "";
  return `${when(v.visited_at)} ${at(`v_${v.kind}`)}${who}${left}${there}`;
}

function renderViolationTotals(detail) {
  const box = $("#violation-box");
  const totals = (detail.computed || {}).violation_totals;
  box.hidden = detail.type !== "monitoring_sentence" || !totals;
  if (box.hidden) return;
  $("#violation-title").textContent = at("tot_title");
  const fill = (key, values) => Object.entries(values).reduce((text, [k, v]) => text.replace(`{${k}}`, v), at(key));
  const list = $("#violation-totals");
  list.replaceChildren();
  if (!totals.violations) { list.append(el("li", at("tot_none"), "muted")); return; }
  list.append(el("li", fill("tot_summary", totals)));
  list.append(el("li", fill("tot_time", { all: duration(totals.minutes), counted: duration(totals.counted_minutes) })));
  for (const [key, reach, left] of [["tot_warning", totals.warning_at, totals.to_warning], ["tot_referral", totals.referral_at, totals.to_referral]]) {
    const state = left ? fill("tot_to_go", { n: left }) : at("tot_reached");
    const item = el("li", `${at(key)}, ${fill("tot_at", { at: reach })}: ${state}`);
    if (!left) item.classList.add("late");
    list.append(item);
  }
}

// The caseload row's totals (a monitoring sentence's; a travel ban has none).
function caseloadTotals(row) {
  const totals = row.violation_totals;
  if (!totals || !totals.violations) return "";
  const fill = (key, values) => Object.entries(values).reduce((text, [k, v]) => text.replace(`{${k}}`, v), at(key));
  const next = totals.to_referral ? fill("cl_to_referral", { n: totals.to_referral }) : at("cl_referral_reached");
  return `${fill("cl_row", totals)} · ${duration(totals.counted_minutes)} · ${next}`;
}

function renderCaseRecords(detail) {
  renderViolationTotals(detail);
  const box = $("#records");
  const heading = box.previousElementSibling;
  heading.hidden = detail.type !== "monitoring_sentence";
  if (detail.type !== "monitoring_sentence") return;
  const lists = [
    ["r_breaches", detail.breaches || [], (b) => `${when(b.occurred_at)} — ${b.description || at("r_no_description")}: ${at(`b_${b.status}`)}${b.heard_on ? `; ${at("f_heard_on").toLowerCase()} ${when(b.heard_on)}` : ""}${courtHearing(detail, b)}${adjudicated(b)}`],
    ["r_visits", (detail.visits || []).filter((v) => v.visited_at), visitLine],
    ["r_tests", detail.substance_tests || [], (x) => `${when(x.taken_at)} ${at(`o_${x.kind}`)}: ${at(`o_${x.result}`)}${x.lab_result ? `; ${at("r_lab")} ${at(`o_${x.lab_result}`).toLowerCase()}${x.substance ? ` (${x.substance})` : ""}${x.entitled_medicine && x.lab_result === "positive" ? `, ${at("r_entitled")}` : ""}` : x.lab_requested_at ? `; ${at("r_lab_waiting")}` : ""}`],
    ["r_interruptions", detail.interruptions || [], (i) => `${when(i.start)} – ${i.end ? when(i.end) : at("r_open")}: ${at(`i_${i.reason}`)}`],
  ];
  const packages = state.may && state.may.has("evidence:build");
  for (const [key, rows, line] of lists) {
    if (!rows.length) continue;
    const ul = el("ul", "", "plain");
    for (const row of rows) {
      const li = el("li", line(row));
      if (key === "r_breaches" && packages) li.append(" ", breachPackageButton(row));
      ul.append(li);
    }
    box.append(el("h4", at(key)));
    if (key === "r_breaches" && packages) box.append(breachSignatoryRow());
    box.append(ul);
  }
}

// A breach's evidence package (its alarm's, else an hour either side of it): the signatory is
// asked once, as on the alarm; the server records the read in the audit trail.
const BREACH_SIGNATORY_KEY = "valvo.evidence.signatory";

function breachSignatoryRow() {
  const row = el("p", undefined, "breach-evidence");
  const label = el("label", at("bp_signatory"));
  const input = el("input");
  input.id = "breach-signatory";
  input.maxLength = 200;
  input.autocomplete = "name";
  input.value = localStorage.getItem(BREACH_SIGNATORY_KEY) || "";
  label.htmlFor = input.id;
  const status = el("span", "", "breach-evidence-status");
  status.id = "breach-evidence-status";
  status.setAttribute("role", "status");
  row.append(label, " ", input, " ", status);
  return row;
}

function breachPackageButton(breach) {
  const button = el("button", at("bp_download"));
  button.type = "button";
  button.addEventListener("click", () => downloadBreachPackage(breach.id, button));
  return button;
}

async function downloadBreachPackage(breachId, button) {
  const status = $("#breach-evidence-status");
  const signatory = $("#breach-signatory").value.trim();
  status.classList.remove("error");
  if (!signatory) {
    status.textContent = at("bp_need_signatory");
    status.classList.add("error");
    $("#breach-signatory").focus();
    return;
  }
  localStorage.setItem(BREACH_SIGNATORY_KEY, signatory);
  status.textContent = at("bp_building");
  button.disabled = true;
  try {
    const response = await ValvoSession.authFetch("/api/evidence/packages", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ breach_id: breachId, signatory }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error((Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail) || response.statusText);
    }
    const found = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    const name = found ? found[1] : "evidence.zip";
    const link = el("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = name;
    document.body.append(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    const key = response.headers.get("X-Valvo-Key-Fingerprint") || "";
    status.textContent = `${at("bp_ready")}: ${name} · ${at("bp_signed")} ${key.slice(0, 23)}…`;
  } catch (e) {
    status.textContent = e.message;
    status.classList.add("error");
  } finally {
    button.disabled = false;
  }
}
