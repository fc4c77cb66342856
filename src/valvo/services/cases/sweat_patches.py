"""Sweat patches of a monitoring sentence (R67, an optional module; 5.2; rules in
``domain/cases/sweat_patches``).

A patch is applied (code, when, by whom) and its change falls due ``change_days`` later: a
``sweat_patch_change`` deadline task, so a late change is on the deadline monitor the
supervisor reads, and on the case. Removed intact, it is drawn for the laboratory with the
case's percentage from the configuration's recorded seed (the draw's value is kept beside it,
so it can be recomputed); removed tampered, it opens a breach (§8: hindering the monitoring).
The laboratory's result is recorded as a substance test of kind ``sweat_patch``
(``supervision.record_test``): a positive result not explained by a prescription goes to court
(§14.3), as every laboratory result does."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from valvo.domain.cases import sweat_patches as rules
from valvo.domain.cases.deadlines import DeadlineKind
from valvo.domain.cases.identity_checks import new_seed
from valvo.domain.cases.sentence import Status
from valvo.domain.cases.substance import TestResult
from valvo.domain.schedule import zone
from valvo.services.cases import breaches, supervision
from valvo.services.cases.common import (
    choice,
    close_tasks,
    lawful,
    load_row,
    new_id,
    open_task,
    record_step,
    today,
)
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

CONFIGS, PATCHES = "case_patch_configs", "case_sweat_patches"
_SERVING = (Status.ENFORCING, Status.INTERRUPTED)


def configure(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, change_days: int, lab_percent: int
) -> dict[str, Any]:
    """How often the patch is changed and the share of removed patches analysed, from now on
    (a fresh seed recorded; the patch worn keeps the change it was given)."""
    case, _ = load_sentence(uow, case_id)
    config = lawful(lambda: rules.check_config(change_days, lab_percent, new_seed(os.urandom(16))))
    row = _config_row(uow, case_id, config, actor, now)
    uow.cases.insert(CONFIGS, row)
    details = {"config_id": row["id"], "change_days": change_days, "lab_percent": lab_percent}
    record_step(uow, case, actor, now, "sweat_patch_configured", details)
    return row


def _config_row(
    uow: UnitOfWork, case_id: str, config: rules.PatchConfig, actor: str, now: datetime
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "case_id": case_id,
        "version": uow.cases.next_number(CONFIGS, "version", case_id),
        "change_days": config.change_days,
        "lab_percent": config.lab_percent,
        "seed": config.seed,
        "created_at": now,
        "created_by": actor,
    }


def _current(uow: UnitOfWork, case_id: str) -> dict[str, Any] | None:
    rows = uow.cases.find(CONFIGS, case_id=case_id)
    return max(rows, key=lambda r: r["version"], default=None)


def _as_config(row: Mapping[str, Any]) -> rules.PatchConfig:
    return rules.PatchConfig(int(row["change_days"]), int(row["lab_percent"]), str(row["seed"]))


def apply_patch(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    code: str,
    applied_at: datetime,
    applied_by: str,
) -> dict[str, Any]:
    """R67: a patch applied while serving; one at a time. With no configuration yet, the
    defaults (weekly, 25 %) are recorded with a seed of their own first."""
    case, sentence = load_sentence(uow, case_id)
    if sentence.status not in _SERVING:
        raise Conflict(f"wrong_state: patches are worn while serving, not {sentence.status}")
    patch_code = lawful(lambda: rules.check_code(code))
    by = (applied_by or "").strip()
    if not by:
        raise InvalidInput("applied_by_missing: name who applied the patch")
    worn = any(p["removed_at"] is None for p in uow.cases.find(PATCHES, case_id=case_id))
    lawful(lambda: rules.check_application(worn, applied_at, now))
    config = _current(uow, case_id)
    if config is None:
        defaults = rules.PatchConfig(
            rules.DEFAULT_CHANGE_DAYS, rules.DEFAULT_LAB_PERCENT, new_seed(os.urandom(16))
        )
        config = _config_row(uow, case_id, defaults, actor, now)
        uow.cases.insert(CONFIGS, config)
    due = rules.change_due(applied_at, int(config["change_days"]), zone(str(case["timezone"])))
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "code": patch_code,
        "applied_at": applied_at,
        "applied_by": by[:200],
        "change_due_at": due,
        "config_id": config["id"],
        "removed_at": None,
        "removed_by": None,
        "removal": None,
        "draw_value": None,
        "draw_percent": None,
        "selected": None,
        "test_id": None,
        "breach_id": None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert(PATCHES, row)
    open_task(uow, case_id, DeadlineKind.SWEAT_PATCH_CHANGE, due, now)
    details = {"patch_id": row["id"], "code": patch_code, "change_due_at": due}
    record_step(uow, case, actor, now, "sweat_patch_applied", details)
    return row


def remove_patch(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    patch_id: str,
    removed_at: datetime,
    removed_by: str,
    removal: str,
) -> dict[str, Any]:
    """R67: the patch removed (its change met, late or not); intact, it is drawn for the
    laboratory; tampered, a breach opens (§8)."""
    case, sentence = load_sentence(uow, case_id)
    patch = load_row(uow, PATCHES, patch_id, case_id, "sweat patch")
    if patch["removed_at"] is not None:
        raise Conflict(f"patch_removed: patch {patch['code']} was already removed")
    state = choice(rules.Removal, removal, "removal")
    by = (removed_by or "").strip()
    if not by:
        raise InvalidInput("removed_by_missing: name who removed the patch")
    lawful(lambda: rules.check_removal(patch["applied_at"], removed_at, now))
    values: dict[str, Any] = {"removed_at": removed_at, "removed_by": by[:200], "removal": state}
    if state is rules.Removal.INTACT:
        config_row = uow.cases.get(CONFIGS, str(patch["config_id"])) if patch["config_id"] else None
        config = rules.DEFAULT if config_row is None else _as_config(config_row)
        drawn = rules.draw(config, patch["code"], today(case, patch["applied_at"]))
        values |= {
            "draw_value": drawn.value,
            "draw_percent": drawn.percent,
            "selected": drawn.selected,
        }
    elif sentence.status in _SERVING:
        breach = breaches.open_breach(
            uow,
            actor,
            now,
            case_id=case_id,
            occurred_at=removed_at,
            source="supervisor",
            description=f"sweat patch {patch['code']} tampered with (§8)",
        )
        values["breach_id"] = breach["id"]
    uow.cases.update(PATCHES, patch_id, values)
    close_tasks(uow, case_id, (DeadlineKind.SWEAT_PATCH_CHANGE,), removed_at)
    details = {
        "patch_id": patch_id,
        "removal": state.value,
        "selected": values.get("selected"),
        "draw_value": values.get("draw_value"),
        "draw_percent": values.get("draw_percent"),
    }
    record_step(uow, case, actor, now, "sweat_patch_removed", details)
    return {**patch, **values}


def record_result(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    patch_id: str,
    result: str,
    substance: str | None = None,
    laboratory: str | None = None,
) -> dict[str, Any]:
    """R67: the laboratory's result of a patch drawn for it, recorded as a ``sweat_patch``
    substance test (its positive-result handling, §14.3, R65's prescriptions)."""
    patch = load_row(uow, PATCHES, patch_id, case_id, "sweat patch")
    if not patch["selected"]:
        raise Conflict(f"not_selected: patch {patch['code']} was not drawn for the laboratory")
    if patch["test_id"] is not None:
        raise Conflict(f"result_recorded: patch {patch['code']} already has its result")
    found = choice(TestResult, result, "result")
    if found is TestResult.REFUSED:
        raise InvalidInput("a laboratory result is positive or negative")
    test = supervision.record_test(
        uow,
        actor,
        now,
        case_id=case_id,
        kind="sweat_patch",
        taken_at=patch["removed_at"],
        location=(laboratory or "").strip() or None,
        tester=str(patch["removed_by"]),
        result=found.value,
        substance=(substance or "").strip() or None,
    )
    uow.cases.update(PATCHES, patch_id, {"test_id": test["id"]})
    return {**patch, "test_id": test["id"], "test": test}


def section(uow: UnitOfWork, case_id: str, now: datetime) -> dict[str, Any]:
    """The case page's view: the configuration (or the defaults), every patch newest first
    with its test, the patch worn and whether its change is overdue."""
    case, _ = load_sentence(uow, case_id)
    config = _current(uow, case_id)
    tests = {t["id"]: t for t in uow.cases.find("case_substance_tests", case_id=case_id)}
    patches = []
    for p in sorted(
        uow.cases.find(PATCHES, case_id=case_id), key=lambda r: r["applied_at"], reverse=True
    ):
        test = tests.get(p["test_id"]) if p["test_id"] else None
        patches.append(
            {
                **p,
                "overdue": rules.overdue(p["change_due_at"], p["removed_at"], now),
                "result": None if test is None else test["result"],
                "consequence": None if test is None else test["consequence"],
                "substance": None if test is None else test["substance"],
                "entitled_medicine": None if test is None else test["entitled_medicine"],
            }
        )
    worn = next((p for p in patches if p["removed_at"] is None), None)
    return {
        "case_id": case["id"],
        "config": {
            "change_days": rules.DEFAULT_CHANGE_DAYS if config is None else config["change_days"],
            "lab_percent": rules.DEFAULT_LAB_PERCENT if config is None else config["lab_percent"],
            "configured": config is not None,
        },
        "patches": patches,
        "worn": worn,
        "overdue": bool(worn and worn["overdue"]),
        "serving": case["status"] in (Status.ENFORCING.value, Status.INTERRUPTED.value),
    }
