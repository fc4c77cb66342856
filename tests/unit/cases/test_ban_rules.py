"""Travel-ban content, deciders and violations (PKL 2:2–2:6, 2:14, 2:18; R101–R123)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from valvo.domain.cases.ban_content import (
    Authority,
    BanContent,
    Decider,
    Ground,
    Obligation,
    SentenceKind,
    Stage,
    check_content,
    check_decider,
    under_18,
)
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.travel_ban import BanStatus, impose
from valvo.domain.cases.violations import (
    PoliceResponse,
    ViolationCategory,
    check_response,
    check_service_proof,
)
from valvo.domain.law.plan import LocalityWindow
from valvo.domain.law.policy import DRAFT_2007
from valvo.services.cases.schedule import ban_weekly

CONTENT = BanContent(
    offence="fraud",
    max_penalty_months=24,
    grounds=(Ground.FLIGHT,),
    probable_cause=True,
    instead_of_arrest_or_remand=True,
    area="Helsinki",
    obligations=(Obligation.LOCALITY,),
    locality_window=LocalityWindow(time(22), time(6)),
)
DECIDED = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)


def code_of(step: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(CaseError) as caught:
        step(*args, **kwargs)  # type: ignore[operator]
    return caught.value.code


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"grounds": ()}, "no_grounds"),  # R101
        ({"max_penalty_months": 11}, "offence_too_minor"),
        ({"probable_cause": False}, "no_probable_cause"),
        ({"instead_of_arrest_or_remand": False}, "not_instead_of_arrest"),
        ({"area": " "}, "area_missing"),
        ({"offence": ""}, "offence_missing"),
        ({"locality_window": None}, "locality_window_mismatch"),
        ({"obligations": (Obligation.REPORTING,)}, "locality_window_mismatch"),
        ({"obligations": (Obligation.LOCALITY, Obligation.LOCALITY)}, "obligation_repeated"),
    ],
)
def test_content_the_law_does_not_allow(changes: dict[str, object], code: str) -> None:
    assert code_of(check_content, replace(CONTENT, **changes), DRAFT_2007) == code  # type: ignore[arg-type]


def test_evidence_tampering_is_no_ground() -> None:
    assert {g.value for g in Ground} == {"flight_or_evasion", "continued_crime"}
    check_content(CONTENT, DRAFT_2007)


NOTIFIED = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)
DECIDED_AT = NOTIFIED + timedelta(hours=1)


@pytest.mark.parametrize(
    ("decider", "locality", "provisional", "notified", "code"),
    [
        (Decider.POLICE, True, True, False, None),  # R109 (b)
        (Decider.PROSECUTOR, True, True, False, None),  # R109 (c)
        (Decider.COURT, True, False, False, None),  # R109 (a)
        (Decider.COURT, True, True, False, "court_decides_finally"),
        (Decider.POLICE, True, False, True, "locality_needs_court"),
        (Decider.POLICE, False, False, False, "prosecutor_not_notified"),  # R110
        (Decider.POLICE, False, False, True, None),
        (Decider.POLICE, False, True, True, "provisional_without_locality"),
    ],
)
def test_who_decides(
    decider: Decider, locality: bool, provisional: bool, notified: bool, code: str | None
) -> None:
    authority = Authority(decider, prosecutor_notified_at=NOTIFIED if notified else None)
    kwargs = {"locality": locality, "provisional": provisional, "decided_at": DECIDED_AT}
    if code is None:
        check_decider(authority, **kwargs)  # type: ignore[arg-type]
    else:
        assert code_of(check_decider, authority, **kwargs) == code


ORDINARY = {"locality": False, "provisional": False, "decided_at": DECIDED_AT}


@pytest.mark.parametrize(
    ("authority", "code"),
    [
        # R110 (PKL 2:6.1): the police notify the prosecutor before they decide ...
        (Authority(Decider.POLICE, prosecutor_notified_at=DECIDED_AT), None),
        (
            Authority(Decider.POLICE, prosecutor_notified_at=DECIDED_AT + timedelta(minutes=1)),
            "notified_after_decision",
        ),
        # ... and a prosecutor who takes the decision over decides it themselves.
        (
            Authority(Decider.POLICE, prosecutor_notified_at=NOTIFIED, prosecutor_took_over=True),
            "prosecutor_took_over",
        ),
        (
            Authority(
                Decider.PROSECUTOR, prosecutor_notified_at=NOTIFIED, prosecutor_took_over=True
            ),
            None,
        ),
        (Authority(Decider.PROSECUTOR, prosecutor_took_over=True), "takeover_without_notification"),
        (Authority(Decider.PROSECUTOR), "prosecutor_not_taken_over"),
        # Once the investigation is transferred the prosecutor decides.
        (Authority(Decider.PROSECUTOR, stage=Stage.WITH_PROSECUTOR), None),
        (
            Authority(Decider.POLICE, stage=Stage.WITH_PROSECUTOR, prosecutor_notified_at=NOTIFIED),
            "prosecutor_decides_now",
        ),
        # PKL 2:6.2: after charges only the court, and only on the prosecutor's demand.
        (Authority(Decider.COURT, stage=Stage.CHARGED, prosecutor_demanded=True), None),
        (Authority(Decider.COURT, stage=Stage.CHARGED), "no_prosecutor_demand"),
        (Authority(Decider.PROSECUTOR, stage=Stage.CHARGED), "court_only_after_charges"),
        (
            Authority(Decider.POLICE, stage=Stage.CHARGED, prosecutor_notified_at=NOTIFIED),
            "court_only_after_charges",
        ),
    ],
)
def test_r110_the_prosecutor_is_notified_and_may_take_over(
    authority: Authority, code: str | None
) -> None:
    if code is None:
        check_decider(authority, **ORDINARY)  # type: ignore[arg-type]
    else:
        assert code_of(check_decider, authority, **ORDINARY) == code


@pytest.mark.parametrize(
    ("sentence", "demanded", "remanded", "indefinite", "code"),
    [
        (SentenceKind.UNCONDITIONAL_PRISON, True, False, True, None),
        (SentenceKind.UNCONDITIONAL_PRISON, False, True, True, None),  # remanded: own motion
        (SentenceKind.UNCONDITIONAL_PRISON, False, False, True, "no_prosecutor_demand"),
        (SentenceKind.CONDITIONAL_PRISON, True, False, True, "conviction_ban_needs_prison"),
        (SentenceKind.MONITORING_SENTENCE, True, False, True, "conviction_ban_needs_prison"),
        (SentenceKind.FINE, True, False, True, "conviction_ban_needs_prison"),
        (SentenceKind.UNCONDITIONAL_PRISON, True, False, False, "conviction_ban_fixed_term"),
        (None, True, False, True, "sentence_missing"),
    ],
)
def test_r120_a_convicted_persons_ban_only_for_unconditional_prison(
    sentence: SentenceKind | None,
    demanded: bool,
    remanded: bool,
    indefinite: bool,
    code: str | None,
) -> None:
    authority = Authority(
        Decider.COURT,
        stage=Stage.JUDGMENT,
        prosecutor_demanded=demanded,
        remanded=remanded,
        sentence=sentence,
    )
    kwargs = {**ORDINARY, "indefinite": indefinite}
    if code is None:
        check_decider(authority, **kwargs)  # type: ignore[arg-type]
    else:
        assert code_of(check_decider, authority, **kwargs) == code


def test_r102_under_18_on_the_day_of_the_decision() -> None:
    assert under_18(date(2009, 5, 4), date(2027, 5, 3), DRAFT_2007)
    assert not under_18(date(2009, 5, 3), date(2027, 5, 3), DRAFT_2007)
    assert not under_18(None, date(2027, 5, 3), DRAFT_2007)


@pytest.mark.parametrize(
    ("category", "response", "minor", "warned", "code"),
    [
        (ViolationCategory.MOVEMENT, PoliceResponse.WARNING, True, False, None),
        (
            ViolationCategory.MOVEMENT,
            PoliceResponse.ARREST,
            True,
            False,
            "minor_violation_gets_warning",
        ),
        (ViolationCategory.DEVICE, PoliceResponse.WARNING, False, False, "warning_only_for_minor"),
        (ViolationCategory.DEVICE, PoliceResponse.REMAND, False, False, None),
        (
            ViolationCategory.IGNORED_WARNING,
            PoliceResponse.ARREST,
            False,
            False,
            "no_warning_served",
        ),
        (ViolationCategory.IGNORED_WARNING, PoliceResponse.ARREST, False, True, None),
        (
            ViolationCategory.FLIGHT_OR_CRIME,
            PoliceResponse.IMMEDIATE_ENFORCEMENT,
            False,
            False,
            None,
        ),
    ],
)
def test_r122_police_responses(
    category: ViolationCategory,
    response: PoliceResponse,
    minor: bool,
    warned: bool,
    code: str | None,
) -> None:
    kwargs = {"minor": minor, "warned_before": warned}
    if code is None:
        check_response(category, response, **kwargs)
    else:
        assert code_of(check_response, category, response, **kwargs) == code


def test_r123_a_warning_is_served_with_proof() -> None:
    assert code_of(check_service_proof, "", "receipt") == "server_missing"
    assert code_of(check_service_proof, "konstaapeli", " ") == "proof_missing"
    check_service_proof("konstaapeli", "signed receipt")


def test_r118_lapse_is_recorded_at_the_law_s_instant_and_only_then() -> None:
    ban = impose(DECIDED, device="GPS-1", policy=DRAFT_2007)
    assert code_of(ban.lapse, DECIDED + timedelta(days=59), DRAFT_2007) == "ban_not_lapsed"
    lapsed = ban.lapse(DECIDED + timedelta(days=61), DRAFT_2007)
    assert lapsed.status is BanStatus.LAPSED
    assert lapsed.ended_at == DECIDED + timedelta(days=60)
    assert code_of(lapsed.lapse, DECIDED + timedelta(days=62), DRAFT_2007) == "ban_already_ended"


def test_r103_a_fixed_term_ban_ends_with_its_term_even_after_charges() -> None:
    term = DECIDED + timedelta(days=20)
    ban = impose(DECIDED, device="GPS-1", policy=DRAFT_2007, term_ends_at=term)
    charged = ban.bring_charges(DECIDED + timedelta(days=5), DRAFT_2007)
    assert charged.status_at(term - timedelta(seconds=1), DRAFT_2007) is BanStatus.IN_FORCE
    assert charged.status_at(term, DRAFT_2007) is BanStatus.LAPSED
    assert charged.lapse(term + timedelta(hours=1), DRAFT_2007).ended_at == term
    assert code_of(impose, DECIDED, device="G", policy=DRAFT_2007, term_ends_at=DECIDED) == (
        "term_before_decision"
    )


def test_the_engine_requires_presence_only_inside_the_locality_window() -> None:
    assert {(w["start"], w["end"]) for w in ban_weekly("22:00", "06:00")} == {("06:00", "22:00")}
    assert len(ban_weekly("22:00", "06:00")) == 7
    free = ban_weekly(None, None)  # no locality obligation: the whole day, every day
    assert len(free) == 14
    assert {(w["start"], w["end"]) for w in free} == {("00:00", "12:00"), ("12:00", "00:00")}
