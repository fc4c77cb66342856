"""TOTP against the RFC 6238 appendix B vectors (and RFC 4226 appendix D for HOTP), the ±1
step window, and the otpauth URI an authenticator app reads."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from valvo.domain.auth import totp

SEED_SHA1 = b"12345678901234567890"
SEED_SHA256 = b"12345678901234567890123456789012"
SEED_SHA512 = b"1234567890123456789012345678901234567890123456789012345678901234"

# RFC 6238, appendix B: (unix time, SHA-1, SHA-256, SHA-512), 8 digits.
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize(("unix", "sha1", "sha256", "sha512"), RFC6238)
def test_rfc6238_vectors(unix: int, sha1: str, sha256: str, sha512: str) -> None:
    at = datetime.fromtimestamp(unix, UTC)
    assert totp.totp(SEED_SHA1, at, digits=8) == sha1
    assert totp.totp(SEED_SHA256, at, digits=8, digest="sha256") == sha256
    assert totp.totp(SEED_SHA512, at, digits=8, digest="sha512") == sha512


def test_rfc4226_hotp_vectors() -> None:
    expected = ["755224", "287082", "359152", "969429", "338314"]
    assert [totp.hotp(SEED_SHA1, counter) for counter in range(5)] == expected


def test_the_code_of_the_step_before_and_after_is_accepted_but_not_two_steps_away() -> None:
    at = datetime(2026, 11, 23, 10, 0, 15, tzinfo=UTC)
    step = totp.time_step(at)
    for delta in (-1, 0, 1):
        code = totp.hotp(SEED_SHA1, step + delta)
        assert totp.matching_step(SEED_SHA1, code, at) == step + delta
    for delta in (-2, 2):
        assert totp.matching_step(SEED_SHA1, totp.hotp(SEED_SHA1, step + delta), at) is None


def test_malformed_codes_match_nothing_and_spaces_are_allowed() -> None:
    at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    code = totp.totp(SEED_SHA1, at)
    assert totp.matching_step(SEED_SHA1, f"{code[:3]} {code[3:]}", at) == totp.time_step(at)
    for bad in ("", "12345", "1234567", "abcdef", code + "0"):
        assert totp.matching_step(SEED_SHA1, bad, at) is None


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        totp.time_step(datetime(2026, 11, 23, 10, 0))  # noqa: DTZ001 (the point of the test)


def test_provisioning_uri_carries_the_secret_and_parameters() -> None:
    key = totp.new_secret()
    assert len(key) == totp.SECRET_BYTES
    uri = urlparse(totp.provisioning_uri(key, "aino@valvo", issuer="Valvo"))
    assert uri.scheme == "otpauth"
    assert uri.netloc == "totp"
    assert uri.path == "/Valvo%3Aaino%40valvo"
    query = {k: v[0] for k, v in parse_qs(uri.query).items()}
    padded = query["secret"] + "=" * (-len(query["secret"]) % 8)
    assert base64.b32decode(padded) == key
    assert query == query | {"issuer": "Valvo", "algorithm": "SHA1", "digits": "6", "period": "30"}


def test_codes_change_every_thirty_seconds() -> None:
    at = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
    codes = {totp.totp(SEED_SHA1, at + timedelta(seconds=s)) for s in range(0, 30, 5)}
    assert len(codes) == 1
    assert totp.totp(SEED_SHA1, at + timedelta(seconds=30)) not in codes
