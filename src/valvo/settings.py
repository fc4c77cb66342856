"""One settings object, read from the environment (``VALVO_*``) and an optional TOML file.

The file is ``valvo.toml`` in the working directory, or the path in ``VALVO_CONFIG``. The
environment wins over the file. Production mode refuses the development defaults for secrets
and debug settings; any mode refuses an API beyond loopback with the published development
secret.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEV_SECRET = "valvo-development-secret-do-not-use-in-production"  # noqa: S105 (refused in production)
DEV_ADMIN_PASSWORD = "valvo-demo"  # noqa: S105 (the demo login; refused in production)


# The demo's signatory register (``document_signatories``): name, and title in each language.
DEMO_SIGNATORIES: dict[str, dict[str, str]] = {
    "supervisor": {
        "name": "Sari Valvoja",
        "fi": "rikosseuraamusesimies",
        "en": "Senior Community Sanctions Officer",
    },
    "prosecutor": {
        "name": "Pekka Syyttäjä",
        "fi": "kihlakunnansyyttäjä",
        "en": "District Prosecutor",
    },
    "court": {"name": "Kaisa Tuomari", "fi": "käräjätuomari", "en": "District Judge"},
    "police": {"name": "Olli Poliisi", "fi": "rikoskomisario", "en": "Detective Inspector"},
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or name) is this machine only."""
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # any other name may resolve to an outside address


class InsecureSettingsError(ValueError):
    """Production mode with a development secret or debug setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VALVO_", extra="forbid")

    mode: Literal["development", "production"] = "development"
    debug: bool = False
    data_dir: Path = Path("var")
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty means SQLite in data_dir"
    )
    # PostgreSQL connection pool per process (docs/postgresql.md): kept open, and allowed to grow
    # by db_max_overflow under a burst.
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    admin_username: str = "admin"
    admin_password: SecretStr = SecretStr(DEV_ADMIN_PASSWORD)
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # Authentication (docs/authentication.md): a login session lasts at most this long (the
    # console refreshes its access token within it); staff need a TOTP second factor when
    # required (production requires it); N failed logins in a window lock the username.
    session_hours: float = Field(default=12, gt=0, le=24 * 30)
    require_totp: bool = False
    totp_issuer: str = "Valvo"
    totp_key: SecretStr = SecretStr("")  # seals TOTP secrets at rest; empty: from secret_key
    login_max_failures: int = Field(default=5, ge=1)
    login_failure_window_minutes: float = Field(default=15, gt=0)
    lockout_minutes: float = Field(default=15, gt=0)

    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=0, le=65535)
    gateway_host: str = "127.0.0.1"
    osmand_port: int | None = Field(default=5055, ge=0, le=65535)
    osmand_speed_unit: Literal["knots", "kmh", "mps", "mph"] = "knots"
    # Device listeners by protocol name, e.g. {"teltonika": 5027, "gt06": 5023}; a protocol
    # with no port does not start. The Valvo device protocol runs over HTTP and/or MQTT.
    tcp_ports: dict[str, int] = Field(default_factory=dict)
    udp_ports: dict[str, int] = Field(default_factory=dict)
    valvo_http_port: int | None = Field(default=None, ge=0, le=65535)
    mqtt_url: str | None = Field(default=None, description="e.g. mqtt://127.0.0.1:1883")
    gateway_strict: bool = False  # refuse frames with a bad CRC/checksum instead of counting
    # Connections held at once by all the process's listeners (API and devices): by default
    # what the open-file limit allows (raised to its hard limit at start-up) less a reserve;
    # and per client address (devices behind one carrier NAT share an address).
    max_connections: int | None = Field(default=None, ge=1)
    max_connections_per_address: int = Field(default=1000, ge=1)
    # A served process's event loop (docs/performance.md): "auto" takes uvloop where it is
    # installed (less CPU per frame) and asyncio's own loop otherwise; the two are equivalent.
    event_loop: Literal["auto", "asyncio", "uvloop"] = "auto"
    # The cyclic collector's youngest generation: a served process collects it after this many
    # more allocations than frees (Python's default is 700; a fix allocates dozens of objects).
    gc_young_threshold: int = Field(default=50_000, ge=1)
    # Unregistered devices (quarantine): frames held per identifier, and after the first burst
    # at most one frame per interval on average; frames over either are refused (no ACK).
    quarantine_max_frames: int = Field(default=1000, ge=1)
    quarantine_burst: int = Field(default=20, ge=1)
    quarantine_interval_s: float = Field(default=10, gt=0)
    # Derives each Valvo device's key; empty means derived from secret_key.
    device_key_secret: SecretStr = SecretStr("")
    # Keys the audit trail's and the evidence tables' seals (docs/audit.md): kept outside the
    # database. Empty: derived from secret_key (development only; production requires it).
    audit_key: SecretStr = SecretStr("")
    # Signs evidence packages (docs/evidence.md): a PEM Ed25519 private key (`valvo evidence
    # keygen`); empty: derived from the audit key. `valvo evidence public-key` prints the
    # public key a court pins.
    evidence_key_file: Path | None = None

    # Crime matching (issue 16): the longest window a submitted crime may have (from..to).
    crime_max_window_hours: float = Field(default=12, gt=0, le=72)

    engine_batch_size: int = Field(default=5000, ge=1)
    engine_idle_wait_s: float = Field(default=0.2, gt=0)
    # The observation log (docs/cluster.md): "database" (the embedded default: the log is a
    # table) or "jetstream" (NATS JetStream, partitioned by device; engine workers share the
    # partitions, each holding a lease for engine_lease_s and committing stream positions
    # with its batches). live_feed "nats" carries alarm events between processes.
    log_backend: Literal["database", "jetstream"] = "database"
    nats_url: str = "nats://127.0.0.1:4222"
    log_stream: str = "VALVO_OBSERVATIONS"
    log_subject_prefix: str = Field(default="valvo", pattern=r"^[A-Za-z0-9_-]+$")
    log_partitions: int = Field(default=16, ge=1, le=4096)
    log_max_age_hours: float = Field(default=7 * 24, gt=0)
    # The gateway publishes the frames of a few milliseconds as one message per partition, of
    # at most this many frames (docs/cluster.md). 1: each frame its own message, as before
    # bundles, for a rolling upgrade while engines older than bundles still read the stream.
    log_bundle_frames: int = Field(default=1000, ge=1, le=1000)
    engine_worker_id: str = ""  # empty: host name and process id
    engine_lease_s: float = Field(default=10, gt=0)
    engine_alarm_desk: bool = True  # run the alarm desk's timers in this engine process
    # The desk's pipeline alarm (issue 20 item 8): the engine more than this behind the log,
    # or no frame from any device for this long while devices are assigned.
    pipeline_lag_alarm_s: float = Field(default=120, gt=0)
    pipeline_no_frame_alarm_s: float = Field(default=600, gt=0)
    # The engine process logs the same judgement this often (0: never), with the alarm desk.
    pipeline_watch_every_s: float = Field(default=30, ge=0)
    live_feed: Literal["inprocess", "nats"] = "inprocess"

    # The alarm desk (docs/alarm-desk.md): who is told what (route -> "mailto:..." or
    # "https://..." targets), the SMTP relay, real-time handling or periodic review (R43), and
    # the escalation steps (empty: the built-in policy).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = "valvo@localhost"
    notify_routes: dict[str, list[str]] = Field(default_factory=dict)
    webhook_secret: SecretStr = SecretStr("")  # signs webhook bodies (X-Valvo-Signature)
    alarm_handling: Literal["realtime", "review"] = "realtime"
    alarm_handling_by_order_type: dict[str, Literal["realtime", "review"]] = Field(
        default_factory=dict
    )
    alarm_review_interval_minutes: int = Field(default=240, ge=1)
    alarm_self_clear_minutes: float = Field(default=10, ge=0)
    escalation_policy: list[dict[str, object]] = Field(default_factory=list)
    # Partners (docs/partners.md): how often ended activity sessions are reconciled with the
    # GPS record (a no-show or mismatch raises an alarm); 0 turns the round off.
    partners_reconcile_every_s: float = Field(default=300, ge=0)
    # The person's network (docs/partners.md, S35): requesting a VTH consultation while the
    # sentence plan is drafted in the preparation phase. Off until the legal enablement asked
    # of the Ministry of Justice and the Ministry of Social Affairs and Health exists.
    vth_consultation: bool = False
    # Case work (docs/cases.md): how often the observation log's key-fob and presence-check
    # events are collected as visits on the person's sentence (R39, R40); 0 turns it off.
    device_visits_every_s: float = Field(default=5, ge=0)
    # Case documents (docs/cases.md): the issuing organisation and unit by language (the
    # case's region follows the unit), and the signatory register: username -> name and title
    # by language. The defaults name the demo's accounts.
    document_organisation: dict[str, str] = Field(
        default_factory=lambda: {"fi": "Rikosseuraamuslaitos", "en": "Criminal Sanctions Agency"}
    )
    document_unit: dict[str, str] = Field(
        default_factory=lambda: {
            "fi": "Yhdyskuntaseuraamustoimisto",
            "en": "Community Sanctions Office",
        }
    )
    document_ban_organisation: dict[str, str] = Field(
        default_factory=lambda: {"fi": "Poliisi", "en": "Police of Finland"}
    )
    document_ban_unit: dict[str, str] = Field(
        default_factory=lambda: {"fi": "Poliisilaitos", "en": "Police department"}
    )
    document_signatories: dict[str, dict[str, str]] = Field(
        default_factory=lambda: dict(DEMO_SIGNATORIES)
    )
    # Follow-up (issue 17, R136): the cost of one prison day the cost per day is compared
    # with, in euro cents (report 8.3: a prison year about 50 000 €, 137 €/day).
    prison_day_cost_cents: int = Field(default=13700, ge=0)

    # TLS (docs/hardening.md): with a certificate and key, the API, the HTTP device endpoints
    # (OsmAnd, Valvo HTTP; unless tls_device_http is off) and the TCP protocols listed in
    # tcp_tls serve TLS 1.2+. Production refuses an API without TLS unless a proxy ends it.
    tls_cert_file: Path | None = None
    tls_key_file: Path | None = None
    tls_device_http: bool = True
    tcp_tls: list[str] = Field(default_factory=list)  # most trackers cannot do TLS
    behind_tls_proxy: bool = False
    # Addresses of the reverse proxies whose X-Forwarded-For / -Proto the API believes (the
    # client address for rate limits and the audit peer); empty: no one's, not even 127.0.0.1.
    trusted_proxies: list[str] = Field(default_factory=list)
    # Rate limits (token buckets, per process): requests per minute and burst per client
    # address and per user, and a stricter bucket for /api/auth/*; 0 turns a limit off.
    rate_limit_per_minute: float = Field(default=600, ge=0)
    rate_limit_burst: int = Field(default=120, ge=1)
    rate_limit_user_per_minute: float = Field(default=600, ge=0)
    rate_limit_user_burst: int = Field(default=120, ge=1)
    rate_limit_auth_per_minute: float = Field(default=20, ge=0)
    rate_limit_auth_burst: int = Field(default=10, ge=1)

    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    log_level: str = "INFO"
    log_json: bool = False

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = Path(os.environ.get("VALVO_CONFIG", "valvo.toml"))
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=config_file),
        )

    @model_validator(mode="after")
    def _check_tls(self) -> Settings:
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise ValueError("VALVO_TLS_CERT_FILE and VALVO_TLS_KEY_FILE go together")
        unknown = sorted(set(self.tcp_tls) - set(self.tcp_ports))
        if unknown:
            raise ValueError(f"VALVO_TCP_TLS names protocols without a TCP port: {unknown}")
        if self.tcp_tls and not self.tls_enabled:
            raise ValueError("VALVO_TCP_TLS needs VALVO_TLS_CERT_FILE and VALVO_TLS_KEY_FILE")
        return self

    @model_validator(mode="after")
    def _check_log(self) -> Settings:
        if self.log_backend == "jetstream" and not self.resolved_database_url.startswith(
            "postgresql"
        ):
            raise ValueError(
                "VALVO_LOG_BACKEND=jetstream needs PostgreSQL (VALVO_DATABASE_URL=postgresql://…): "
                "engine workers lock state rows"
            )
        return self

    @model_validator(mode="after")
    def _refuse_published_secret_beyond_loopback(self) -> Settings:
        """The development secret is published: anyone could sign tokens with it, so an API
        using it listens on loopback only, whatever the mode."""
        if self.uses_development_secret and not is_loopback(self.api_host):
            raise InsecureSettingsError(
                f"VALVO_API_HOST={self.api_host} is reachable from other machines, but "
                "VALVO_SECRET_KEY is the published development secret: set a secret of at least "
                "32 random characters (and VALVO_MODE=production), or listen on 127.0.0.1"
            )
        return self

    @property
    def uses_development_secret(self) -> bool:
        return self.secret_key.get_secret_value() == DEV_SECRET

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> Settings:
        if self.mode != "production":
            return self
        problems = []
        if not self.tls_enabled and not self.behind_tls_proxy:
            problems.append(
                "the API has no TLS: set VALVO_TLS_CERT_FILE and VALVO_TLS_KEY_FILE, "
                "or VALVO_BEHIND_TLS_PROXY=true when a proxy ends TLS"
            )
        if (
            self.secret_key.get_secret_value() == DEV_SECRET
            or len(self.secret_key.get_secret_value()) < 32
        ):
            problems.append("VALVO_SECRET_KEY is the development default or shorter than 32")
        if len(self.audit_key.get_secret_value()) < 32:
            problems.append("VALVO_AUDIT_KEY is not set or shorter than 32 (it seals the evidence)")
        if self.admin_password.get_secret_value() == DEV_ADMIN_PASSWORD:
            problems.append("VALVO_ADMIN_PASSWORD is the demo password")
        if self.debug:
            problems.append("VALVO_DEBUG is on")
        if not self.require_totp:
            problems.append("VALVO_REQUIRE_TOTP is off (staff need a second factor)")
        if not self.database_url:
            problems.append("VALVO_DATABASE_URL is not set (production needs PostgreSQL)")
        if problems:
            raise InsecureSettingsError("production mode refused: " + "; ".join(problems))
        return self

    @property
    def resolved_audit_key(self) -> bytes:
        """The key of the evidence seals: VALVO_AUDIT_KEY, or derived from the secret key."""
        return resolve_audit_key(
            self.audit_key.get_secret_value(), self.secret_key.get_secret_value()
        )

    @property
    def tls_enabled(self) -> bool:
        return self.tls_cert_file is not None and self.tls_key_file is not None

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'valvo.db'}"


def resolve_audit_key(audit_key: str, secret_key: str = DEV_SECRET) -> bytes:
    if audit_key:
        return audit_key.encode()
    return hmac.new(secret_key.encode(), b"valvo-audit-key", hashlib.sha256).digest()
