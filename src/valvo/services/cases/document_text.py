"""The fixed wording of the case documents, in Finnish (the official language of the forms) and
English. Every legal phrase the documents must carry is here, once."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# §14.1 (R79): the consequence every written warning states.
WARNING_CONSEQUENCE = MappingProxyType(
    {
        "fi": "Tämän varoituksen noudattamatta jättäminen johtaa asian saattamiseen "
        "tuomioistuimen käsiteltäväksi ja ehdottomaan vankeusrangaistukseen.",
        "en": "Not heeding this warning leads to court proceedings and an unconditional prison "
        "sentence.",
    }
)

# PKL 2:18 (R113 item 4): what a violation of the travel ban leads to.
BAN_CONSEQUENCES = MappingProxyType(
    {
        "fi": "Jos rikot matkustuskieltoa ilman hyväksyttävää syytä, kieltäydyt ottamasta "
        "valvontalaitetta tai luovuttamasta passia, poistat tai vahingoitat laitetta, et noudata "
        "varoitusta tai pakenet tai jatkat rikollista toimintaa, sinut voidaan pidättää tai "
        "vangita taikka täytäntöönpanokelpoinen ehdoton vankeusrangaistus voidaan panna heti "
        "täytäntöön. Vähäisestä rikkomisesta annetaan todisteellisesti varoitus.",
        "en": "If you break the travel ban without acceptable reason, refuse the monitoring "
        "device or to surrender your passport, remove or damage the device, ignore a warning, "
        "or flee or continue criminal activity, you may be arrested or remanded, or an "
        "enforceable unconditional prison sentence may be enforced at once. A minor violation "
        "is answered with a warning served with proof.",
    }
)

T: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "fi": {
            "case": "Asia",
            "person": "Henkilö",
            "issued": "Laadittu",
            "yes": "kyllä",
            "no": "ei",
            "none": "ei ole",
            "missing": "puuttuu",
            "page": "Sivu",
            # report (§4)
            "report_title": "Valvontarangaistusselvitys (valvontarangaistuslaki 4 §)",
            "request": "Pyyntö",
            "requester": "Pyytäjä",
            "requested_on": "Pyyntöpäivä",
            "prosecutor": "syyttäjä",
            "court": "tuomioistuin",
            "mandatory": "Pakolliset tiedot",
            "item1": "1. Epäillyn suostumus valvontarangaistukseen",
            "item2": "2. Arvio asunnon tai sijoituslaitoksen soveltuvuudesta",
            "item3": "3. Henkilökohtaiset olosuhteet ja edellytykset suorittaa rangaistus",
            "item4": "4. Soveltuva työ-, kuntoutus- tai koulutuspaikka tai muu toiminta",
            "item5": "5. Kohdan 4 aiheuttama tarve liikkua asunnon ulkopuolella",
            "consents": "suostuu",
            "refuses": "ei suostu",
            "statement": "Kriminaalihuoltolaitoksen lausunto",
            "justified": "Valvontarangaistus on perusteltu sosiaalisen selviytymisen "
            "edistämiseksi.",
            "not_justified": "Valvontarangaistus ei ole perusteltu.",
            "suspect_heard": "Epäiltyä kuultu",
            "co_residents": "Samassa taloudessa asuvat",
            "born": "syntynyt",
            "age": "ikä",
            "written_consent": "kirjallinen suostumus",
            "heard": "kuultu",
            "not_heard": "ei kuultu",
            "substance": "Päihteiden käytön arvio",
            "home_visit": "Kotikäynti",
            "existing_work": "Nykyinen työ- tai opiskelupaikka",
            "form": "Lomake",
            "completed_on": "Valmistunut",
            # plan (§6)
            "plan_title": "Toimeenpanosuunnitelma (valvontarangaistuslaki 6 §)",
            "period": "Voimassaolo",
            "version": "Versio",
            "amendment_reason": "Muutoksen syy",
            "convict_heard": "Tuomittua kuultu",
            "plan_item_abode": "1. Asunto tai muu olinpaikka",
            "plan_item_activity": "2. Toimintavelvoitteen sisältö ja matka-ajat",
            "plan_item_monitoring": "3. Valvonta ja tekniset valvontavälineet",
            "plan_item_abode_timing": "4. Olinpaikkavelvoitteen kesto ja ajoitus",
            "plan_item_movement": "5. Liikkuminen asunnon ja toimintapaikan ulkopuolella",
            "plan_item_support": "6. Tukitoimet",
            "plan_item_personal_time": "7. Henkilökohtaiset asiat ja kuntoutumista tukeva toiminta",
            "plan_item_other": "8. Muut välttämättömät ehdot",
            "weekly": "Viikoittainen aikataulu",
            "one_off": "Yksittäiset poissaolot",
            "substance_ban": "Päihteiden käyttö on kielletty koko täytäntöönpanon ajan (8 §).",
            # warning (§14.1)
            "warning_title": "Kirjallinen varoitus (valvontarangaistuslaki 14 § 1 mom.)",
            "breach": "Rikkomus",
            "occurred": "Tapahtunut",
            "description": "Kuvaus",
            "hearing": "Kuuleminen",
            "convict_statement": "Tuomitun lausuma",
            "warning": "Varoitus",
            "warning_body": "Sinulle annetaan kirjallinen varoitus valvontarangaistuksen "
            "ehtojen rikkomisesta.",
            # breach report (§16)
            "breach_report_title": "Ilmoitus syyttäjälle valvontarangaistuksen rikkomisesta "
            "(valvontarangaistuslaki 16 §)",
            "sentence": "Rangaistus",
            "sentencing_court": "Tuomioistuin",
            "length": "Pituus",
            "days": "päivää",
            "serving_start": "Suorittaminen alkoi",
            "served_days": "Suoritettu",
            "unserved_days": "Suorittamatta",
            "referral": "Toimenpide",
            "referred_on": "Saatettu tuomioistuimen käsiteltäväksi",
            "interrupted_on": "Täytäntöönpano keskeytetty samanaikaisesti",
            "breach_kind": "Rikkomuksen laji",
            "request_conversion": "Kriminaalihuoltolaitos pyytää saattamaan asian "
            "tuomioistuimeen rangaistuksen suorittamatta olevan osan muuntamiseksi "
            "ehdottomaksi vankeudeksi (17 §).",
            "conversion": "Muuntolaskelma (17 §)",
            "conversion_rule": "yksi suorittamatta oleva päivä vastaa yhtä päivää vankeutta, "
            "vähintään neljä päivää",
            # travel ban (PKL 2:9)
            "ban_title": "Päätös matkustuskiellosta (pakkokeinolaki 2 luku 9 §)",
            "ban_provisional_title": "Väliaikainen päätös matkustuskiellosta "
            "paikallaolovelvoittein (pakkokeinolaki 2 luku 5 ja 9 §)",
            "decided": "Päätetty",
            "decided_by": "Päättäjä",
            "police": "pidättämiseen oikeutettu virkamies",
            "ban1": "1. Rikos",
            "ban2": "2. Perusteet",
            "ban3": "3. Kiellon sisältö ja valvontatapa",
            "ban4": "4. Rikkomisen seuraukset",
            "ban5": "5. Voimassaoloaika",
            "probable_cause": "todennäköiset syyt epäillä rikosta",
            "instead_of_arrest": "määrätään pidättämisen tai vangitsemisen sijasta",
            "max_penalty": "rikoksesta säädetty ankarin rangaistus",
            "months": "kuukautta vankeutta",
            "flight_or_evasion": "vaara, että epäilty pakenee tai muuten välttelee esitutkintaa, "
            "oikeudenkäyntiä tai rangaistuksen täytäntöönpanoa",
            "continued_crime": "vaara, että epäilty jatkaa rikollista toimintaa",
            "area": "Paikkakunta tai alue, jolta ei saa poistua",
            "forbidden": "Kielletyt alueet",
            "exits": "Sallitut poistumiset",
            "obligations": "Velvollisuudet",
            "locality": "paikallaolovelvoite",
            "availability": "tavoitettavissa työ- tai opiskelupaikalla määräaikoina",
            "institution": "oleskelu laitoksessa tai sairaalassa",
            "reporting": "ilmoittautuminen poliisille määräaikoina",
            "locality_window": "Paikallaolovelvoite asunnossa päivittäin",
            "monitoring": "Valvontatapa",
            "monitoring_text": "Poliisi valvoo kieltoa teknisin välinein; valvontalaite",
            "passport": "Passi",
            "none_held": "ei passia",
            "surrendered": "luovutettu poliisille",
            "refused": "luovuttamisesta kieltäydytty",
            "validity_text": "Kielto on voimassa pääkäsittelyyn asti, jollei sitä peruuteta "
            "tai se raukea sitä ennen. Kielto raukeaa, jos syytettä ei ole nostettu 60 "
            "vuorokauden kuluessa sen määräämisestä",
            "validity_extension": "jollei tuomioistuin pidennä määräaikaa",
            "term_ends": "Määräaikainen kielto päättyy",
            "provisional_court": "Asia saatetaan tuomioistuimen käsiteltäväksi",
            "referral_by": "viimeistään",
            "hearing_by": "ja se käsitellään viimeistään",
            "heard_in_person": "Epäiltyä kuultu henkilökohtaisesti",
            "copy": "Jäljennös",
            "in_person": "annettu heti",
            "post": "lähetetty postitse ilmoitettuun osoitteeseen",
            "under_18": "Epäilty on alle 18-vuotias: matkustuskieltoa on harkittu pidättämisen "
            "tai vangitsemisen sijasta (PKL 2:2.2).",
        },
        "en": {
            "case": "Case",
            "person": "Person",
            "issued": "Issued",
            "yes": "yes",
            "no": "no",
            "none": "none",
            "missing": "missing",
            "page": "Page",
            "report_title": "Monitoring sentence report (Monitoring Sentence Act §4)",
            "request": "Request",
            "requester": "Requested by",
            "requested_on": "Requested on",
            "prosecutor": "prosecutor",
            "court": "court",
            "mandatory": "Mandatory items",
            "item1": "1. The suspect's consent to a monitoring sentence",
            "item2": "2. Suitability of the dwelling or placement institution",
            "item3": "3. Personal circumstances and ability to complete the sentence",
            "item4": "4. Suitable work, rehabilitation or education place, or other activity",
            "item5": "5. Movement outside the dwelling that item 4 causes",
            "consents": "consents",
            "refuses": "does not consent",
            "statement": "Statement of the Probation Service",
            "justified": "A monitoring sentence is justified to promote social coping.",
            "not_justified": "A monitoring sentence is not justified.",
            "suspect_heard": "Suspect heard on",
            "co_residents": "Co-residents",
            "born": "born",
            "age": "age",
            "written_consent": "written consent",
            "heard": "heard",
            "not_heard": "not heard",
            "substance": "Substance-use assessment",
            "home_visit": "Home visit",
            "existing_work": "Existing work or study place",
            "form": "Form",
            "completed_on": "Completed on",
            "plan_title": "Implementation plan (Monitoring Sentence Act §6)",
            "period": "Period",
            "version": "Version",
            "amendment_reason": "Reason for the amendment",
            "convict_heard": "Convict heard on",
            "plan_item_abode": "1. Dwelling or other place (abode)",
            "plan_item_activity": "2. Activity obligation and travel times",
            "plan_item_monitoring": "3. Monitoring and technical devices",
            "plan_item_abode_timing": "4. Duration and timing of the abode obligation",
            "plan_item_movement": "5. Movement outside the dwelling and the activity place",
            "plan_item_support": "6. Support measures",
            "plan_item_personal_time": "7. Personal business and rehabilitation-supporting "
            "activity",
            "plan_item_other": "8. Other necessary conditions",
            "weekly": "Weekly schedule",
            "one_off": "One-off absences",
            "substance_ban": "No alcohol or other intoxicants during the whole enforcement (§8).",
            "warning_title": "Written warning (Monitoring Sentence Act §14.1)",
            "breach": "Breach",
            "occurred": "Occurred",
            "description": "Description",
            "hearing": "Hearing",
            "convict_statement": "The convict's statement",
            "warning": "Warning",
            "warning_body": "You are given a written warning for breaching the conditions of "
            "your monitoring sentence.",
            "breach_report_title": "Report to the prosecutor on a breach of a monitoring "
            "sentence (Monitoring Sentence Act §16)",
            "sentence": "Sentence",
            "sentencing_court": "Court",
            "length": "Length",
            "days": "days",
            "serving_start": "Serving started",
            "served_days": "Served",
            "unserved_days": "Unserved",
            "referral": "Measure",
            "referred_on": "Referred to court on",
            "interrupted_on": "Enforcement interrupted at the same time, on",
            "breach_kind": "Kind of breach",
            "request_conversion": "The Probation Service asks that the matter be brought to "
            "court to convert the unserved part into unconditional imprisonment (§17).",
            "conversion": "Conversion (§17)",
            "conversion_rule": "one unserved day is one day of prison, at least four days",
            "ban_title": "Travel-ban decision (Coercive Measures Act ch. 2 §9)",
            "ban_provisional_title": "Provisional travel-ban decision with a locality "
            "obligation (Coercive Measures Act ch. 2 §5, §9)",
            "decided": "Decided",
            "decided_by": "Decided by",
            "police": "official entitled to arrest",
            "ban1": "1. Offence",
            "ban2": "2. Grounds",
            "ban3": "3. Content and monitoring method",
            "ban4": "4. Consequences of a violation",
            "ban5": "5. Period of validity",
            "probable_cause": "probable grounds to suspect the offence",
            "instead_of_arrest": "imposed instead of arrest or remand",
            "max_penalty": "maximum penalty for the offence",
            "months": "months of imprisonment",
            "flight_or_evasion": "risk of flight or of evading the investigation, trial or "
            "enforcement",
            "continued_crime": "risk of continued criminal activity",
            "area": "Locality or area not to be left",
            "forbidden": "Forbidden areas",
            "exits": "Permitted exits",
            "obligations": "Obligations",
            "locality": "locality obligation",
            "availability": "available at the workplace or school at set times",
            "institution": "stay in an institution or hospital",
            "reporting": "report to the police at set times",
            "locality_window": "Locality obligation at the dwelling every day",
            "monitoring": "Monitoring method",
            "monitoring_text": "Monitored by the police with technical devices; device",
            "passport": "Passport",
            "none_held": "none held",
            "surrendered": "surrendered to the police",
            "refused": "surrender refused",
            "validity_text": "The ban is valid until the main hearing unless revoked or lapsed "
            "before. It lapses if charges are not brought within 60 days of its imposition",
            "validity_extension": "unless the court extends the time",
            "term_ends": "The fixed-term ban ends",
            "provisional_court": "The matter is brought to the court",
            "referral_by": "by",
            "hearing_by": "and heard by",
            "heard_in_person": "Suspect heard in person",
            "copy": "Copy",
            "in_person": "given at once",
            "post": "sent by post to the address given",
            "under_18": "The suspect is under 18: a travel ban was considered instead of arrest "
            "or remand (PKL 2:2.2).",
        },
    }
)
