"""Case numbers run nationally per type and year (VR-2026-00017): cases opened at the same time
by several supervisors each get their own number, none refused for a duplicate, none skipped."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from valvo.bootstrap import Valvo
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, zone
from valvo.services.cases import reports

THREADS, EACH = 4, 5


def test_cases_opened_at_once_get_consecutive_distinct_numbers(valvo: Valvo) -> None:
    now = valvo.clock()
    requested = now.date() - timedelta(days=1)

    def open_cases(worker: int) -> list[str]:
        numbers = []
        for i in range(EACH):
            with valvo.uow() as uow:
                case = reports.request_report(
                    uow,
                    "prosecutor",
                    now,
                    requester="prosecutor",
                    requested_on=requested,
                    subject_name=f"Henkilö {worker}-{i}",
                    region="Etelä-Suomi",
                )
                uow.commit()
            numbers.append(str(case["number"]))
        return numbers

    with ThreadPoolExecutor(THREADS) as pool:
        numbers = [n for batch in pool.map(open_cases, range(THREADS)) for n in batch]

    year = now.astimezone(zone(DEFAULT_TIMEZONE)).year
    expected = {f"VR-{year}-{i:05d}" for i in range(1, THREADS * EACH + 1)}
    assert sorted(numbers) == sorted(expected)


def test_a_second_case_waits_for_the_first_number_to_be_committed(valvo: Valvo) -> None:
    """The race itself, made certain: while one transaction has read the highest number and
    inserted the next, another one asking for the highest number waits, then sees it."""
    now = valvo.clock()
    year = now.astimezone(zone(DEFAULT_TIMEZONE)).year
    prefix = f"VR-{year}-"
    asked = threading.Event()
    with valvo.uow() as first:
        case = reports.request_report(
            first,
            "prosecutor",
            now,
            requester="prosecutor",
            requested_on=now.date() - timedelta(days=1),
            subject_name="Ensimmäinen",
            region="Etelä-Suomi",
        )

        def second() -> str | None:
            with valvo.uow() as uow:
                asked.set()
                return uow.cases.last_case_number(prefix)

        with ThreadPoolExecutor(1) as pool:
            answer = pool.submit(second)
            asked.wait(10)
            time.sleep(0.5)
            assert not answer.done()  # waiting for the first transaction
            first.commit()
            assert answer.result(10) == case["number"] == f"{prefix}00001"
