"""Choices of the follow-up, governance and outreach records (S12–S15, S58, S64, S72, S74, S75,
S89, S91, S92, S97, S99–S101), with English and Finnish labels (served at
``/api/partners/meta``)."""

from __future__ import annotations

from valvo.domain.choices import Choice

# S14: how a unit's practice compared with what was agreed.
COMPLIANCE_RESULTS = (
    Choice("as_agreed", "Acts as agreed", "Toimii sovitusti"),
    Choice("deviations", "Minor deviations", "Vähäisiä poikkeamia"),
    Choice("not_followed", "Not followed", "Ei noudateta"),
)
# S15: the services a centre agrees referral practices with (L1362-1372, L1396-1398).
REFERRAL_SERVICES = (
    Choice("social_services", "Social services", "Sosiaalipalvelut"),
    Choice("health_services", "Health services", "Terveyspalvelut"),
    Choice("substance_services", "Substance-abuse services", "Päihdepalvelut"),
    Choice("municipal_employment", "Municipal employment services", "Kunnan työllisyyspalvelut"),
    Choice("state_employment", "State employment services", "Valtion työllisyyspalvelut"),
)
# The practices every centre needs (the social and health side, and employment).
REQUIRED_REFERRALS = (
    ("social_services", "health_services"),
    ("municipal_employment", "state_employment"),
)
# S72: the documents whose current version is tracked and delivered.
INSTRUCTION_DOCUMENTS = (
    Choice(
        "outside_worker_instruction",
        "Instruction for outside workers and volunteers",
        "Ohje ulkopuolisille toimijoille ja vapaaehtoisille",
    ),
    Choice("opas_muurien_maailmaan", "Guide 'Opas muurien maailmaan'", "Opas muurien maailmaan"),
    Choice("other", "Other instruction", "Muu ohje"),
)
DELIVERY_RECIPIENTS = (
    Choice("project", "Project", "Hanke"),
    Choice("partner", "Partner", "Kumppani"),
    Choice("expert", "Expert by experience", "Kokemusasiantuntija"),
)
# S74: the client's phase the expert works in.
CLIENT_PHASES = (
    Choice("prison", "In prison", "Vankilassa"),
    Choice("community_sanction", "Community sanction", "Yhdyskuntaseuraamus"),
    Choice("release", "Release", "Vapautuminen"),
    Choice("after_sentence", "After the sentence", "Rangaistuksen jälkeen"),
)
PAIRED_WITH = (
    Choice("rise", "Rise professional", "Risen ammattilainen"),
    Choice("ngo", "NGO professional", "Järjestön ammattilainen"),
)
# S75: how an expert's work is paid (not an employment relationship).
FEE_KINDS = (
    Choice("fee", "Fee at the Rise fee level", "Palkkio Risen palkkiotasolla"),
    Choice("purchased_service", "Purchased via an NGO", "Ostopalvelu järjestön kautta"),
    Choice("travel", "Travel reimbursement", "Matkakorvaus"),
)
# S89: trainings and their audiences.
TRAINING_DIRECTIONS = (
    Choice("rise_for_partners", "By Rise for partners", "Rise kumppaneille"),
    Choice("partners_for_rise", "By partners for Rise staff", "Kumppanit Risen henkilöstölle"),
)
TRAINING_AUDIENCES = (
    Choice("prosecutors", "Prosecutors", "Syyttäjät"),
    Choice("judges", "Judges", "Tuomarit"),
    Choice("legal_counsel", "Legal counsel", "Oikeudelliset avustajat"),
    Choice("migri", "Finnish Immigration Service", "Maahanmuuttovirasto"),
    Choice("partners", "Partners", "Kumppanit"),
    Choice("rise_staff", "Rise staff", "Risen henkilöstö"),
)
# S91: a research permit application's course.
PERMIT_STATUSES = (
    Choice("received", "Received", "Vastaanotettu"),
    Choice("in_processing", "In processing", "Käsittelyssä"),
    Choice("granted", "Granted", "Myönnetty"),
    Choice("refused", "Refused", "Hylätty"),
    Choice("withdrawn", "Withdrawn", "Peruttu"),
)
REQUEST_STATUSES = (
    Choice("received", "Received", "Vastaanotettu"),
    Choice("delivered", "Delivered", "Toimitettu"),
    Choice("refused", "Refused", "Evätty"),
)
# S97: international relations.
INTERNATIONAL_TYPES = (
    Choice("membership", "Membership", "Jäsenyys"),
    Choice("board_membership", "Board membership", "Hallitusjäsenyys"),
    Choice("working_group", "Working group", "Työryhmä"),
    Choice("nordic_meeting", "Nordic topic meeting", "Pohjoismainen teemakokous"),
    Choice("bilateral_relation", "Bilateral relation", "Kahdenvälinen suhde"),
    Choice("bilateral_agreement", "Bilateral agreement", "Kahdenvälinen sopimus"),
    Choice("project", "International project", "Kansainvälinen hanke"),
    Choice("visit", "Visit", "Vierailu"),
    Choice("embassy_contact", "Embassy contact", "Suurlähetystöyhteys"),
)
# S99: structured programmes.
ACCREDITATION = (
    Choice("not_accredited", "Not accredited", "Akkreditoimaton"),
    Choice("in_process", "Accreditation in process", "Akkreditointi käynnissä"),
    Choice("accredited", "Accredited", "Akkreditoitu"),
)
PROGRAMME_STATUSES = (
    Choice("planned", "Planned", "Suunniteltu"),
    Choice("piloting", "Piloting", "Pilotoinnissa"),
    Choice("in_use", "In use", "Käytössä"),
    Choice("withdrawn", "Withdrawn", "Poistettu käytöstä"),
)
# S100: the level a cooperation goal is set at.
GOAL_LEVELS = (
    Choice("national", "National", "Valtakunnallinen"),
    Choice("network", "Network", "Verkosto"),
    Choice("agreement", "Agreement", "Sopimus"),
)
# S101: restorative-justice cooperation.
RESTORATIVE_TYPES = (
    Choice("mediation", "Mediation", "Sovittelu"),
    Choice(
        "post_sentence_mediation",
        "Post-sentence mediation of serious crime",
        "Vakavien rikosten tuomion jälkeinen sovittelu",
    ),
    Choice("cosa", "COSA-type circle of support", "COSA-tyyppinen tukipiiri"),
)
