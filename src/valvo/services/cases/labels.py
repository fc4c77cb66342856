"""Statuses and kinds of the case work, declared once with their English and Finnish labels and
colours; the API serves them (``/api/cases/meta``), the console and the documents read them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Label:
    value: str
    en: str
    fi: str
    colour: str = "#6b7280"

    def as_dict(self) -> dict[str, str]:
        return {
            "value": self.value,
            "label_en": self.en,
            "label_fi": self.fi,
            "colour": self.colour,
        }

    def text(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en


def _declare(*labels: Label) -> Mapping[str, Label]:
    return MappingProxyType({label.value: label for label in labels})


CASE_TYPES = _declare(
    Label("monitoring_sentence", "Monitoring sentence", "Valvontarangaistus"),
    Label("travel_ban", "Travel ban", "Matkustuskielto"),
)

STATUSES = _declare(
    Label("report_requested", "Report requested", "Selvitystä pyydetty", "#2563eb"),
    Label("reported", "Report completed", "Selvitys valmis", "#2563eb"),
    Label("sentenced", "Sentenced", "Tuomittu", "#7c3aed"),
    Label("plan_confirmed", "Plan confirmed", "Suunnitelma vahvistettu", "#7c3aed"),
    Label("enforcing", "Being served", "Täytäntöönpanossa", "#16a34a"),
    Label("interrupted", "Interrupted", "Keskeytetty", "#d97706"),
    Label("completed", "Completed", "Suoritettu", "#6b7280"),
    Label("converted", "Converted to prison", "Muunnettu vankeudeksi", "#b91c1c"),
    Label("provisional", "Provisional", "Väliaikainen", "#d97706"),
    Label("in_force", "In force", "Voimassa", "#16a34a"),
    Label("extended", "Extended", "Pidennetty", "#16a34a"),
    Label("lapsed", "Lapsed", "Rauennut", "#6b7280"),
    Label("revoked", "Revoked", "Peruutettu", "#6b7280"),
)

DEADLINES = _declare(
    Label("court_referral", "To court within 72 h", "Tuomioistuimeen 72 tunnissa"),
    Label("court_hearing", "Court hearing within 7 days", "Käsittely 7 vuorokaudessa"),
    Label("charges", "Charges within 60 days or lapse", "Syyte 60 vuorokaudessa tai raukeaa"),
    Label(
        "provisional_interruption",
        "Provisional interruption ends within a month",
        "Väliaikainen keskeytys päättyy kuukaudessa",
    ),
    Label("completion", "Served within one year", "Suoritettu vuoden kuluessa"),
    Label(
        "sentence_lapse",
        "Enforcement begun before the sentence lapses",
        "Täytäntöönpano aloitettu ennen rangaistuksen raukeamista",
    ),
    Label("impediment", "Impediments at most one year", "Esteet enintään vuosi"),
    Label(
        "wanted_contact", "Wanted: contact by the set date", "Etsintäkuulutus: yhteys määräpäivänä"
    ),
    Label(
        "plan_preparation",
        "Plan prepared without delay",
        "Toimeenpanosuunnitelma laadittu viipymättä",
    ),
    Label(
        "enforcement_start",
        "Enforcement started without delay",
        "Täytäntöönpano aloitettu viipymättä",
    ),
    Label("sweat_patch_change", "Sweat patch changed", "Hikilaastari vaihdettu"),
)

STAGES = _declare(
    Label("pending", "Pending", "Odottaa", "#6b7280"),
    Label("warning", "Due soon", "Erääntymässä", "#d97706"),
    Label("overdue", "Missed: escalate", "Myöhässä: eskaloi", "#b91c1c"),
    Label("met", "Met", "Hoidettu", "#16a34a"),
    Label("met_late", "Met late", "Hoidettu myöhässä", "#d97706"),
    Label("cancelled", "No longer applies", "Ei enää voimassa", "#6b7280"),
)

PURPOSES = _declare(
    Label("activity", "Activity obligation", "Toimintavelvoite"),
    Label("travel", "Travel", "Matka"),
    Label("personal", "Personal business", "Henkilökohtaiset asiat"),
    Label("rehabilitation", "Rehabilitation-supporting activity", "Kuntoutumista tukeva toiminta"),
    Label("exemption", "Exemption (§12)", "Poikkeuslupa (12 §)"),
)

BREACH_KINDS = _declare(
    Label("minor", "Minor breach (§14.1)", "Vähäinen rikkomus (14.1 §)"),
    Label("warning_not_heeded", "Warning not heeded", "Varoitusta ei noudatettu"),
    Label("intoxication", "Intoxication", "Päihtymys"),
    Label("serious", "Serious breach of the plan", "Suunnitelman vakava rikkominen"),
    Label("failure_to_start", "Failure to start", "Täytäntöönpanon aloittamatta jättäminen"),
    Label("abandonment", "Abandonment", "Rangaistuksen suorittamisen keskeyttäminen"),
)

# The follow-up's breakdowns (issue 17): interruptions by reason, tests by kind.
INTERRUPTION_REASONS = _declare(
    Label("provisional", "Provisional (§14.2)", "Väliaikainen (14.2 §)"),
    Label("lab_confirmation", "Awaiting the laboratory", "Laboratoriovahvistus"),
    Label("court_referral", "Referred to court", "Saatettu tuomioistuimeen"),
    Label("new_charge", "New charge (§18)", "Uusi syyte (18 §)"),
    Label("impediment", "Impediment (§15)", "Este (15 §)"),
    Label("wanted", "Wanted (§13)", "Etsintäkuulutettu (13 §)"),
)

TEST_KINDS = _declare(
    Label("breath", "Breath test", "Puhalluskoe"),
    Label("urine_quick", "Urine quick test", "Virtsan pikatesti"),
    Label("saliva_quick", "Saliva quick test", "Sylkipikatesti"),
    Label("urine_lab", "Urine, laboratory", "Virtsa, laboratorio"),
    Label("blood_lab", "Blood, laboratory", "Veri, laboratorio"),
    Label("sweat_patch", "Sweat patch, laboratory", "Hikilaastari, laboratorio"),
    Label("lab_analysis", "Quick test sent to the laboratory", "Pikatesti laboratorioon"),
)

UNASSESSED = Label("unassessed", "Not yet assessed", "Arvioimatta")

EVENTS = _declare(
    Label("report_requested", "Report requested", "Selvitystä pyydetty"),
    Label("report_updated", "Report written", "Selvitystä täydennetty"),
    Label("co_resident_added", "Co-resident recorded", "Samassa taloudessa asuva kirjattu"),
    Label("co_resident_updated", "Co-resident corrected", "Samassa taloudessa asuvaa korjattu"),
    Label("co_resident_removed", "Co-resident removed", "Samassa taloudessa asuva poistettu"),
    Label("report_completed", "Report completed", "Selvitys valmis"),
    Label("sentenced", "Sentenced", "Tuomittu"),
    Label("plan_confirmed", "Plan confirmed", "Suunnitelma vahvistettu"),
    Label("plan_amended", "Plan amended", "Suunnitelmaa muutettu"),
    Label("devices_installed", "Devices installed: serving started", "Laitteet asennettu"),
    Label("exemption_granted", "Exemption granted (§12)", "Poikkeuslupa (12 §)"),
    Label("minor_deviation_granted", "Minor deviation (PKL 2:11)", "Vähäinen poikkeama"),
    Label("interrupted", "Interrupted", "Keskeytetty"),
    Label("resumed", "Resumed", "Jatkettu"),
    Label("completed", "Completed", "Suoritettu"),
    Label("breach_opened", "Breach reported", "Rikkomus ilmoitettu"),
    Label("convict_heard", "Convict heard", "Tuomittua kuultu"),
    Label("written_warning", "Written warning", "Kirjallinen varoitus"),
    Label("provisional_interruption", "Provisional interruption", "Väliaikainen keskeytys"),
    Label("court_referral", "Referred to court", "Saatettu tuomioistuimeen"),
    Label("breach_cleared", "No breach", "Ei rikkomusta"),
    Label("breach_adjudicated", "Breach adjudicated", "Rikkomus ratkaistu"),
    Label("breach_readjudicated", "Breach decision changed", "Rikkomuksen ratkaisu muutettu"),
    Label("prosecutor_to_court", "Prosecutor: to court", "Syyttäjä: tuomioistuimeen"),
    Label("prosecutor_no_charges", "Prosecutor: no action", "Syyttäjä: ei toimenpiteitä"),
    Label("court_converts", "Court: converted to prison", "Tuomioistuin: muunnettu vankeudeksi"),
    Label("court_continues", "Court: sentence continues", "Tuomioistuin: jatkuu"),
    Label("supervisor_assigned", "Supervisor assigned", "Valvoja määrätty"),
    Label("assistant_assigned", "Assistant assigned", "Avustaja määrätty"),
    Label("visit_planned", "Unannounced visit planned", "Ennalta ilmoittamaton käynti"),
    Label("visit_recorded", "Visit recorded", "Käynti kirjattu"),
    Label(
        "identity_checks_configured",
        "Identity checks configured",
        "Henkilöllisyyden tarkistukset määritetty",
    ),
    Label("identity_check", "Identity check recorded", "Henkilöllisyyden tarkistus kirjattu"),
    Label("sweat_patch_configured", "Sweat patch changes set", "Hikilaastarin vaihdot määritetty"),
    Label("sweat_patch_applied", "Sweat patch applied", "Hikilaastari kiinnitetty"),
    Label("sweat_patch_removed", "Sweat patch removed", "Hikilaastari irrotettu"),
    Label("officer_departed", "Officer left (key fob)", "Valvoja lähti (avainlätkä)"),
    Label(
        "police_assistance_requested",
        "Police assistance requested (§21)",
        "Poliisilta pyydetty virka-apua (21 §)",
    ),
    Label(
        "police_assistance_response",
        "Police response recorded (§21)",
        "Poliisin vastaus kirjattu (21 §)",
    ),
    Label("substance_test", "Substance test", "Päihdetesti"),
    Label("lab_confirmation_requested", "Sent to the laboratory", "Laboratoriovarmistus"),
    Label("lab_result", "Laboratory result", "Laboratorion tulos"),
    Label("travel_ban_provisional", "Provisional travel ban", "Väliaikainen matkustuskielto"),
    Label("travel_ban_imposed", "Travel ban imposed", "Matkustuskielto määrätty"),
    Label("referred_to_court", "Brought to court", "Saatettu tuomioistuimeen"),
    Label("court_confirms_ban", "Court confirmed the ban", "Tuomioistuin vahvisti"),
    Label("court_refuses_ban", "Court refused the ban", "Tuomioistuin hylkäsi"),
    Label("charges_brought", "Charges brought", "Syyte nostettu"),
    Label("extension_requested", "Extension requested", "Jatkoa pyydetty"),
    Label("court_extends_ban", "Court extended the ban", "Tuomioistuin pidensi"),
    Label(
        "extension_hearing",
        "Person's opportunity to be heard on the extension",
        "Kuulemistilaisuus jatkosta",
    ),
    Label("court_refuses_extension", "Court refused the extension", "Tuomioistuin ei pidentänyt"),
    Label("ban_revoked", "Ban revoked", "Kielto peruutettu"),
    Label("ban_changed", "Ban changed (PKL 2:12)", "Kieltoa muutettu (PKL 2:12)"),
    Label("ban_lapsed", "Ban lapsed", "Kielto rauennut"),
    Label("violation", "Violation", "Rikkomus"),
    Label("warning_served", "Warning served with proof", "Varoitus annettu todisteellisesti"),
    Label("passport", "Passport", "Passi"),
    Label("complaint_filed", "Complaint filed (urgent)", "Kantelu tehty (kiireellinen)"),
    Label("complaint_decided", "Complaint decided", "Kantelu ratkaistu"),
    Label(
        "petition_filed", "Petition received (PKL 2:12, 2:13)", "Pyyntö saapunut (PKL 2:12, 2:13)"
    ),
    Label("petition_decided", "Petition decided", "Pyyntö ratkaistu"),
    Label(
        "conviction_ban_continues",
        "Judgment: the ban stays until enforcement (PKL 2:16)",
        "Tuomio: kielto voimassa täytäntöönpanon alkuun (PKL 2:16)",
    ),
    Label("conviction_ban_ends", "Judgment: the ban ends", "Tuomio: kielto päättyy"),
    Label("conviction_ban_ended", "Convicted person's ban ended", "Tuomitun kielto päättyi"),
    Label("main_hearing_set", "Main hearing set", "Pääkäsittely määrätty"),
    Label(
        "main_hearing_changed",
        "Main hearing cancelled or postponed",
        "Pääkäsittely peruttu tai lykätty",
    ),
    Label("wanted_notice", "Wanted notice issued (§13)", "Etsintäkuulutus annettu (13 §)"),
    Label("wanted_contacted", "Contacted the enforcement officer", "Otti yhteyttä ulosottomieheen"),
    Label("wanted_deadline_missed", "No contact: conversion begins", "Ei yhteyttä: muuntaminen"),
    Label(
        "new_prison_prohibition",
        "Court: new prison, rest as prison (§18.2)",
        "Uusi vankeus (18.2 §)",
    ),
    Label(
        "appeal_credit", "Appeal: served days credited (§19.2)", "Muutoksenhaku: hyvitys (19.2 §)"
    ),
    Label("impediment_extend", "Court: enforcement time extended (§15.3)", "Aikaa pidennetty"),
    Label("impediment_convert", "Court: rest converted (§15.3)", "Muunnettu (15.3 §)"),
    Label("impediment_deem_completed", "Court: deemed served (§15.3)", "Katsottu suoritetuksi"),
    Label("sentences_combined", "Sentences combined (§20)", "Rangaistukset yhdistetty (20 §)"),
    Label("travel_claim", "Travel costs decided (§22)", "Matkakustannukset (22 §)"),
    Label("contact_recorded", "Contact recorded", "Yhteydenotto kirjattu"),
    Label("intoxication_observed", "Intoxication observed (§11.2)", "Päihtymyshavainto (11.2 §)"),
    Label("abode_recorded", "Abode recorded", "Asunto kirjattu"),
    Label("visit_target_set", "Visit target set", "Käyntitavoite asetettu"),
    Label("representative_added", "Contact person registered", "Yhteyshenkilö rekisteröity"),
    Label("prescription_recorded", "Prescription recorded", "Lääkemääräys kirjattu"),
    Label("sample_ordered", "Ordered to give a sample", "Määrätty antamaan näyte"),
    Label("sample_attendance", "Sample attendance recorded", "Näytteelle saapuminen kirjattu"),
    Label("person_login_created", "Person's own login created", "Henkilön oma tunnus luotu"),
    Label("person_login_disabled", "Person's own login disabled", "Henkilön oma tunnus suljettu"),
    Label("device_instructions_given", "Device instructions given", "Laitteen ohjeet annettu"),
    Label("device_refused", "Device refused", "Laitteesta kieltäydytty"),
)

WEEKDAYS = (
    ("Monday", "maanantai"),
    ("Tuesday", "tiistai"),
    ("Wednesday", "keskiviikko"),
    ("Thursday", "torstai"),
    ("Friday", "perjantai"),
    ("Saturday", "lauantai"),
    ("Sunday", "sunnuntai"),
)


def meta() -> dict[str, list[dict[str, str]]]:
    return {
        "case_types": [label.as_dict() for label in CASE_TYPES.values()],
        "statuses": [label.as_dict() for label in STATUSES.values()],
        "deadlines": [label.as_dict() for label in DEADLINES.values()],
        "stages": [label.as_dict() for label in STAGES.values()],
        "purposes": [label.as_dict() for label in PURPOSES.values()],
        "breach_kinds": [label.as_dict() for label in BREACH_KINDS.values()],
        "events": [label.as_dict() for label in EVENTS.values()],
    }
