// The travel ban's law on the cases page (PKL 2:6, 2:8, 2:12, 2:13, 2:16): deciding a ban
// with the prosecutor's prior notification, the court's hearing of the suspect, the person's
// petitions for review and change, the change of a ban with its dates, and a convicted
// person's ban. Uses cases.js ($, el, state, when, post, openCase) and case-actions.js
// (ACTION_TEXT, STEPS, at, refusal, nowLocal, instant). Every name here starts "banLaw" or
// "BAN_LAW" so that no other script of the page declares it.
"use strict";

const BAN_LAW_TEXT = {
  en: {
    new_ban: "Decide a travel ban", nb_title: "A travel ban",
    nb_locality: "Locality obligation: at home at set times every day (PKL 2:3)",
    nb_locality_start: "At home from", nb_locality_end: "Until",
    nb_locality_justification: "Why the times fall outside {night} (work, study or a comparable reason)",
    nb_home_lat: "Dwelling: latitude", nb_home_lon: "Dwelling: longitude", nb_home_radius_m: "Dwelling: radius (m)",
    nb_court: "Court it is brought to",
    lw_ok: "{h} a day without a break, inside {night}.", lw_short: "{h} a day: the law asks for at least {min} h without a break.",
    lw_long: "{h} a day: the law allows at most {max} h without a break.",
    lw_justified: "{h} a day without a break; outside {night} for the reason given.",
    lw_outside: "Outside {night}: allowed only for work, study or a comparable reason — give it.",
    lw_provisional: "Decided provisionally: to the court by {referral}, taken up by the court by {hearing}; without charges the ban lapses {charges}.",
    lw_court: "Decided by the court; without charges the ban lapses {charges}.",
    bl_locality: "Locality obligation", bl_reason: "reason", bl_provisional: "Provisional until the court decides",
    bl_court_decided: "Court's decision on the provisional ban", bl_confirmed: "confirmed", bl_refused: "refused: the ban ended",
    bl_ext_requested: "Extension requested", bl_ext_heard: "Person on the extension", bl_ext_extended: "Extended until",
    bl_ext_refused: "Extension refused", bl_ext_waiting: "awaiting the court's hearing and decision",
    nb_subject_name: "Person", nb_region: "Region", nb_birth_date: "Date of birth",
    nb_offence: "Offence", nb_max_penalty_months: "Maximum penalty (months)", nb_ground: "Risk",
    nb_probable_cause: "Suspected on probable grounds", nb_instead: "Instead of arrest or remand",
    nb_area: "Area not to be left", nb_lat: "Area centre: latitude", nb_lon: "Area centre: longitude",
    nb_radius_km: "Area radius (km)", nb_stage: "Where the case stands",
    nb_prosecutor_notified_at: "Prosecutor notified at", nb_prosecutor_took_over: "The prosecutor took the decision over",
    nb_prosecutor_demanded: "On the prosecutor's demand", nb_sentence_kind: "Sentence (at the judgment)",
    nb_decided_at: "Decided at", nb_heard_in_person_at: "Suspect heard in person at",
    nb_copy_delivery: "Copy of the decision", nb_device_identifier: "Device", nb_passport_status: "Passport",
    nb_save: "Decide the ban", no_sentence: "—",
    st_investigation: "Pre-trial investigation (police)", st_with_prosecutor: "With the prosecutor",
    st_charged: "Charges brought (court, on the prosecutor's demand)", st_judgment: "Judgment (court)",
    g_flight_or_evasion: "Flight or evasion", g_continued_crime: "Continued crime",
    cd_in_person: "Given in person", cd_post: "Sent by post",
    bl_stage: "Stage of the case", bl_notified: "Prosecutor notified", bl_took_over: "the prosecutor took the decision over",
    bl_demanded: "On the prosecutor's demand", bl_yes: "yes", bl_heard: "Suspect heard in person", bl_court_heard: "The court heard the suspect",
    bl_judgment: "Judgment", bl_until_enforcement: "the ban stays until enforcement begins (PKL 2:16)",
    bl_credit: "Ban time credited", bl_credit_off: "no (RL 6:13)", bl_credit_on: "yes, day for day (RL 6:13 amended)",
    bl_petition: "Petition", bl_petitions: "Petitions of the person under the ban", bl_awaiting: "awaiting the decision of the", bl_official_heard: "official heard",
    pk_review: "for the court's review (PKL 2:13)", pk_change: "for a change (PKL 2:12)",
    body_police: "police", body_prosecutor: "prosecutor", body_court: "court",
  },
  fi: {
    new_ban: "Päätä matkustuskiellosta", nb_title: "Matkustuskielto",
    nb_locality: "Paikallaolovelvoite: kotona määrättyinä aikoina joka päivä (PKL 2:3)",
    nb_locality_start: "Kotona alkaen", nb_locality_end: "Asti",
    nb_locality_justification: "Miksi ajat ovat kello {night} ulkopuolella (työ, opiskelu tai muu vastaava syy)",
    nb_home_lat: "Asunto: leveysaste", nb_home_lon: "Asunto: pituusaste", nb_home_radius_m: "Asunto: säde (m)",
    nb_court: "Tuomioistuin, jonka käsiteltäväksi saatetaan",
    lw_ok: "{h} vuorokaudessa yhdenjaksoisesti, kello {night} välillä.", lw_short: "{h} vuorokaudessa: laki edellyttää vähintään {min} tuntia yhdenjaksoisesti.",
    lw_long: "{h} vuorokaudessa: laki sallii enintään {max} tuntia yhdenjaksoisesti.",
    lw_justified: "{h} vuorokaudessa yhdenjaksoisesti; kello {night} ulkopuolella kirjatusta syystä.",
    lw_outside: "Kello {night} ulkopuolella: sallittu vain työn, opiskelun tai muun vastaavan syyn vuoksi — kirjaa syy.",
    lw_provisional: "Väliaikainen päätös: tuomioistuimeen viimeistään {referral}, käsittelyyn viimeistään {hearing}; ilman syytettä kielto raukeaa {charges}.",
    lw_court: "Tuomioistuimen päätös; ilman syytettä kielto raukeaa {charges}.",
    bl_locality: "Paikallaolovelvoite", bl_reason: "syy", bl_provisional: "Väliaikainen, kunnes tuomioistuin päättää",
    bl_court_decided: "Tuomioistuimen päätös väliaikaisesta kiellosta", bl_confirmed: "vahvistettu", bl_refused: "hylätty: kielto päättyi",
    bl_ext_requested: "Jatkoa pyydetty", bl_ext_heard: "Kuuleminen jatkosta", bl_ext_extended: "Jatkettu asti",
    bl_ext_refused: "Jatko evätty", bl_ext_waiting: "odottaa tuomioistuimen kuulemista ja päätöstä",
    nb_subject_name: "Henkilö", nb_region: "Alue", nb_birth_date: "Syntymäaika",
    nb_offence: "Rikos", nb_max_penalty_months: "Enimmäisrangaistus (kuukautta)", nb_ground: "Vaara",
    nb_probable_cause: "Todennäköisin syin epäilty", nb_instead: "Pidättämisen tai vangitsemisen sijaan",
    nb_area: "Alue, jolta ei saa poistua", nb_lat: "Alueen keskipiste: leveysaste", nb_lon: "Alueen keskipiste: pituusaste",
    nb_radius_km: "Alueen säde (km)", nb_stage: "Asian vaihe",
    nb_prosecutor_notified_at: "Syyttäjälle ilmoitettu", nb_prosecutor_took_over: "Syyttäjä otti päätöksen itselleen",
    nb_prosecutor_demanded: "Syyttäjän vaatimuksesta", nb_sentence_kind: "Rangaistus (tuomiossa)",
    nb_decided_at: "Päätetty", nb_heard_in_person_at: "Epäilty kuultu henkilökohtaisesti",
    nb_copy_delivery: "Päätöksen jäljennös", nb_device_identifier: "Valvontaväline", nb_passport_status: "Passi",
    nb_save: "Päätä kielto", no_sentence: "—",
    st_investigation: "Esitutkinta (poliisi)", st_with_prosecutor: "Syyttäjällä",
    st_charged: "Syyte nostettu (tuomioistuin syyttäjän vaatimuksesta)", st_judgment: "Tuomio (tuomioistuin)",
    g_flight_or_evasion: "Pakeneminen tai välttely", g_continued_crime: "Rikollisen toiminnan jatkaminen",
    cd_in_person: "Annettu henkilökohtaisesti", cd_post: "Lähetetty postitse",
    bl_stage: "Asian vaihe", bl_notified: "Syyttäjälle ilmoitettu", bl_took_over: "syyttäjä otti päätöksen itselleen",
    bl_demanded: "Syyttäjän vaatimuksesta", bl_yes: "kyllä", bl_heard: "Epäilty kuultu henkilökohtaisesti", bl_court_heard: "Tuomioistuin kuuli epäiltyä",
    bl_judgment: "Tuomio", bl_until_enforcement: "kielto on voimassa täytäntöönpanon alkuun (PKL 2:16)",
    bl_credit: "Kieltoajan vähennys", bl_credit_off: "ei (RL 6:13)", bl_credit_on: "kyllä, päivä päivästä (RL 6:13 muutettu)",
    bl_petition: "Pyyntö", bl_petitions: "Kieltoon määrätyn pyynnöt", bl_awaiting: "odottaa päätöstä:", bl_official_heard: "virkamiestä kuultu",
    pk_review: "tuomioistuimen tutkittavaksi (PKL 2:13)", pk_change: "kiellon muuttamiseksi (PKL 2:12)",
    body_police: "poliisi", body_prosecutor: "syyttäjä", body_court: "tuomioistuin",
  },
};

const banLawT = (key) => (BAN_LAW_TEXT[state.lang] || BAN_LAW_TEXT.en)[key] ?? BAN_LAW_TEXT.en[key] ?? key;

// The steps' words for case-actions.js, in both languages.
Object.assign(ACTION_TEXT.en, {
  a_ban_change: "Change the ban (PKL 2:12)", a_petition_review: "Record a petition for the court's review (PKL 2:13)",
  a_petition_change: "Record a petition to change the ban (PKL 2:12)",
  a_petition_review_decision: "Decide the petition for review", a_petition_change_decision: "Decline the petition to change the ban",
  a_conviction: "Judgment: keep the ban or let it end (PKL 2:16)",
  a_conviction_end_enforcement: "Enforcement of the prison sentence began: the ban ends",
  a_conviction_end_order: "A higher court ordered the ban to end",
  petition_filed_on: "filed",
  f_suspect_heard: "The suspect was", o_in_person: "Heard in person", o_opportunity_given: "Given the opportunity to be heard",
  f_reason_kind: "Why", o_changed_circumstances: "Circumstances changed", o_other_important_reason: "Another important reason",
  f_demanded_by_suspect: "Demanded by the person", f_heard_at: "Person heard at", f_obligation_details: "New times and places of the obligations",
  f_term_ends_at: "New end of the term", f_indefinite: "Indefinite from now", f_effective_from: "Takes effect at",
  "f_petition_review.grounds": "What the person asks", "f_petition_change.grounds": "What the person asks",
  f_official_heard: "The official entitled to arrest was heard", f_details: "What is lifted, or why",
  o_revoked: "Lifted: the ban ends", o_partly_revoked: "Lifted in part",
  f_sentence: "Sentence", f_continues: "The ban stays in force",
  o_unconditional_prison: "Unconditional prison", o_conditional_prison: "Conditional prison",
  o_monitoring_sentence: "Monitoring sentence", o_community_service: "Community service", o_fine: "Fine", o_acquitted: "Acquitted",
});
Object.assign(ACTION_TEXT.fi, {
  a_ban_change: "Muuta kieltoa (PKL 2:12)", a_petition_review: "Kirjaa pyyntö tuomioistuimen tutkittavaksi (PKL 2:13)",
  a_petition_change: "Kirjaa vaatimus kiellon muuttamisesta (PKL 2:12)",
  a_petition_review_decision: "Ratkaise tutkittavaksi saattaminen", a_petition_change_decision: "Hylkää muutosvaatimus",
  a_conviction: "Tuomio: kielto voimaan tai päättyy (PKL 2:16)",
  a_conviction_end_enforcement: "Vankeusrangaistuksen täytäntöönpano alkoi: kielto päättyy",
  a_conviction_end_order: "Ylempi tuomioistuin määräsi kiellon päättymään",
  petition_filed_on: "tehty",
  f_suspect_heard: "Epäilty", o_in_person: "Kuultu henkilökohtaisesti", o_opportunity_given: "Varattu tilaisuus tulla kuulluksi",
  f_reason_kind: "Peruste", o_changed_circumstances: "Olosuhteet muuttuneet", o_other_important_reason: "Muu tärkeä syy",
  f_demanded_by_suspect: "Kieltoon määrätyn vaatimuksesta", f_heard_at: "Kieltoon määrättyä kuultu", f_obligation_details: "Velvollisuuksien uudet ajat ja paikat",
  f_term_ends_at: "Määräajan uusi päättyminen", f_indefinite: "Toistaiseksi tästä lähtien", f_effective_from: "Tulee voimaan",
  "f_petition_review.grounds": "Mitä kieltoon määrätty pyytää", "f_petition_change.grounds": "Mitä kieltoon määrätty pyytää",
  f_official_heard: "Pidättämiseen oikeutettua virkamiestä kuultu", f_details: "Mikä kumotaan tai miksi",
  o_revoked: "Kumottu: kielto päättyy", o_partly_revoked: "Kumottu osittain",
  f_sentence: "Rangaistus", f_continues: "Kielto pysyy voimassa",
  o_unconditional_prison: "Ehdoton vankeus", o_conditional_prison: "Ehdollinen vankeus",
  o_monitoring_sentence: "Valvontarangaistus", o_community_service: "Yhdyskuntapalvelu", o_fine: "Sakko", o_acquitted: "Vapautettu syytteestä",
});
// PKL 2:14 (R118): the official's request, the person's hearing, the court's decision.
Object.assign(ACTION_TEXT.en, {
  a_court_referral: "Refer to court (PKL 2:7)", // the 72 h referral of a provisional decision
  a_extension_request: "Request the court to extend the ban (PKL 2:14)",
  a_extension_hearing: "Hear the person on the extension (PKL 2:14)",
  a_extension: "Decide the extension (PKL 2:14)",
  f_hearing: "The person", o_heard: "Was heard", o_opportunity_not_used: "Was given the opportunity and did not use it",
  f_granted: "Extended (untick to refuse)", "f_extension.until": "Extended until",
});
Object.assign(ACTION_TEXT.fi, {
  a_court_referral: "Saata tuomioistuimeen (PKL 2:7)",
  a_extension_request: "Pyydä tuomioistuinta pidentämään kieltoa (PKL 2:14)",
  a_extension_hearing: "Kuule kieltoon määrättyä jatkosta (PKL 2:14)",
  a_extension: "Päätä jatkosta (PKL 2:14)",
  f_hearing: "Kieltoon määrätty", o_heard: "Kuultiin", o_opportunity_not_used: "Sai tilaisuuden tulla kuulluksi eikä käyttänyt sitä",
  f_granted: "Jatketaan (poista valinta, jos evätään)", "f_extension.until": "Jatketaan asti",
});
Object.assign(ACTION_TEXT.en.e, {
  extension_hearing_missing: "Before deciding, the court gives the person the opportunity to be heard: record the hearing first.",
  extension_heard_after_decision: "The person is heard before the court decides the extension, not after.",
  extension_heard_before_request: "The person is heard on the request after it was made.",
  extension_hearing_recorded: "The hearing on the extension is already recorded.",
  extension_request_late: "The extension is requested within 60 days of the decision; that time has passed.",
  extension_not_later: "An extension ends after the 60 days.",
  extension_decided: "The court has already decided the request.",
  no_extension_request: "The court decides an extension only on the official's request.",
  until_missing: "Say until when the ban is extended.", until_refused: "A refused extension has no end date: clear it.",
  ban_not_in_force: "The ban is no longer in force.",
  locality_window_too_long: "The locality obligation is longer a day than the law allows (see the check under the times).",
  locality_window_too_short: "The locality obligation is shorter a day than the law requires (see the check under the times).",
  locality_window_outside_night_unjustified: "The times fall outside the night hours: give the reason (work, study or comparable).",
  home_missing: "A locality obligation needs the dwelling's place.",
  court_missing: "Name the court.",
  court_decides_finally: "The court decides a locality obligation itself, not provisionally.",
  locality_needs_court: "Only a court imposes a locality obligation; the police or the prosecutor decide it provisionally.",
});
Object.assign(ACTION_TEXT.fi.e, {
  extension_hearing_missing: "Ennen päätöstä tuomioistuin varaa kieltoon määrätylle tilaisuuden tulla kuulluksi: kirjaa kuuleminen ensin.",
  extension_heard_after_decision: "Kieltoon määrättyä kuullaan ennen jatkopäätöstä, ei sen jälkeen.",
  extension_heard_before_request: "Kieltoon määrättyä kuullaan pyynnöstä sen jälkeen, kun se on tehty.",
  extension_hearing_recorded: "Kuuleminen jatkosta on jo kirjattu.",
  extension_request_late: "Jatkoa pyydetään 60 vuorokauden kuluessa päätöksestä; aika on kulunut.",
  extension_not_later: "Jatko päättyy 60 vuorokauden jälkeen.",
  extension_decided: "Tuomioistuin on jo päättänyt pyynnöstä.",
  no_extension_request: "Tuomioistuin pidentää kieltoa vain virkamiehen pyynnöstä.",
  until_missing: "Kerro, mihin asti kieltoa jatketaan.", until_refused: "Evätyllä jatkolla ei ole päättymisaikaa: tyhjennä se.",
  ban_not_in_force: "Kielto ei ole enää voimassa.",
  locality_window_too_long: "Paikallaolovelvoite on pidempi kuin laki sallii (katso tarkistus aikojen alla).",
  locality_window_too_short: "Paikallaolovelvoite on lyhyempi kuin laki edellyttää (katso tarkistus aikojen alla).",
  locality_window_outside_night_unjustified: "Ajat ovat yöajan ulkopuolella: kirjaa syy (työ, opiskelu tai muu vastaava).",
  home_missing: "Paikallaolovelvoite edellyttää asunnon sijaintia.",
  court_missing: "Nimeä tuomioistuin.",
  court_decides_finally: "Tuomioistuin päättää paikallaolovelvoitteesta itse, ei väliaikaisesti.",
  locality_needs_court: "Paikallaolovelvoitteen määrää vain tuomioistuin; poliisi tai syyttäjä päättää siitä väliaikaisesti.",
});
Object.assign(ACTION_TEXT.en.e, {
  prosecutor_not_notified: "The police notify the prosecutor before deciding: give the time of the notification.",
  prosecutor_notified_at: "Give the time the prosecutor was notified.",
  notified_after_decision: "The prosecutor is notified before the decision, not after it.",
  prosecutor_took_over: "The prosecutor took the decision over, so the prosecutor decides it.",
  takeover_without_notification: "The prosecutor takes a ban over once notified: give the time of the notification.",
  prosecutor_not_taken_over: "During the investigation the police decide; the prosecutor decides by taking the decision over.",
  prosecutor_decides_now: "Once the case is with the prosecutor, the prosecutor decides.",
  court_only_after_charges: "After charges only the court decides a travel ban.",
  no_prosecutor_demand: "The court decides this ban only on the prosecutor's demand.",
  conviction_ban_needs_prison: "A convicted person's ban needs a sentence of unconditional prison.",
  conviction_ban_fixed_term: "A convicted person's ban has no fixed term: it lasts until enforcement begins.",
  sentence_missing: "Choose the judgment's sentence.",
  suspect_not_heard: "Record how the court heard the suspect.",
  review_with_locality: "A person under a locality obligation cannot bring the ban to court this way.",
  review_of_court_ban: "The court's own ban is challenged by a complaint, not a petition.",
  review_after_charges: "A ban is brought to court for review only before charges.",
  petition_pending: "A petition of this kind is already waiting for its decision.",
  official_not_heard: "The court hears the official entitled to arrest before deciding.",
  partly_what: "Say which part of the ban is lifted.",
  grounds_missing: "Say what the person asks.",
  heard_at_missing: "Give the time the person was heard.",
  heard_after_decision: "The suspect is heard in person before the ban is decided, not after.",
  hearing_missing: "Give the time the suspect was heard in person.",
});
Object.assign(ACTION_TEXT.fi.e, {
  prosecutor_not_notified: "Poliisi ilmoittaa syyttäjälle ennen päätöstä: anna ilmoituksen aika.",
  prosecutor_notified_at: "Anna aika, jolloin syyttäjälle ilmoitettiin.",
  notified_after_decision: "Syyttäjälle ilmoitetaan ennen päätöstä, ei sen jälkeen.",
  prosecutor_took_over: "Syyttäjä otti päätöksen itselleen, joten syyttäjä päättää.",
  takeover_without_notification: "Syyttäjä voi ottaa päätöksen itselleen vasta ilmoituksen jälkeen: anna ilmoituksen aika.",
  prosecutor_not_taken_over: "Esitutkinnan aikana päättää poliisi; syyttäjä päättää ottamalla päätöksen itselleen.",
  prosecutor_decides_now: "Kun asia on siirretty syyttäjälle, syyttäjä päättää.",
  court_only_after_charges: "Syytteen nostamisen jälkeen matkustuskiellosta päättää vain tuomioistuin.",
  no_prosecutor_demand: "Tuomioistuin päättää tästä kiellosta vain syyttäjän vaatimuksesta.",
  conviction_ban_needs_prison: "Tuomitun matkustuskielto edellyttää ehdotonta vankeusrangaistusta.",
  conviction_ban_fixed_term: "Tuomitun kielto ei ole määräaikainen: se on voimassa täytäntöönpanon alkuun.",
  sentence_missing: "Valitse tuomittu rangaistus.",
  suspect_not_heard: "Kirjaa, miten tuomioistuin kuuli epäiltyä.",
  review_with_locality: "Paikallaolovelvoitteeseen määrätty ei voi saattaa kieltoa tuomioistuimeen tällä tavoin.",
  review_of_court_ban: "Tuomioistuimen omaan kieltoon haetaan muutosta kantelulla, ei pyynnöllä.",
  review_after_charges: "Kiellon voi saattaa tuomioistuimen tutkittavaksi vain ennen syytettä.",
  petition_pending: "Samanlainen pyyntö odottaa jo päätöstä.",
  official_not_heard: "Tuomioistuin kuulee pidättämiseen oikeutettua virkamiestä ennen päätöstä.",
  partly_what: "Kerro, mikä osa kiellosta kumotaan.",
  grounds_missing: "Kerro, mitä kieltoon määrätty pyytää.",
  heard_at_missing: "Anna aika, jolloin kieltoon määrättyä kuultiin.",
  heard_after_decision: "Epäiltyä kuullaan henkilökohtaisesti ennen kiellon päättämistä, ei sen jälkeen.",
  hearing_missing: "Anna aika, jolloin epäiltyä kuultiin henkilökohtaisesti.",
});

const BAN_LAW_SENTENCES = "unconditional_prison,conditional_prison,monitoring_sentence,community_service,fine,acquitted";

Object.assign(STEPS, {
  // PKL 2:14 (R118): the court hears the person on the official's request, then decides it.
  extension_hearing: { path: "/extension-hearing", fields: (d) => [["at", "instant", nowLocal()],
    ["hearing", "select:heard,opportunity_not_used", "heard"], ["court", "text", (d.travel_ban || {}).court || ""]] },
  extension: { path: "/extension", fields: (d) => [["at", "instant", nowLocal()], ["granted", "check", true],
    ["until", "instant", ""], ["court", "text", (d.travel_ban || {}).court || ""]] },
  // PKL 2:12: the deciding authority changes the content or the term, with its dates.
  ban_change: { path: "/changes", omitEmpty: true, fields: () => [["at", "instant", nowLocal()],
    ["reason_kind", "select:changed_circumstances,other_important_reason", "changed_circumstances"], ["reason", "text", ""],
    ["demanded_by_suspect", "check", false], ["heard_at", "instant", nowLocal()], ["obligation_details", "text", ""],
    ["term_ends_at", "instant", ""], ["indefinite", "check", false], ["effective_from", "instant", ""]] },
  // PKL 2:13.2 and 2:12: the person's petitions, recorded as they reach the body that decides.
  petition_review: { path: "/petitions", extra: { kind: "review" }, fields: () => [["at", "instant", nowLocal()], ["grounds", "text", ""]] },
  petition_change: { path: "/petitions", extra: { kind: "change" }, fields: () => [["at", "instant", nowLocal()], ["grounds", "text", ""]] },
  petition_review_decision: { path: (a) => `/petitions/${a.petition_id}/decision`, fields: () => [["at", "instant", nowLocal()],
    ["outcome", "select:revoked,partly_revoked,rejected", "rejected"], ["official_heard", "check", false], ["details", "text", ""], ["court", "text", ""]] },
  petition_change_decision: { path: (a) => `/petitions/${a.petition_id}/decision`, extra: { outcome: "declined" },
    fields: () => [["at", "instant", nowLocal()], ["details", "text", ""]] },
  // PKL 2:16: the judgment, and the end of a convicted person's ban.
  conviction: { path: "/conviction", fields: () => [["at", "instant", nowLocal()], ["sentence", `select:${BAN_LAW_SENTENCES}`, "unconditional_prison"],
    ["continues", "check", true], ["court", "text", ""]] },
  conviction_end_enforcement: { path: "/conviction/end", extra: { reason: "enforcement_started" }, fields: () => [["at", "instant", nowLocal()]] },
  conviction_end_order: { path: "/conviction/end", extra: { reason: "higher_court_order" }, fields: () => [["at", "instant", nowLocal()], ["court", "text", ""]] },
});

// The decision's record on the case page: the stage, the prosecutor's part, the court's
// hearing, the judgment, the credit rule and the petitions (called by cases.js renderCase).
function banLawFacts(detail) {
  for (const id of ["#ban-petitions", "#ban-petitions-title"]) $(id)?.remove();
  const ban = detail.travel_ban;
  if (!ban) return;
  const add = (key, value) => $("#facts").append(el("dt", banLawT(key)), el("dd", String(value)));
  add("bl_stage", banLawT(`st_${ban.decision_stage || "investigation"}`));
  if (ban.prosecutor_notified_at) {
    add("bl_notified", `${when(ban.prosecutor_notified_at)}${ban.prosecutor_took_over ? `; ${banLawT("bl_took_over")}` : ""}`);
  }
  if (ban.prosecutor_demanded) add("bl_demanded", banLawT("bl_yes"));
  if (ban.heard_in_person_at) add("bl_heard", when(ban.heard_in_person_at)); // PKL 2:8.1
  if (ban.court_hearing) add("bl_court_heard", at(`o_${ban.court_hearing}`));
  if (ban.sentence_kind) {
    add("bl_judgment", `${at(`o_${ban.sentence_kind}`)}${ban.convicted_at ? ` — ${banLawT("bl_until_enforcement")}` : ""}`);
  }
  banLawLocalityFacts(detail, add);
  const credited = (detail.computed || {}).ban_time_credited;
  if (credited !== undefined) add("bl_credit", banLawT(credited ? "bl_credit_on" : "bl_credit_off"));
  // The petitions as a list under the facts: their text is too long for the facts' column.
  const petitions = detail.petitions || [];
  if (!petitions.length) return;
  const list = el("ul", "", "plain");
  list.id = "ban-petitions";
  for (const p of petitions) {
    const answer = p.outcome
      ? `${at(`o_${p.outcome}`)}${p.official_heard ? `, ${banLawT("bl_official_heard")}` : ""}${p.court ? ` (${p.court}, ${when(p.decided_at)})` : ` (${when(p.decided_at)})`}`
      : `${banLawT("bl_awaiting")} ${banLawT(`body_${p.decides}`)}`;
    const item = el("li", `${when(p.filed_at)} ${banLawT(`pk_${p.kind}`)}: “${p.grounds}” — ${answer}`);
    if (!p.outcome) item.classList.add("late");
    list.append(item);
  }
  const heading = el("h4", banLawT("bl_petitions"));
  heading.id = "ban-petitions-title";
  $("#facts").after(heading, list);
}
// The locality obligation (PKL 2:3, 2:5, 2:7, 2:15) and the extension (PKL 2:14) on the facts.
function banLawLocalityFacts(detail, add) {
  const ban = detail.travel_ban;
  if (ban.locality_start) {
    const reason = ban.locality_justification ? `; ${banLawT("bl_reason")}: ${ban.locality_justification}` : "";
    add("bl_locality", `${ban.locality_start}–${ban.locality_end} (${banLawHours(banLawMinutes(ban.locality_start, ban.locality_end))})${reason}`);
  }
  if (detail.status === "provisional") add("bl_provisional", banLawT("bl_yes"));
  if (ban.provisional && ban.court_decided_at) {
    add("bl_court_decided", `${when(ban.court_decided_at)} — ${banLawT(detail.status === "revoked" && ban.ended_at === ban.court_decided_at ? "bl_refused" : "bl_confirmed")}`);
  }
  if (ban.extension_requested_at) {
    const open = !ban.extended_until && !ban.extension_refused_at && !ban.extension_heard_at;
    add("bl_ext_requested", `${when(ban.extension_requested_at)}${open ? ` — ${banLawT("bl_ext_waiting")}` : ""}`);
  }
  if (ban.extension_heard_at) add("bl_ext_heard", `${at(`o_${ban.extension_hearing}`)} (${when(ban.extension_heard_at)})`);
  if (ban.extended_until) add("bl_ext_extended", when(ban.extended_until));
  if (ban.extension_refused_at) add("bl_ext_refused", when(ban.extension_refused_at));
}

// Minutes from a start to an end clock time, past midnight when the end is not later.
function banLawMinutes(start, end) {
  const m = (hhmm) => { const [h, mi] = String(hhmm).split(":").map(Number); return h * 60 + mi; };
  return ((m(end) - m(start)) % 1440 + 1440) % 1440;
}
const banLawHours = (minutes) => (minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`);
const banLawFill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");

Object.assign(ACTION_TEXT.en, { o_granted: "Granted: the ban was changed", o_declined: "Declined" });
Object.assign(ACTION_TEXT.fi, { o_granted: "Hyväksytty: kieltoa muutettiin", o_declined: "Hylätty" });

// --- deciding a ban (PKL 2:2–2:10): an ordinary ban, the area a circle on the map ----------

const BAN_LAW_FIELDS = [
  ["subject_name", "text"], ["region", "text", "Etelä-Suomi"], ["birth_date", "date"], ["offence", "text"],
  ["max_penalty_months", "number", "24"], ["ground", "select:flight_or_evasion,continued_crime"],
  ["probable_cause", "check"], ["instead", "check"], ["area", "text"], ["lat", "number", "60.1699"],
  ["lon", "number", "24.9384"], ["radius_km", "number", "10"],
  // PKL 2:3.2 point 1, 2:3.3: the locality obligation, shown when ticked.
  ["locality", "check"], ["locality_start", "time", "22:00", "loc"], ["locality_end", "time", "06:00", "loc"],
  ["locality_justification", "text", "", "loc"], ["home_lat", "number", "60.1699", "loc"],
  ["home_lon", "number", "24.9384", "loc"], ["home_radius_m", "number", "100", "loc"], ["court", "text", "", "loc"],
  ["stage", "select:investigation,with_prosecutor,charged,judgment"], ["prosecutor_notified_at", "datetime"],
  ["prosecutor_took_over", "check"], ["prosecutor_demanded", "check"], ["sentence_kind", `select:,${BAN_LAW_SENTENCES}`],
  ["decided_at", "datetime"], ["heard_in_person_at", "datetime"], ["copy_delivery", "select:in_person,post"],
  ["device_identifier", "text"], ["passport_status", "select:none_held,surrendered,refused"],
];

function banLawOptionText(name, value) {
  if (!value) return banLawT("no_sentence");
  if (name === "stage") return banLawT(`st_${value}`);
  if (name === "ground") return banLawT(`g_${value}`);
  if (name === "copy_delivery") return banLawT(`cd_${value}`);
  return at(`o_${value}`);
}

// The button and form beside "Request a report", for those who decide bans.
function banLawText() {
  const may = state.may || new Set();
  let button = $("#new-ban");
  if (!button) {
    button = el("button", "", "");
    button.type = "button";
    button.id = "new-ban";
    $("#new-report").after(" ", button);
    const form = el("form", undefined, "step-form");
    form.id = "ban-decision";
    form.hidden = true;
    $("#report-request").after(form);
    button.addEventListener("click", () => { form.hidden = !form.hidden; if (!form.hidden) banLawForm(form); });
    form.addEventListener("submit", banLawDecide);
  }
  button.hidden = !(may.has && (may.has("travel_bans:work") || may.has("cases:decide")));
  button.textContent = banLawT("new_ban");
  const form = $("#ban-decision");
  form.setAttribute("aria-label", banLawT("nb_title"));
  if (!form.hidden) banLawForm(form);
}

function banLawForm(form) {
  const kept = Object.fromEntries([...form.querySelectorAll("input,select")].map((i) => [i.name, i.type === "checkbox" ? i.checked : i.value]));
  form.replaceChildren();
  const rules = banLawRules();
  for (const [name, type, initial, group] of BAN_LAW_FIELDS) {
    const label = el("label");
    const text = banLawFill(banLawT(name === "instead" ? "nb_instead" : `nb_${name}`), { night: `${rules.night_start}–${rules.night_end}` });
    const caption = el("span", text);
    if (group) label.dataset.group = group;
    let input;
    if (type.startsWith("select:")) {
      input = el("select");
      for (const option of type.slice(7).split(",")) input.append(new Option(banLawOptionText(name, option), option));
    } else {
      input = el("input");
      input.type = { date: "date", datetime: "datetime-local", number: "number", check: "checkbox", time: "time" }[type] || "text";
      if (type === "number") input.step = "any";
    }
    input.name = name;
    // The notification's time is typed, never assumed (PKL 2:6): it starts empty.
    const fresh = type === "datetime" && name !== "prosecutor_notified_at" ? nowLocal() : initial;
    const value = name in kept ? kept[name] : fresh;
    if (type === "check") input.checked = Boolean(value); else if (value !== undefined) input.value = value;
    if (type === "check") label.append(input, " ", caption); else label.append(caption, input);
    form.append(label);
    if (name === "locality_end") {
      const check = el("p", "", "muted wide");
      check.id = "ban-locality-check";
      check.setAttribute("role", "status");
      form.append(check);
    }
  }
  const deadlines = el("p", "", "muted wide");
  deadlines.id = "ban-deadlines-preview";
  const save = el("button", banLawT("nb_save")); save.type = "submit";
  const result = el("span", "", "step-result"); result.id = "ban-decision-result"; result.setAttribute("role", "alert");
  form.append(deadlines, save, result);
  form.oninput = () => banLawPreview(form);
  banLawPreview(form);
}

// The policy's numbers for the locality window and the deadlines (GET /api/cases/meta).
function banLawRules() {
  const all = (state.meta && state.meta.locality_rules) || {};
  return all["2007-draft"] || Object.values(all)[0] || { night_start: "", night_end: "" };
}

// The user's role decides who makes a locality decision: the court finally, the police or
// the prosecutor provisionally (PKL 2:5).
const banLawByCourt = () => sessionStorage.getItem("valvo.role") === "court";

// As the user types: the locality fields shown only with the obligation, the window checked
// against the law (8–12 h without a break, inside the night unless there is a reason; the
// reason asked for only then), and the deadlines the decision will carry (PKL 2:7, 2:14).
function banLawPreview(form) {
  const rules = banLawRules();
  const locality = form.elements.locality.checked;
  for (const label of form.querySelectorAll("label[data-group=loc]")) label.hidden = !locality;
  const check = $("#ban-locality-check");
  check.hidden = !locality;
  const night = `${rules.night_start}–${rules.night_end}`;
  const start = form.elements.locality_start.value, end = form.elements.locality_end.value;
  let outside = false;
  if (locality && start && end && rules.min_hours) {
    const length = banLawMinutes(start, end) || 1440;
    const nightLength = banLawMinutes(rules.night_start, rules.night_end);
    outside = banLawMinutes(rules.night_start, start) + length > nightLength;
    const h = banLawHours(length);
    const lines = [];
    if (length < rules.min_hours * 60) lines.push(banLawFill(banLawT("lw_short"), { h, min: rules.min_hours }));
    else if (length > rules.max_hours * 60) lines.push(banLawFill(banLawT("lw_long"), { h, max: rules.max_hours }));
    if (outside && !form.elements.locality_justification.value.trim()) lines.push(banLawFill(banLawT("lw_outside"), { night }));
    const unlawful = lines.length > 0;
    check.textContent = unlawful ? lines.join(" ") : banLawFill(banLawT(outside ? "lw_justified" : "lw_ok"), { h, night });
    check.classList.toggle("late", unlawful);
  }
  form.elements.locality_justification.closest("label").hidden = !(locality && (outside || form.elements.locality_justification.value));
  form.elements.court.closest("label").hidden = !locality || banLawByCourt();
  const decided = instant(form.elements.decided_at.value);
  const preview = $("#ban-deadlines-preview");
  preview.textContent = "";
  if (!decided || !rules.charges_hours) return;
  const after = (hours) => when(new Date(Date.parse(decided) + hours * 3600e3).toISOString());
  const values = { referral: after(rules.court_referral_hours), hearing: after(rules.court_hearing_hours), charges: after(rules.charges_hours) };
  const provisional = locality && !banLawByCourt();
  preview.textContent = banLawFill(banLawT(provisional ? "lw_provisional" : "lw_court"), values);
}

async function banLawDecide(event) {
  event.preventDefault();
  const form = event.target;
  const v = (name) => form.elements[name];
  const decided = instant(v("decided_at").value);
  const surrendered = v("passport_status").value === "surrendered";
  const body = {
    subject_name: v("subject_name").value.trim(), region: v("region").value.trim(),
    birth_date: v("birth_date").value || null, decided_at: decided, offence: v("offence").value,
    max_penalty_months: Number(v("max_penalty_months").value), grounds: [v("ground").value],
    probable_cause: v("probable_cause").checked, instead_of_arrest_or_remand: v("instead").checked,
    area: v("area").value,
    area_geometry: { geometry: { type: "Point", coordinates: [Number(v("lon").value), Number(v("lat").value)] },
      radius_m: Math.round(Number(v("radius_km").value) * 1000) },
    stage: v("stage").value, prosecutor_notified_at: instant(v("prosecutor_notified_at").value),
    prosecutor_took_over: v("prosecutor_took_over").checked, prosecutor_demanded: v("prosecutor_demanded").checked,
    sentence_kind: v("sentence_kind").value || null, heard_in_person_at: instant(v("heard_in_person_at").value),
    copy_delivery: v("copy_delivery").value, device_identifier: v("device_identifier").value.trim(),
    passport_status: v("passport_status").value,
    passport_surrendered_on: surrendered && decided ? v("decided_at").value.slice(0, 10) : null,
  };
  if (v("locality").checked) { // PKL 2:3.2 point 1; provisional unless the court decides (PKL 2:5)
    body.obligations = ["locality"];
    body.locality_window = { start: v("locality_start").value, end: v("locality_end").value,
      justification: v("locality_justification").value.trim() || null };
    body.home = { geometry: { type: "Point", coordinates: [Number(v("home_lon").value), Number(v("home_lat").value)] },
      radius_m: Number(v("home_radius_m").value) };
    body.provisional = !banLawByCourt();
    body.court = body.provisional ? v("court").value.trim() || null : null;
  }
  const result = $("#ban-decision-result");
  result.textContent = "";
  try {
    const detail = await post("/api/cases/travel-bans", body);
    form.hidden = true;
    await openCase(detail.id);
    $("#actions-result").textContent = at("saved");
  } catch (error) { result.textContent = `${at("refused")} ${refusal(error.message)}`; }
}
