"""The password policy: long enough, not the username, not a well-known password, not one
repeated character. Checked whenever a password is set (creation, change, reset)."""

from __future__ import annotations

from functools import cache
from importlib import resources

MIN_LENGTH = 10
MAX_LENGTH = 256  # argon2 hashes anything, but a megabyte password is an attack, not a secret


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of well-known passwords (lower case), one a line."""
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def password_problem(password: str, username: str) -> str | None:
    """Why ``password`` may not be used by ``username``, or None if it may."""
    if len(password) < MIN_LENGTH:
        return f"password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"password must be at most {MAX_LENGTH} characters"
    if len(set(password)) == 1:
        return "password must not be one repeated character"
    name = username.strip().lower()
    if name and name in password.lower():
        return "password must not contain the username"
    if password.lower() in common_passwords():
        return "password is on the list of common passwords; choose another"
    return None
