"""Kinds and statuses of the partner registry, declared once with English and Finnish labels
(the API serves them at ``/api/partners/meta``; the console reads every label from there)."""

from __future__ import annotations

from collections.abc import Sequence

from valvo.domain.choices import Choice


def values(choices: Sequence[Choice]) -> tuple[str, ...]:
    return tuple(c.value for c in choices)


# S1: the service's own organisation (national responsibility areas → centres → units).
UNIT_TYPES = (
    Choice("national_area", "National responsibility area", "Valtakunnallinen vastuualue"),
    Choice("centre", "Criminal sanctions centre", "Rikosseuraamuskeskus"),
    Choice("prison", "Prison", "Vankila"),
    Choice("remand_prison", "Remand prison", "Tutkintavankila"),
    Choice(
        "community_sanctions_office", "Community sanctions office", "Yhdyskuntaseuraamustoimisto"
    ),
    Choice("assessment_centre", "Assessment centre", "Arviointikeskus"),
    Choice("youth_ward", "Ward for young offenders", "Nuoriso-osasto"),
    Choice("project_office", "Project office", "Projektitoimisto"),
    Choice("training_centre", "Training centre (RSKK)", "Rikosseuraamusalan koulutuskeskus"),
    Choice("body", "Named body or group", "Toimielin"),
)
# S68: units into which outside persons are admitted and where partner activities are held.
SECURE_UNIT_TYPES = ("prison", "remand_prison", "community_sanctions_office", "youth_ward")

# S2: areas a centre is mapped to, effective-dated.
AREA_KINDS = (
    Choice("wellbeing_county", "Wellbeing services county", "Hyvinvointialue"),
    Choice("municipality", "Municipality", "Kunta"),
    Choice("kela_district", "Kela insurance district", "Kelan vakuutuspiiri"),
)

# S3: partner organisation types.
PARTNER_TYPES = (
    Choice("ministry", "Ministry", "Ministeriö"),
    Choice("agency", "Agency", "Virasto"),
    Choice("court", "Court", "Tuomioistuin"),
    Choice("prosecution_office", "Prosecution office", "Syyttäjänvirasto"),
    Choice("police_department", "Police department", "Poliisilaitos"),
    Choice("wellbeing_county", "Wellbeing services county", "Hyvinvointialue"),
    Choice("municipality", "Municipality", "Kunta"),
    Choice("joint_municipal_authority", "Joint municipal authority", "Kuntayhtymä"),
    Choice("kela_unit", "Kela unit", "Kelan yksikkö"),
    Choice(
        "employment_service",
        "TE office / municipal employment service",
        "TE-toimisto / kunnan työllisyyspalvelu",
    ),
    Choice("typ", "Multisectoral joint employment service (TYP)", "TYP"),
    Choice("educational_institution", "Educational institution", "Oppilaitos"),
    Choice("ngo", "NGO / association", "Järjestö / yhdistys"),
    Choice("foundation", "Foundation", "Säätiö"),
    Choice("parish", "Parish / denomination", "Seurakunta / uskonnollinen yhdyskunta"),
    Choice("social_enterprise", "Social enterprise", "Yhteiskunnallinen yritys"),
    Choice("for_profit_company", "For-profit company", "Yritys"),
    Choice("research_institute", "Research institute", "Tutkimuslaitos"),
    Choice("international_organisation", "International organisation", "Kansainvälinen järjestö"),
    Choice("foreign_administration", "Foreign administration", "Ulkomainen hallinto"),
    Choice("embassy", "Embassy", "Suurlähetystö"),
)

# S7: agreements and operating models.
AGREEMENT_LEVELS = (
    Choice("national", "National", "Valtakunnallinen"),
    Choice("regional", "Regional", "Alueellinen"),
    Choice("local", "Local", "Paikallinen"),
    Choice("unit", "Unit", "Yksikkö"),
)
INSTRUMENT_TYPES = (
    Choice("agreement", "Agreement", "Sopimus"),
    Choice(
        "operating_model", "Jointly approved operating model", "Yhdessä hyväksytty toimintamalli"
    ),
    Choice("process_description", "Process description", "Prosessikuvaus"),
    Choice("guideline", "Guideline", "Ohje"),
    Choice("framework_agreement", "Framework agreement", "Puitesopimus"),
    Choice("placement_agreement", "Placement agreement", "Sijoitussopimus"),
    Choice(
        "research_contract",
        "Research contract or commitment",
        "Tutkimussopimus tai yhteistyösitoumus",
    ),
    Choice("licence", "Licence", "Lisenssi"),
    Choice("bilateral_agreement", "Bilateral international agreement", "Kahdenvälinen sopimus"),
    Choice("spiritual_work_agreement", "Spiritual-work agreement", "Hengellisen työn sopimus"),
)
AGREEMENT_STATUSES = (
    Choice("ready", "Ready", "Valmis", "#16a34a"),
    Choice("in_preparation", "In preparation", "Valmistelussa", "#d97706"),
    Choice("to_be_updated", "To be updated", "Päivitettävä", "#d97706"),
    Choice("not_started", "Not started", "Ei aloitettu", "#dc2626"),
)

# S16: networks and standing groups.
NETWORK_KINDS = (
    Choice("thematic", "Thematic regional network", "Teemaverkosto"),
    Choice("matrix_group", "Standing matrix group", "Pysyvä matriisiryhmä"),
    Choice(
        "project_working_group", "Project partnership working group", "Projektikumppanuustyöryhmä"
    ),
    Choice("forum", "Forum", "Foorumi"),
    Choice("other", "Other group", "Muu ryhmä"),
)
NETWORK_THEMES = (
    Choice("education_work", "Education and working life", "Koulutus ja työelämä"),
    Choice(
        "substance_mental_health", "Substance abuse and mental health", "Päihde- ja mielenterveys"
    ),
    Choice("housing", "Housing and homelessness", "Asuminen ja asunnottomuus"),
    Choice("youth_child_welfare", "Youth and child welfare", "Nuoret ja lastensuojelu"),
    Choice("rehabilitation", "Rehabilitation services", "Kuntoutuspalvelut"),
    Choice("free", "Other theme", "Muu teema"),
)

# S53: places.
PLACE_KINDS = (
    Choice("service_place", "Community service place", "Palvelupaikka"),
    Choice("activity_obligation_place", "Activity-obligation place", "Toimintavelvoitepaikka"),
    Choice("open_institution_work", "Open-institution work", "Avolaitostyö"),
    Choice(
        "work_life_familiarisation",
        "Work-life familiarisation place",
        "Työelämään tutustumispaikka",
    ),
)
ORGANISER_TYPES = (
    Choice("public_body", "Public body", "Julkisyhteisö"),
    Choice("public_law_association", "Public-law association", "Julkisoikeudellinen yhdistys"),
    Choice("non_profit", "Other non-profit community", "Muu yleishyödyllinen yhteisö"),
    Choice("foundation", "Foundation", "Säätiö"),
    Choice(
        "for_profit_social_enterprise",
        "For-profit social enterprise",
        "Voittoa tavoitteleva yhteiskunnallinen yritys",
    ),
    Choice("for_profit_company", "For-profit company", "Voittoa tavoitteleva yritys"),
)

# S67: outside persons.
OUTSIDE_ROLES = (
    Choice("partner_employee", "Partner employee", "Kumppanin työntekijä"),
    Choice("project_worker", "Project worker", "Projektityöntekijä"),
    Choice("volunteer", "Volunteer", "Vapaaehtoinen"),
    Choice("spiritual_work", "Spiritual-work actor", "Hengellisen työn toimija"),
    Choice("expert_by_experience", "Expert by experience", "Kokemusasiantuntija"),
)

# S31: consent purposes (legal bases named in the document).
CONSENT_PURPOSES = (
    Choice(
        "release_plan",
        "Release-plan coordination (VankA 76 §)",
        "Vapauttamissuunnitelman yhteensovitus (VankA 76 §)",
    ),
    Choice(
        "social_welfare_contact",
        "Contacting social welfare (SHL 35 §)",
        "Yhteydenotto sosiaalihuoltoon (SHL 35 §)",
    ),
    Choice("joint_plan", "Joint plan (SHL 39.3 §)", "Yhteinen suunnitelma (SHL 39.3 §)"),
    Choice("relative_contact", "Contact with a close relative", "Yhteydenpito läheiseen"),
    Choice(
        "information_exchange",
        "Information exchange with a partner",
        "Tietojenvaihto kumppanin kanssa",
    ),
)

# S84: events.
EVENT_TYPES = (
    Choice("study_circle", "Study circle", "Opintopiiri"),
    Choice("webinar", "Webinar", "Webinaari"),
    Choice("partnership_seminar", "Project partnership seminar", "Projektikumppanuusseminaari"),
    Choice(
        "provider_event",
        "Event for education and work-placement providers",
        "Tilaisuus koulutuksen ja työpaikkojen tarjoajille",
    ),
    Choice("decision_maker_webinar", "Webinar for decision-makers", "Päättäjäwebinaari"),
    Choice("thematic_online", "Thematic online event", "Teemallinen verkkotilaisuus"),
    Choice(
        "regional_stakeholder_meeting",
        "Regional stakeholder meeting",
        "Alueellinen sidosryhmätapaaminen",
    ),
    Choice(
        "experts_relatives_event",
        "Event on experts by experience and family work",
        "Kokemusasiantuntija- ja läheistyön tilaisuus",
    ),
    Choice("research_event", "Research conference, seminar or webinar", "Tutkimustilaisuus"),
    Choice("training", "Training for partners", "Koulutus kumppaneille"),
)
EVENT_AUDIENCES = (
    Choice("ngos", "NGOs", "Järjestöt"),
    Choice("funders", "Funders", "Rahoittajat"),
    Choice("educational_institutions", "Educational institutions", "Oppilaitokset"),
    Choice(
        "place_providers",
        "Service and activity-place providers",
        "Palvelu- ja toimintapaikkojen tarjoajat",
    ),
    Choice("decision_makers", "Decision-makers", "Päättäjät"),
    Choice("researchers", "Researchers", "Tutkijat"),
    Choice("staff", "Own staff", "Oma henkilöstö"),
    Choice("authorities", "Authorities", "Viranomaiset"),
    Choice("relatives", "Relatives' bodies", "Läheisiä edustavat tahot"),
    Choice("experts_by_experience", "Experts by experience", "Kokemusasiantuntijat"),
    Choice(
        "legal_professionals", "Prosecutors, judges and counsel", "Syyttäjät, tuomarit ja avustajat"
    ),
    Choice("municipal_social_services", "Municipal social services", "Sosiaalipalvelut"),
)

# S76: client feedback channel.
FEEDBACK_SENDERS = (
    Choice("client", "Client", "Asiakas"),
    Choice("relative", "Relative", "Läheinen"),
    Choice("child", "Child", "Lapsi"),
)
FEEDBACK_TOPICS = (
    Choice("accessibility", "Accessibility", "Saavutettavuus"),
    Choice("functionality", "Functionality", "Toimivuus"),
    Choice("quality", "Quality", "Laatu"),
    Choice("other", "Other", "Muu"),
)

# S59–S65: project partnership stages.
PROJECT_STAGES = (
    Choice("received", "Received", "Vastaanotettu", "#6b7280"),
    Choice("recommended", "Statement given", "Kannanotto annettu", "#2563eb"),
    Choice("decided", "Decided", "Päätetty", "#2563eb"),
    Choice("running", "Running (portfolio)", "Käynnissä (salkku)", "#16a34a"),
    Choice("closed", "Closed", "Päättynyt", "#6b7280"),
)
