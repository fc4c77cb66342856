"""Production mode refuses an API without TLS (unless a proxy ends TLS), and the TLS settings
are checked together: a certificate without its key, or a TLS port for a protocol that has
no TCP port, is refused with the setting's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from valvo.settings import Settings

STRONG = "s" * 40


def production(**changes: Any) -> Settings:
    values: dict[str, Any] = {
        "mode": "production",
        "secret_key": STRONG,
        "audit_key": "k" * 40,
        "admin_password": "a-long-admin-password",
        "database_url": "postgresql+psycopg://valvo@db/valvo",
        "require_totp": True,  # the second factor is checked in tests/unit/auth
        **changes,
    }
    return Settings(**values)


def test_production_refuses_an_api_without_tls() -> None:
    with pytest.raises(ValidationError, match="production mode refused: the API has no TLS"):
        production()


def test_production_accepts_a_certificate_or_a_tls_proxy(tmp_path: Path) -> None:
    assert production(behind_tls_proxy=True).behind_tls_proxy
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    assert production(tls_cert_file=cert, tls_key_file=key).tls_enabled


def test_a_certificate_needs_its_key(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="VALVO_TLS_CERT_FILE and VALVO_TLS_KEY_FILE"):
        Settings(tls_cert_file=tmp_path / "cert.pem")


def test_tcp_tls_names_only_configured_protocols_and_needs_a_certificate(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="without a TCP port: \\['gt06'\\]"):
        Settings(tcp_ports={"teltonika": 5027}, tcp_tls=["gt06"])
    with pytest.raises(ValidationError, match="VALVO_TCP_TLS needs VALVO_TLS_CERT_FILE"):
        Settings(tcp_ports={"teltonika": 5027}, tcp_tls=["teltonika"])
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    ok = Settings(
        tcp_ports={"teltonika": 5027}, tcp_tls=["teltonika"], tls_cert_file=cert, tls_key_file=key
    )
    assert ok.tcp_tls == ["teltonika"]


def test_the_jetstream_log_is_refused_on_sqlite_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="VALVO_LOG_BACKEND=jetstream needs PostgreSQL"):
        Settings(data_dir=tmp_path, log_backend="jetstream")
    ok = Settings(database_url="postgresql+psycopg://valvo@db/valvo", log_backend="jetstream")
    assert ok.log_backend == "jetstream"


def test_log_partitions_and_subject_prefix_are_checked() -> None:
    with pytest.raises(ValidationError, match="log_partitions"):
        Settings(log_partitions=0)
    with pytest.raises(ValidationError, match="log_subject_prefix"):
        Settings(log_subject_prefix="a.b")


def test_production_refuses_a_missing_or_short_audit_key() -> None:
    for key in ("", "short"):
        with pytest.raises(ValidationError, match="VALVO_AUDIT_KEY is not set or shorter than 32"):
            production(behind_tls_proxy=True, audit_key=key)


def test_the_audit_key_is_the_setting_or_derived_from_the_secret_key() -> None:
    own = production(behind_tls_proxy=True).resolved_audit_key
    assert own == b"k" * 40
    derived = Settings(secret_key="a" * 40).resolved_audit_key
    assert derived != Settings(secret_key="b" * 40).resolved_audit_key
    assert b"a" * 40 not in derived  # never the secret key itself


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "valvo.example.fi"])
def test_the_published_development_secret_is_refused_beyond_loopback(host: str) -> None:
    with pytest.raises(ValidationError, match=f"VALVO_API_HOST={host} is reachable"):
        Settings(api_host=host)
    assert Settings(api_host=host, secret_key=STRONG).api_host == host  # its own secret: fine


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_the_development_secret_serves_loopback(host: str) -> None:
    assert Settings(api_host=host).uses_development_secret
