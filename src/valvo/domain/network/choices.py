"""The choices of the person's network records, each with its English and Finnish label; the
API's meta and the console read them from here."""

from __future__ import annotations

from valvo.domain.choices import Choice
from valvo.domain.partners.choices import CONSENT_PURPOSES


def values(choices: tuple[Choice, ...]) -> tuple[str, ...]:
    return tuple(c.value for c in choices)


# S26 (§5, §7): the sanction types a client can hold at once.
SANCTION_TYPES = (
    Choice("imprisonment", "Imprisonment", "Vankeus"),
    Choice("remand", "Remand", "Tutkintavankeus"),
    Choice("community_service", "Community service", "Yhdyskuntapalvelu"),
    Choice("fine_conversion", "Fine conversion", "Sakon muuntorangaistus"),
    Choice("short_term_imprisonment", "Short-term imprisonment", "Lyhytaikainen vankeus"),
    Choice("combination_sentence", "Combination sentence", "Yhdistelmärangaistus"),
    Choice("monitoring_sentence", "Monitoring sentence", "Valvontarangaistus"),
    Choice(
        "supervised_probationary_freedom",
        "Supervised probationary freedom",
        "Valvottu koevapaus",
    ),
    Choice("parole_supervision", "Parole supervision", "Ehdonalaisen vapauden valvonta"),
    Choice("youth_sentence", "Juvenile punishment", "Nuorisorangaistus"),
    Choice(
        "conditional_supervision", "Supervision of a conditional sentence", "Ehdollisen valvonta"
    ),
)
PHASES = (
    Choice("preparation", "Preparation", "Valmisteluvaihe"),
    Choice("start", "Start of enforcement", "Täytäntöönpanon alku"),
    Choice("during", "During enforcement", "Täytäntöönpanon aikana"),
    Choice("release_after", "Release and after", "Vapautuminen ja sen jälkeen"),
)
# S4: who does the person's network work.
OFFICIAL_ROLES = (
    Choice("special_worker", "Special worker (network work)", "Erityistyöntekijä (verkostotyö)"),
    Choice("sanctions_worker", "Criminal sanctions worker", "Rikosseuraamustyöntekijä"),
    Choice("otherwise_agreed", "Otherwise agreed", "Muuten sovittu"),
)
# S87: the client's access to e-services.
E_SERVICE_ACCESS = (
    Choice("available", "Workstation available", "Päätteen käyttö mahdollista"),
    Choice("in_use", "Uses e-services", "Käyttää sähköisiä palveluja"),
    Choice("assisted", "Uses them with the official's help", "Käyttää virkailijan avustamana"),
    Choice("not_available", "Not available", "Ei käytettävissä"),
)
# S39: where the sentence plan was drafted.
PLANNING_LOCATIONS = (
    Choice("rise_unit", "Prison and probation unit", "Rikosseuraamuslaitoksen yksikkö"),
    Choice("social_office", "Social services office", "Sosiaalitoimisto"),
    Choice("substance_unit", "Substance-treatment unit", "Päihdehoitoyksikkö"),
    Choice("housing_services", "Housing services", "Asumispalvelut"),
    Choice("partner_premises", "Other partner's premises", "Muun kumppanin tilat"),
)
# S37: a Kela appointment or contact made possible.
KELA_ACCESS = (
    Choice("offered", "Offered", "Tarjottu"),
    Choice("held", "Held", "Toteutunut"),
    Choice("declined", "Declined", "Kieltäytyi"),
)
# S42: residence-permit / asylum-processing status of a foreign client.
RESIDENCE_STATUSES = (
    Choice("citizen", "Finnish citizen", "Suomen kansalainen"),
    Choice("permit", "Residence permit", "Oleskelulupa"),
    Choice("permit_pending", "Permit being processed", "Lupa käsittelyssä"),
    Choice("asylum_pending", "Asylum being processed", "Turvapaikka käsittelyssä"),
    Choice("deportation", "Deportation pending", "Maasta poistaminen vireillä"),
)

# S31, S32: a disclosure's purpose (the consent purposes) and the ground without consent.
DISCLOSURE_PURPOSES = (
    Choice(
        "release_plan",
        "Release-plan coordination (VankA 76 §)",
        "Vapauttamissuunnitelman yhteensovitus (VankA 76 §)",
    ),
    Choice(
        "social_welfare_contact",
        "Notification to social welfare (SHL 35 §)",
        "Yhteydenotto sosiaalihuoltoon (SHL 35 §)",
    ),
    Choice("joint_plan", "Joint plan (SHL 39.3 §)", "Yhteinen suunnitelma (SHL 39.3 §)"),
)
LEGAL_GROUNDS = (
    Choice(
        "unable_to_care",
        "Consent unobtainable and evidently unable to take care of own care, health or safety",
        "Suostumusta ei saada ja henkilö ilmeisen kykenemätön huolehtimaan hoidostaan, "
        "terveydestään tai turvallisuudestaan",
    ),
    Choice(
        "child_interest",
        "The child's interest necessarily requires it",
        "Lapsen etu välttämättä vaatii",
    ),
)

# S28: who started the cooperation with the home municipality or wellbeing county.
COOPERATION_ROLES = (
    Choice("basic_assessment", "Basic-assessment maker", "Perusarvion tekijä"),
    Choice("sentence_plan", "Sentence-plan drafter", "Rangaistusajan suunnitelman laatija"),
)
# S29: other authorities' plans.
PLAN_TYPES = (
    Choice("client_plan", "Client plan", "Asiakassuunnitelma"),
    Choice("rehabilitation_plan", "Rehabilitation plan", "Kuntoutussuunnitelma"),
    Choice("service_plan", "Service plan", "Palvelusuunnitelma"),
    Choice(
        "municipal_care_plan",
        "Municipal care or welfare plan",
        "Kunnan hoito- tai hyvinvointisuunnitelma",
    ),
    Choice("education_plan", "Personal education plan", "Henkilökohtainen opintosuunnitelma"),
    Choice("employment_plan", "Employment plan", "Työllistymissuunnitelma"),
    Choice("multisectoral_plan", "Multisectoral plan", "Monialainen suunnitelma"),
    Choice("activation_plan", "Activation plan", "Aktivointisuunnitelma"),
    Choice("vth_care_plan", "VTH care plan", "VTH:n hoitosuunnitelma"),
)
PLAN_STATUSES = (
    Choice("in_force", "In force", "Voimassa"),
    Choice("missing", "Missing", "Puuttuu"),
    Choice("being_drafted", "Being drafted", "Laadinnassa"),
)
# S27: outside participants of a client network meeting.
PARTICIPANT_ROLES = (
    Choice("own_worker", "Own worker", "Omatyöntekijä"),
    Choice("client_manager", "Client manager", "Asiakasvastaava"),
    Choice("vth", "Health services (VTH)", "Vankiterveydenhuolto (VTH)"),
    Choice("relative", "Relative", "Läheinen"),
    Choice("rise_official", "Prison and probation official", "Rikosseuraamusvirkailija"),
    Choice("other", "Other", "Muu"),
)
# S33: social welfare's requests for participation (SHL 41 §).
REQUEST_PURPOSES = (
    Choice("service_need_assessment", "Service-need assessment", "Palvelutarpeen arviointi"),
    Choice("client_plan", "Client plan", "Asiakassuunnitelma"),
)
REQUEST_STATUSES = (
    Choice("open", "Open", "Avoin"),
    Choice("accepted", "Accepted", "Hyväksytty"),
    Choice("declined", "Declined", "Hylätty"),
)
# S34: who started a VTH coordination event.
VTH_INITIATORS = (
    Choice("prison", "Prison", "Vankila"),
    Choice("client", "The client", "Asiakas"),
    Choice("vth", "Health services (VTH)", "Vankiterveydenhuolto (VTH)"),
)
# S30: readiness for working life.
WORK_READINESS = (
    Choice("ready", "Ready for work", "Valmis työhön"),
    Choice("with_support", "Ready with support", "Valmis tuettuna"),
    Choice("rehabilitation_first", "Rehabilitation first", "Ensin kuntoutus"),
    Choice("not_assessed", "Not yet assessed", "Ei vielä arvioitu"),
)
# S38: partner client appointments in units, and outside own-workers' contacts.
APPOINTMENT_SERVICES = (
    Choice("te_office", "Employment office", "TE-toimisto"),
    Choice("kela", "Kela", "Kela"),
    Choice(
        "municipal_social_health",
        "Municipal social and health services",
        "Kunnan sosiaali- ja terveyspalvelut",
    ),
    Choice("municipal_employment", "Municipal employment services", "Kunnan työllisyyspalvelut"),
    Choice("project_partner", "Project partner", "Hankekumppani"),
    Choice("own_worker", "Outside own worker", "Ulkopuolinen omatyöntekijä"),
)
APPOINTMENT_MODES = (
    Choice("in_person", "In person", "Paikan päällä"),
    Choice("electronic", "Electronic", "Etäyhteys"),
)
APPOINTMENT_STATUSES = (
    Choice("planned", "Planned", "Suunniteltu", "#2563eb"),
    Choice("held", "Held", "Pidetty", "#16a34a"),
    Choice("cancelled", "Cancelled", "Peruttu", "#6b7280"),
    Choice("no_show", "Did not attend", "Ei saapunut", "#b91c1c"),
)
# S41: the matters a minor is heard in.
HEARING_MATTERS = (
    Choice("imprisonment", "Imprisonment", "Vankeus"),
    Choice("community_sanction", "Community sanction", "Yhdyskuntaseuraamus"),
    Choice("sentence_plan", "Sentence plan", "Rangaistusajan suunnitelma"),
    Choice(
        "child_welfare_placement",
        "Placement in a child-welfare institution",
        "Sijoitus lastensuojelulaitokseen",
    ),
    Choice("other", "Other matter", "Muu asia"),
)
# S36: the health-based deferral's decision.
DEFERRAL_DECISIONS = (
    Choice("granted", "Granted", "Myönnetty"),
    Choice("refused", "Refused", "Hylätty"),
)

# S24, S25, S40–S47, S50: the need a referral answers.
NEEDS = (
    Choice("housing", "Housing", "Asuminen"),
    Choice("debt", "Debt and finances", "Velat ja talous"),
    Choice("substance", "Substance use", "Päihteet"),
    Choice("mental_health", "Mental health", "Mielenterveys"),
    Choice("employment", "Employment", "Työllistyminen"),
    Choice("education", "Education", "Koulutus"),
    Choice("compulsory_education", "Compulsory education", "Oppivelvollisuus"),
    Choice("child_welfare", "Child welfare", "Lastensuojelu"),
    Choice("social_services", "Social services", "Sosiaalipalvelut"),
    Choice("income_support", "Kela and income", "Kela ja toimeentulo"),
    Choice("immigration", "Residence and immigration", "Oleskelu ja maahanmuutto"),
    Choice(
        "peer_support",
        "Peer support and experts by experience",
        "Vertaistuki ja kokemusasiantuntijat",
    ),
    Choice(
        "outside_permit",
        "Study, work or outside placement",
        "Opiskelu, työ tai sijoitus ulkopuolelle",
    ),
    Choice("rapid_response", "Rapid-response team", "Nopean toiminnan tiimi"),
)
REFERRAL_STATUSES = (
    Choice("sent", "Sent", "Lähetetty", "#2563eb"),
    Choice("accepted", "Accepted", "Vastaanotettu", "#0891b2"),
    Choice("in_progress", "In progress", "Käynnissä", "#0d9488"),
    Choice("completed", "Completed", "Päättynyt", "#16a34a"),
    Choice("declined", "Declined", "Hylätty", "#b91c1c"),
    Choice("cancelled", "Cancelled", "Peruttu", "#6b7280"),
)
SANCTION_STAGES = (
    Choice("before", "Before the sanction", "Ennen seuraamusta"),
    Choice("during", "During the sanction", "Seuraamuksen aikana"),
    Choice("after", "After the sanction", "Seuraamuksen jälkeen"),
)

# S52: when a relative was involved.
INVOLVEMENT_STAGES = (
    Choice("sanction_report", "Sanction report", "Seuraamusselvitys"),
    Choice("remand_start", "Start of remand", "Tutkintavankeuden alku"),
    Choice(
        "sentence_planning",
        "Sentence planning or placement",
        "Rangaistusajan suunnittelu tai sijoittelu",
    ),
    Choice(
        "probation_preparation",
        "Preparing supervised probationary freedom",
        "Valvotun koevapauden valmistelu",
    ),
    Choice("visits", "Visits", "Tapaamiset"),
    Choice("programme_work", "Programme work", "Toimintaohjelmatyö"),
    Choice("family_work", "Child and family work", "Lapsi- ja perhetyö"),
    Choice("other", "Other", "Muu"),
)
CONTACT_CHANNELS = (
    Choice("in_person", "In person", "Henkilökohtaisesti"),
    Choice("phone", "Phone", "Puhelin"),
    Choice("written", "Written", "Kirjallisesti"),
    Choice("electronic", "Electronic", "Sähköisesti"),
)

# S48: the criminal-justice workflow log.
JUSTICE_KINDS = (
    Choice("report_request", "Sanction-report request", "Seuraamusselvityspyyntö"),
    Choice(
        "extension_request",
        "Extension request to the court",
        "Määräajan pidennyspyyntö tuomioistuimelle",
    ),
    Choice(
        "breach_notification",
        "Serious-breach notification to the prosecutor",
        "Ilmoitus vakavasta rikkomuksesta syyttäjälle",
    ),
    Choice(
        "suspension_proposal",
        "Suspension or conversion proposal",
        "Keskeyttämis- tai muuntamisesitys",
    ),
    Choice(
        "executive_assistance", "Police executive-assistance request", "Poliisin virka-apupyyntö"
    ),
    Choice("judgment", "Judgment received from a court", "Tuomioistuimelta saatu tuomio"),
)
DIRECTIONS = (
    Choice("incoming", "Incoming", "Saapunut"),
    Choice("outgoing", "Outgoing", "Lähtenyt"),
)

# S31: the data categories a consent covers (the values of ``partners.people.DATA_CATEGORIES``).
DATA_CATEGORIES = (
    Choice("identity", "Identity", "Henkilötiedot"),
    Choice("sanction", "Sanction", "Seuraamus"),
    Choice("sentence_plan", "Sentence plan", "Rangaistusajan suunnitelma"),
    Choice("social_services", "Social services", "Sosiaalipalvelut"),
    Choice("employment", "Employment", "Työllisyys"),
    Choice("housing", "Housing", "Asuminen"),
    Choice("education", "Education", "Koulutus"),
    Choice("contact_details", "Contact details", "Yhteystiedot"),
)

# S43 (L212-224, L1745-1786): the fine-defaulter / short-term pre-enforcement case.
PRE_SANCTIONS = (
    Choice("fine_conversion", "Fine conversion", "Sakon muuntorangaistus"),
    Choice("short_term_imprisonment", "Short prison sentence", "Lyhyt vankeusrangaistus"),
)
PRE_INITIATIVES = (
    Choice("rise", "Prison and Probation Service", "Rikosseuraamuslaitos"),
    Choice("stakeholder", "A stakeholder's contact", "Sidosryhmän yhteydenotto"),
)
PRE_PARTICIPANT_ROLES = (
    Choice("home_municipality", "Home municipality", "Kotikunta"),
    Choice("wellbeing_county", "Wellbeing services county", "Hyvinvointialue"),
    Choice("vth", "Health services (VTH)", "Vankiterveydenhuolto (VTH)"),
    Choice("enforcement_authority", "Enforcement authority (Ulosotto)", "Ulosottoviranomainen"),
    Choice("substance_rehabilitation", "Substance rehabilitation unit", "Päihdekuntoutusyksikkö"),
    Choice("other", "Other", "Muu"),
)
# The steps in their order, each with the party that owns it (L1759-1786; Fig. 5 of the source
# is not available, so the steps are the ones the text names, in the order it names them).
PRE_STEPS = (
    Choice("service_need_assessment", "Service-need assessment", "Palvelutarpeen arviointi"),
    Choice(
        "sanction_content_planning",
        "Planning the sanction's content",
        "Seuraamuksen sisältöjen suunnittelu",
    ),
    Choice(
        "detox_start",
        "Detoxification or withdrawal treatment started",
        "Katkaisu- tai vieroitushoidon aloitus",
    ),
    Choice(
        "placement_preparation",
        "Preparing the outside rehabilitation placement",
        "Ulkopuoliseen kuntoutukseen sijoittamisen valmistelu",
    ),
    Choice("self_reporting", "Arrival by self-reporting", "Saapuminen itseilmoittautuneena"),
    Choice(
        "rehabilitation_network_meeting",
        "Network meeting during rehabilitation",
        "Kuntoutuksenaikainen verkostokokous",
    ),
    Choice(
        "post_placement_path",
        "The path after the placement",
        "Sijoituksen jälkeinen jatkopolku",
    ),
)
PRE_STEP_OWNERS: dict[str, str] = {
    "service_need_assessment": "home_municipality",
    "sanction_content_planning": "rise",
    "detox_start": "substance_rehabilitation",
    "placement_preparation": "rise",
    "self_reporting": "rise",
    "rehabilitation_network_meeting": "rise",
    "post_placement_path": "home_municipality",
}
PRE_STEP_STATUSES = (
    Choice("pending", "Not started", "Ei aloitettu", "#6b7280"),
    Choice("in_progress", "In progress", "Käynnissä", "#0d9488"),
    Choice("done", "Done", "Tehty", "#16a34a"),
    Choice("skipped", "Skipped", "Ohitettu", "#a16207"),
)
PRE_OWNERS = (
    Choice("rise", "Prison and Probation Service", "Rikosseuraamuslaitos"),
    Choice("home_municipality", "Home municipality", "Kotikunta"),
    Choice("substance_rehabilitation", "Substance rehabilitation unit", "Päihdekuntoutusyksikkö"),
)
PRE_OUTCOMES = (
    Choice(
        "rehabilitation_placement",
        "Serving in outside substance rehabilitation",
        "Suorittaa ulkopuolisessa päihdekuntoutuksessa",
    ),
    Choice("self_reported", "Arrived by self-reporting", "Saapui itseilmoittautuneena"),
    Choice("fine_paid", "The fine was paid", "Sakko maksettiin"),
    Choice("client_declined", "The client declined", "Asiakas kieltäytyi"),
    Choice("other", "Other (see the note)", "Muu (katso huomio)"),
)

# S35: the sentence plan a VTH consultation is asked for (L1655-1659).
CONSULTATION_PLANS = (
    Choice(
        "prison_sentence_plan", "A prisoner's sentence plan", "Vangin rangaistusajan suunnitelma"
    ),
    Choice(
        "community_sanction_plan",
        "A community sanction's sentence plan",
        "Yhdyskuntaseuraamuksen rangaistusajan suunnitelma",
    ),
)

ALL_CHOICES: dict[str, tuple[Choice, ...]] = {
    "consent_purposes": CONSENT_PURPOSES,
    "data_categories": DATA_CATEGORIES,
    "sanction_types": SANCTION_TYPES,
    "phases": PHASES,
    "official_roles": OFFICIAL_ROLES,
    "e_service_access": E_SERVICE_ACCESS,
    "planning_locations": PLANNING_LOCATIONS,
    "kela_access": KELA_ACCESS,
    "residence_statuses": RESIDENCE_STATUSES,
    "disclosure_purposes": DISCLOSURE_PURPOSES,
    "legal_grounds": LEGAL_GROUNDS,
    "cooperation_roles": COOPERATION_ROLES,
    "plan_types": PLAN_TYPES,
    "plan_statuses": PLAN_STATUSES,
    "participant_roles": PARTICIPANT_ROLES,
    "request_purposes": REQUEST_PURPOSES,
    "request_statuses": REQUEST_STATUSES,
    "vth_initiators": VTH_INITIATORS,
    "deferral_decisions": DEFERRAL_DECISIONS,
    "work_readiness": WORK_READINESS,
    "hearing_matters": HEARING_MATTERS,
    "appointment_services": APPOINTMENT_SERVICES,
    "appointment_modes": APPOINTMENT_MODES,
    "appointment_statuses": APPOINTMENT_STATUSES,
    "needs": NEEDS,
    "referral_statuses": REFERRAL_STATUSES,
    "sanction_stages": SANCTION_STAGES,
    "involvement_stages": INVOLVEMENT_STAGES,
    "contact_channels": CONTACT_CHANNELS,
    "justice_kinds": JUSTICE_KINDS,
    "directions": DIRECTIONS,
    "pre_sanctions": PRE_SANCTIONS,
    "pre_initiatives": PRE_INITIATIVES,
    "pre_participant_roles": PRE_PARTICIPANT_ROLES,
    "pre_steps": PRE_STEPS,
    "pre_step_statuses": PRE_STEP_STATUSES,
    "pre_owners": PRE_OWNERS,
    "pre_outcomes": PRE_OUTCOMES,
    "consultation_plans": CONSULTATION_PLANS,
}
