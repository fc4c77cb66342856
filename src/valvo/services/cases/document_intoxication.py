"""The intoxication-observation form (§11.2; R62): what the supervisor or another KHL official
observed when the convict apparently was under the influence at a visit, another supervision
event or an activity event, and the test ordered. On the form RSV confirms; Finnish by default,
English available."""

from __future__ import annotations

from typing import Any

from valvo.services.cases.document_model import Context, Line, Section
from valvo.services.errors import Conflict

_T = {
    "fi": {
        "title": "Päihtymystilaa koskevat havainnot (valvontarangaistuslaki 11 § 2 mom.)",
        "observation": "Havainnot",
        "observed_at": "Havaintoaika",
        "occasion": "Tilaisuus",
        "place": "Paikka",
        "observer": "Havainnot tehnyt virkamies",
        "signs": "Ulkoiset merkit",
        "description": "Havaintojen kuvaus",
        "statement": "Tuomitun oma selvitys",
        "test": "Määrätty päihteettömyyden valvonta (11 § 1 mom.)",
        "form": "Lomake",
        "form_text": "Lomake on Rikosseuraamusviraston vahvistaman kaavan mukainen. Jos "
        "tuomitun todetaan puhalluskokeen perusteella olevan alkoholin vaikutuksen alainen, "
        "Kriminaalihuoltolaitos ryhtyy 14 §:n 3 momentin mukaisiin toimenpiteisiin.",
        "missing": "—",
        "visit": "valvontakäynti",
        "supervision_event": "muu valvontaan liittyvä tilaisuus",
        "activity_event": "toimintavelvoitteen täyttämistä koskeva tilaisuus",
        "odour": "alkoholin haju",
        "speech": "puhe",
        "balance": "tasapaino ja liikkuminen",
        "eyes": "silmät",
        "behaviour": "käytös",
        "admitted_use": "myönsi käytön",
        "other": "muu",
        "none": "ei määrätty",
        "breath": "puhalluskoe",
        "urine": "virtsanäyte",
        "saliva": "sylkinäyte",
    },
    "en": {
        "title": "Observations of intoxication (Monitoring Sentence Act §11.2)",
        "observation": "Observations",
        "observed_at": "Observed at",
        "occasion": "Occasion",
        "place": "Place",
        "observer": "Official who observed",
        "signs": "Outward signs",
        "description": "What was observed",
        "statement": "The convict's own account",
        "test": "Sobriety monitoring ordered (§11.1)",
        "form": "Form",
        "form_text": "This form follows the model confirmed by the Criminal Sanctions Agency. "
        "If a breath test shows the convict to be under the influence of alcohol, the Probation "
        "Service takes the measures of §14.3.",
        "missing": "—",
        "visit": "supervision visit",
        "supervision_event": "another supervision event",
        "activity_event": "an activity-obligation event",
        "odour": "smell of alcohol",
        "speech": "speech",
        "balance": "balance and movement",
        "eyes": "eyes",
        "behaviour": "behaviour",
        "admitted_use": "admitted use",
        "other": "other",
        "none": "none ordered",
        "breath": "breath test",
        "urine": "urine sample",
        "saliva": "saliva sample",
    },
}


def observation(ctx: Context) -> tuple[str, list[Section]]:
    row = _observation(ctx)
    t = _T[ctx.lang]
    signs = ", ".join(t[s] for s in row["signs"])
    return t["title"], [
        Section(
            t["observation"],
            (
                Line(t["observed_at"], ctx.instant(row["observed_at"])),
                Line(t["occasion"], t[row["occasion"]]),
                Line(t["place"], row["place"]),
                Line(t["observer"], row["observer"]),
                Line(t["signs"], signs),
                Line(t["description"], row["description"]),
                Line(t["statement"], row["convict_statement"] or t["missing"]),
                Line(t["test"], t[row["test_ordered"]]),
            ),
        ),
        Section(t["form"], paragraphs=(t["form_text"],)),
    ]


def _observation(ctx: Context) -> dict[str, Any]:
    rows = [
        r
        for r in ctx.uow.cases.find("case_intoxication_observations", case_id=ctx.case["id"])
        if ctx.item_id is None or r["id"] == ctx.item_id
    ]
    if not rows:
        raise Conflict("no_observation: no intoxication was observed on this case (§11.2)")
    return rows[-1]
