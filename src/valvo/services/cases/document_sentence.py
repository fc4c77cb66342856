"""The monitoring-sentence documents: the report (§4), the plan (§6), the written warning
(§14.1) and the report to the prosecutor (§16)."""

from __future__ import annotations

from typing import Any

from valvo.domain.cases.report import CoResident
from valvo.domain.cases.sentence_plan import read_sentence_plan
from valvo.domain.law.conversion import convert_to_prison
from valvo.services.cases.breaches import could_not_be_heard
from valvo.services.cases.common import policy_of, today
from valvo.services.cases.document_model import Context, Line, Section
from valvo.services.cases.document_text import WARNING_CONSEQUENCE
from valvo.services.cases.labels import BREACH_KINDS, PURPOSES, WEEKDAYS
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.errors import Conflict


def report(ctx: Context) -> tuple[str, list[Section]]:
    row = ctx.uow.cases.get("case_reports", ctx.case["id"])
    assert row is not None
    consent = row["suspect_consents"]
    residents = ctx.uow.cases.find("case_co_residents", case_id=ctx.case["id"])
    on = row["completed_on"] or today(ctx.case, ctx.now)
    resident_rows = [(ctx.t("person"), ctx.t("born"), ctx.t("age"), ctx.t("consent_or_hearing"))]
    for r in residents:
        age = CoResident(r["name"], r["birth_date"]).age_on(on)
        state = (
            f"{ctx.t('written_consent')}: {ctx.yes_no(r['written_consent'])}"
            if age >= policy_of(ctx.case).adult_age
            else " ".join((ctx.t("heard" if r["heard"] else "not_heard"), r["views"] or "")).strip()
        )
        resident_rows.append((r["name"], ctx.day(r["birth_date"]), str(age), state))
    return ctx.t("report_title"), [
        Section(
            ctx.t("request"),
            (
                Line(ctx.t("requester"), ctx.named(_requested_by(ctx), row["requester"])),
                Line(ctx.t("requested_on"), ctx.day(row["requested_on"])),
            ),
        ),
        Section(
            ctx.t("mandatory"),
            (
                Line(
                    ctx.t("item1"),
                    ctx.t("missing")
                    if consent is None
                    else ctx.t("consents" if consent else "refuses"),
                ),
                Line(ctx.t("item2"), ctx.text(row["dwelling_assessment"])),
                Line(ctx.t("item3"), ctx.text(row["circumstances_assessment"])),
                Line(ctx.t("item4"), ctx.text(row["activity_place"])),
                Line(ctx.t("item5"), ctx.text(row["movement_needs"])),
            ),
        ),
        Section(
            ctx.t("statement"),
            (Line(ctx.t("suspect_heard"), ctx.day(row["suspect_heard_on"])),),
            (
                ctx.t("missing")
                if row["statement_justified"] is None
                else ctx.t("justified" if row["statement_justified"] else "not_justified"),
                row["statement"] or "",
            ),
        ),
        Section(ctx.t("co_residents"), table=tuple(resident_rows) if residents else ()),
        Section(
            ctx.t("other_info"),
            (
                Line(ctx.t("substance"), ctx.text(row["substance_assessment"])),
                Line(
                    ctx.t("home_visit"),
                    f"{ctx.day(row['home_visit_on'])} {_who(ctx, row['home_visit_by'])}".strip(),
                ),
                Line(ctx.t("existing_work"), row["existing_work_or_study"] or ctx.t("none")),
                Line(ctx.t("form"), row["form_version"]),
                Line(ctx.t("completed_on"), ctx.day(row["completed_on"])),
            ),
        ),
    ]


def _who(ctx: Context, person: str | None) -> str:
    """A name typed on the form, or a user of the signatory register by name."""
    entry = ctx.letterhead.signatory(person or "")
    return entry.name if entry else (person or "")


def _requested_by(ctx: Context) -> str | None:
    events = ctx.uow.cases.find("case_events", case_id=ctx.case["id"], kind="report_requested")
    return str(events[0]["actor"]) if events else None


def plan(ctx: Context) -> tuple[str, list[Section]]:
    plans = ctx.uow.cases.find("case_plans", case_id=ctx.case["id"])
    if not plans:
        raise Conflict("no_plan: the plan has not been confirmed yet (§6)")
    version = plans[-1]
    plan, _ = read_sentence_plan(version["content"])
    items = tuple(
        Line(ctx.t(f"plan_item_{key}"), ctx.text(plan.items.get(key)))
        for key in (
            "abode",
            "activity",
            "monitoring",
            "abode_timing",
            "movement",
            "support",
            "personal_time",
            "other",
        )
    )
    idx = 1 if ctx.lang == "fi" else 0
    weekly = [(ctx.t("weekday"), ctx.t("time"), ctx.t("purpose"))] + [
        (
            WEEKDAYS[e.weekday][idx],
            f"{e.start:%H:%M}–{e.end:%H:%M}",
            PURPOSES[e.purpose.value].text(ctx.lang),
        )
        for e in sorted(plan.weekly, key=lambda e: (e.weekday, e.start))
    ]
    one_off = [(ctx.t("from"), ctx.t("to"), ctx.t("purpose"))] + [
        (
            f"{ctx.day(i.start.date())} {i.start:%H:%M}",
            f"{ctx.day(i.end.date())} {i.end:%H:%M}",
            PURPOSES[i.purpose.value].text(ctx.lang),
        )
        for i in plan.one_off
    ]
    header = (
        Line(ctx.t("period"), f"{ctx.day(plan.start)} – {ctx.day(plan.end)}"),
        Line(ctx.t("version"), str(version["version"])),
        Line(ctx.t("convict_heard"), ctx.day(version["convict_heard_on"])),
        *((Line(ctx.t("amendment_reason"), version["reason"]),) if version["reason"] else ()),
    )
    return ctx.t("plan_title"), [
        Section(ctx.t("basics"), header),
        Section(ctx.t("mandatory"), items, (ctx.t("substance_ban"),)),
        Section(ctx.t("weekly"), table=tuple(weekly)),
        *((Section(ctx.t("one_off"), table=tuple(one_off)),) if plan.one_off else ()),
    ]


def _breach(ctx: Context, status: str) -> dict[str, Any]:
    rows = [
        b
        for b in ctx.uow.cases.find("case_breaches", case_id=ctx.case["id"])
        if b["status"] == status and (ctx.breach_id is None or b["id"] == ctx.breach_id)
    ]
    if not rows:
        raise Conflict(f"no_breach: no breach of this case is {status}")
    return rows[-1]


def warning(ctx: Context) -> tuple[str, list[Section]]:
    breach = _breach(ctx, "warned")
    return ctx.t("warning_title"), [
        _breach_section(ctx, breach),
        Section(
            ctx.t("warning"),
            (Line(ctx.t("issued"), ctx.day(breach["responded_on"])),),
            (ctx.t("warning_body"), WARNING_CONSEQUENCE[ctx.lang]),
        ),
    ]


def _breach_section(ctx: Context, breach: dict[str, Any]) -> Section:
    kind = BREACH_KINDS[breach["kind"]].text(ctx.lang) if breach["kind"] else ctx.t("missing")
    return Section(
        ctx.t("breach"),
        (
            Line(ctx.t("breach_kind"), kind),
            Line(ctx.t("occurred"), ctx.instant(breach["occurred_at"])),
            Line(ctx.t("description"), ctx.text(breach["description"])),
            Line(ctx.t("hearing"), ctx.day(breach["heard_on"])),
            Line(ctx.t("convict_statement"), ctx.text(breach["convict_statement"])),
        ),
    )


def breach_report(ctx: Context) -> tuple[str, list[Section]]:
    breach = _breach(ctx, "referred")
    if breach["heard_on"] is None and not could_not_be_heard(ctx.uow, breach):
        raise Conflict(
            "hearing_required: the report to the prosecutor follows the convict's hearing "
            "(§16, R83)"
        )
    case, sentence = load_sentence(ctx.uow, ctx.case["id"])
    row = ctx.uow.cases.get("sentences", case["id"]) or {}
    on = breach["responded_on"]
    served = sentence.served_days(on)
    unserved = max(0, (sentence.length_days or 0) - served)
    prison = convert_to_prison(unserved, policy_of(case))
    return ctx.t("breach_report_title"), [
        Section(
            ctx.t("sentence"),
            (
                Line(ctx.t("sentencing_court"), ctx.text(row.get("sentencing_court"))),
                Line(ctx.t("length"), f"{sentence.length_days} {ctx.t('days')}"),
                Line(ctx.t("serving_start"), ctx.day(sentence.serving_start)),
                Line(ctx.t("served_days"), f"{served} {ctx.t('days')}"),
                Line(ctx.t("unserved_days"), f"{unserved} {ctx.t('days')}"),
            ),
        ),
        _breach_section(ctx, breach),
        Section(
            ctx.t("referral"),
            (
                Line(ctx.t("referred_on"), ctx.day(on)),
                Line(ctx.t("interrupted_on"), ctx.day(on)),
                Line(ctx.t("conversion"), f"{prison} {ctx.t('days')} ({ctx.t('conversion_rule')})"),
            ),
            (ctx.t("request_conversion"),),
        ),
    ]
