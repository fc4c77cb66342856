"""The password policy: length, the username, well-known passwords, one repeated character."""

from __future__ import annotations

import pytest

from valvo.domain.auth.passwords import MIN_LENGTH, common_passwords, password_problem


def test_a_good_password_passes() -> None:
    assert password_problem("korppi-Lintu-47", "aino") is None


@pytest.mark.parametrize(
    ("password", "username", "problem"),
    [
        ("short-1", "aino", f"at least {MIN_LENGTH} characters"),
        ("x" * 257, "aino", "at most 256"),
        ("aaaaaaaaaaaa", "aino", "one repeated character"),
        ("my-AINO-password", "aino", "must not contain the username"),
        ("Password123", "aino", "common passwords"),
        ("salasana123", "aino", "common passwords"),
        ("qwertyuiop", "aino", "common passwords"),
    ],
)
def test_refused_passwords_say_why(password: str, username: str, problem: str) -> None:
    found = password_problem(password, username)
    assert found is not None
    assert problem in found


def test_the_shipped_list_is_loaded_lower_case_without_comments() -> None:
    words = common_passwords()
    assert len(words) > 50
    assert all(w == w.lower() and not w.startswith("#") for w in words)
    # Each entry is long enough to pass the length rule: the list catches what length cannot.
    assert all(len(w) >= MIN_LENGTH for w in words)
