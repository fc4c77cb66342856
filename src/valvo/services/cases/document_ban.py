"""The travel-ban decision with its five mandatory items (PKL 2:9; R113)."""

from __future__ import annotations

from valvo.services.cases.ban_state import load_ban
from valvo.services.cases.common import policy_of
from valvo.services.cases.document_model import Context, Line, Section
from valvo.services.cases.document_text import BAN_CONSEQUENCES


def decision(ctx: Context) -> tuple[str, list[Section]]:
    case, ban = load_ban(ctx.uow, ctx.case["id"])
    row = ctx.uow.cases.get("travel_bans", case["id"])
    assert row is not None
    device = ctx.uow.registry.get("devices", row["device_id"]) or {"identifier": row["device_id"]}
    deadlines = ban.deadlines(policy_of(case))
    grounds = [
        ctx.t("probable_cause"),
        ctx.t("instead_of_arrest"),
        f"{ctx.t('max_penalty')}: {row['max_penalty_months']} {ctx.t('months')}",
        *(ctx.t(g) for g in row["grounds"]),
    ]
    content = [
        Line(ctx.t("area"), row["area"]),
        Line(ctx.t("forbidden"), ", ".join(row["forbidden_areas"]) or ctx.t("none")),
        Line(ctx.t("exits"), ", ".join(row["permitted_exits"]) or ctx.t("none")),
        Line(
            ctx.t("obligations"), ", ".join(ctx.t(o) for o in row["obligations"]) or ctx.t("none")
        ),
    ]
    if row["locality_start"]:
        window = f"{row['locality_start']}–{row['locality_end']}"
        if row["locality_justification"]:
            window += f" ({row['locality_justification']})"
        content.append(Line(ctx.t("locality_window"), window))
    if row["obligation_details"]:
        content.append(Line(ctx.t("obligations"), row["obligation_details"]))
    content += [
        Line(ctx.t("monitoring"), f"{ctx.t('monitoring_text')} {device['identifier']}"),
        Line(
            ctx.t("passport"),
            ctx.t(row["passport_status"])
            + (
                f" {ctx.day(row['passport_surrendered_on'])}"
                if row["passport_surrendered_on"]
                else ""
            ),
        ),
    ]
    validity = [
        f"{ctx.t('validity_text')} ({ctx.instant(deadlines.charges_deadline)}), "
        f"{ctx.t('validity_extension')}."
    ]
    if row["term_ends_at"]:
        validity.append(f"{ctx.t('term_ends')} {ctx.instant(row['term_ends_at'])}.")
    if row["provisional"]:
        validity.append(
            f"{ctx.t('provisional_court')} {row['court']} {ctx.t('referral_by')} "
            f"{ctx.instant(deadlines.court_referral_deadline)} {ctx.t('hearing_by')} "
            f"{ctx.instant(deadlines.court_hearing_deadline)}."
        )
    decider = {
        "police": ctx.t("police"),
        "prosecutor": ctx.t("prosecutor"),
        "court": ctx.t("court"),
    }
    header = [
        Line(ctx.t("decided"), ctx.instant(row["decided_at"])),
        Line(ctx.t("decided_by"), decider[row["decided_by"]]),
        Line(ctx.t("heard_in_person"), ctx.instant(row["heard_in_person_at"])),
        Line(ctx.t("copy"), ctx.t(row["copy_delivery"] or "in_person")),
    ]
    title = ctx.t("ban_provisional_title" if row["provisional"] else "ban_title")
    sections = [
        Section(title, tuple(header), (ctx.t("under_18"),) if row["under_18"] else ()),
        Section(ctx.t("ban1"), paragraphs=(row["offence"],)),
        Section(ctx.t("ban2"), paragraphs=tuple(grounds)),
        Section(ctx.t("ban3"), tuple(content)),
        Section(ctx.t("ban4"), paragraphs=(BAN_CONSEQUENCES[ctx.lang],)),
        Section(ctx.t("ban5"), paragraphs=tuple(validity)),
    ]
    return title, sections
