"""R47 device stock: the moves each state allows, the refusal that says why, and the figures
the stock view shows (counts by state and model, the low-stock warning against the caseload)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from valvo.domain.stock import StockError, StockState, back_date, figures, move, overdue


def test_a_unit_goes_round_its_life() -> None:
    state = StockState.IN_STOCK
    for action, expected in [
        ("service", "servicing"),
        ("back", "in_stock"),
        ("send", "in_transport"),
        ("receive", "in_stock"),
        ("assign", "assigned"),
        ("install", "installed"),
        ("return", "returned"),
        ("check", "in_stock"),
        ("retire", "retired"),
    ]:
        state = move(state, action)
        assert state == expected


@pytest.mark.parametrize(
    ("state", "action", "why"),
    [
        ("servicing", "assign", "it is in servicing with the vendor; record it back first"),
        ("returned", "assign", "it was returned and awaits its check; check it first"),
        ("in_transport", "assign", "it is in transport; receive it at the unit first"),
        ("assigned", "service", "take it off the person first"),
        ("retired", "check", "it was not returned"),
        ("in_stock", "teleport", "unknown stock action 'teleport'"),
        ("in_stock", "register", "register is not a move of the stock"),
    ],
)
def test_a_move_the_state_does_not_allow_is_refused_with_why(
    state: str, action: str, why: str
) -> None:
    with pytest.raises(StockError) as refused:
        move(state, action)
    assert why in str(refused.value)


def test_the_day_back_from_servicing_is_never_before_it_was_sent_nor_in_the_future() -> None:
    sent = datetime(2026, 3, 2, 9, tzinfo=UTC)
    now = sent + timedelta(days=5)
    assert back_date(sent, None, now) == now.date()
    assert back_date(sent, date(2026, 3, 4), now) == date(2026, 3, 4)
    with pytest.raises(StockError, match="before it was sent"):
        back_date(sent, date(2026, 3, 1), now)
    with pytest.raises(StockError, match="in the future"):
        back_date(sent, now.date() + timedelta(days=1), now)
    assert overdue(sent, now, 4)
    assert not overdue(sent, now, 5)


def test_figures_count_by_state_and_model_and_warn_below_r47s_spares() -> None:
    units: list[dict[str, object]] = [
        {"stock_state": "assigned", "model": "A"},
        {"stock_state": "assigned", "model": "A"},
        {"stock_state": "in_stock", "model": "B"},
        {"stock_state": "retired", "model": None},
    ]
    f = figures(units, caseload=5)
    assert f.counts["assigned"] == 2
    assert f.by_model["A"]["assigned"] == 2
    assert f.by_model[""]["retired"] == 1
    assert f.total == 3  # retired units are not stock
    assert f.spares_needed == 2  # 40 % of 5 people
    assert f.low
    assert not figures(units, caseload=2).low
    assert figures([], caseload=0).spares_needed == 0
