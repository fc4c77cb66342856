"""The composition root: builds every adapter from the settings, and nothing else does."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from valvo.adapters.bus.inprocess import InProcessFeed
from valvo.adapters.bus.jetstream import StreamSettings
from valvo.adapters.bus.nats_feed import NatsFeed
from valvo.adapters.db.device_credentials import SqlCredentialUnit
from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.adapters.db.evidence import use_evidence_key
from valvo.adapters.db.log_partitions import PartitionLeases
from valvo.adapters.db.migrate import upgrade
from valvo.adapters.db.observation_log import QuarantineLimits, SqlObservationLog
from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.adapters.db.position_partitions import maintain as maintain_partitions
from valvo.adapters.db.unit_of_work import SqlUnitOfWork
from valvo.adapters.evidence.bundle import ZipEvidencePacker
from valvo.adapters.evidence.report import render_report
from valvo.adapters.evidence.signing import SigningKey, derived_key, load_key
from valvo.adapters.passwords import Argon2Hasher
from valvo.adapters.secret_box import SecretBox
from valvo.domain.security import EVERYTHING, Scope
from valvo.engine.desk_config import desk_config
from valvo.engine.worker import EngineWorker
from valvo.gateway.listeners import device_master_key
from valvo.gateway.log_writer import GroupCommitWriter
from valvo.logging import configure_logging
from valvo.services import auth
from valvo.services.bus.handlers import HANDLERS
from valvo.services.bus.messagebus import MessageBus
from valvo.services.bus.messages import Event
from valvo.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Valvo:
    settings: Settings
    db: Engine
    clock: Callable[[], datetime] = utc_now
    hasher: Argon2Hasher = field(default_factory=Argon2Hasher)
    feed: InProcessFeed = field(default_factory=InProcessFeed)

    def uow(self, scope: Scope = EVERYTHING) -> SqlUnitOfWork:
        """A unit of work; with a ``scope`` (a user's region) it sees only that region."""
        return SqlUnitOfWork(self.db, scope)

    @property
    def bus(self) -> MessageBus:
        """Commands to their handlers; committed events to the live feed."""
        return MessageBus(
            {
                "core": self.uow,
                "partners": self.partners_uow,
                "credentials": lambda scope: SqlCredentialUnit(self.db, scope),
            },
            self._publish,
            HANDLERS,
            {
                "hasher": lambda: self.hasher,
                "secret_box": lambda: self.secret_box,
                "login_policy": lambda: self.login_policy,
                "device_master_key": lambda: device_master_key(self.settings),
                "evidence_packer": lambda: ZipEvidencePacker(self.evidence_key, render_report),
            },
        )

    def partners_uow(self, scope: Scope = EVERYTHING) -> SqlPartnersUnitOfWork:
        """A unit of work with the partner repository and search index; attendance outcomes
        raise alarms through the alarm desk's intake, configured as the engine's is."""
        return SqlPartnersUnitOfWork(self.db, desk_config(self.settings).intake, scope)

    def _publish(self, event: Event) -> None:
        self.feed.publish(event.feed_message())

    @property
    def evidence_key(self) -> SigningKey:
        """Signs evidence packages: VALVO_EVIDENCE_KEY_FILE, else derived from the audit key."""
        if self.settings.evidence_key_file is not None:
            return load_key(self.settings.evidence_key_file)
        return derived_key(self.settings.resolved_audit_key)

    @property
    def secret_box(self) -> SecretBox:
        """Seals TOTP secrets at rest (key: VALVO_TOTP_KEY, else derived from the secret key)."""
        master = self.settings.totp_key.get_secret_value() or (
            "totp:" + self.settings.secret_key.get_secret_value()
        )
        return SecretBox(hashlib.sha256(master.encode("utf-8")).digest())

    @property
    def login_policy(self) -> auth.LoginPolicy:
        s = self.settings
        return auth.LoginPolicy(
            max_failures=s.login_max_failures,
            window=timedelta(minutes=s.login_failure_window_minutes),
            lockout=timedelta(minutes=s.lockout_minutes),
            require_totp=s.require_totp,
        )

    def observation_log(self) -> SqlObservationLog:
        limits = QuarantineLimits(
            self.settings.quarantine_max_frames,
            self.settings.quarantine_burst,
            timedelta(seconds=self.settings.quarantine_interval_s),
        )
        return SqlObservationLog(self.db, limits)

    def log_writer(self, on_commit: Callable[[], None] | None = None) -> GroupCommitWriter:
        return GroupCommitWriter(self.observation_log(), on_commit=on_commit)

    def engine_worker(self, consumer: str = "engine") -> EngineWorker:
        return EngineWorker(
            self.observation_log(),
            SqlEngineStore(self.db, consumer, desk_config(self.settings).intake),
            self.feed,
            batch_size=self.settings.engine_batch_size,
        )

    @property
    def stream(self) -> StreamSettings:
        """The JetStream log's names and partitioning (VALVO_LOG_*)."""
        s = self.settings
        return StreamSettings(
            url=s.nats_url,
            stream=s.log_stream,
            prefix=s.log_subject_prefix,
            partitions=s.log_partitions,
            max_age=timedelta(hours=s.log_max_age_hours),
        )

    @property
    def worker_id(self) -> str:
        return self.settings.engine_worker_id or f"{socket.gethostname()}-{os.getpid()}"

    def partition_leases(self) -> PartitionLeases:
        return PartitionLeases(
            self.db,
            self.worker_id,
            self.settings.log_partitions,
            timedelta(seconds=self.settings.engine_lease_s),
        )

    def prepare_database(self) -> None:
        """Run the migrations, create the coming days' position partitions (PostgreSQL) and make
        sure the administrator account exists."""
        upgrade(self.db)
        maintain_partitions(self.db, self.clock())
        with self.uow() as uow:
            if uow.users.by_username(self.settings.admin_username) is None:
                auth.create_user(
                    uow,
                    self.hasher,
                    "system",
                    self.clock(),
                    username=self.settings.admin_username,
                    password=self.settings.admin_password.get_secret_value(),
                    role="administrator",
                )
                uow.commit()


def build(settings: Settings | None = None, clock: Callable[[], datetime] = utc_now) -> Valvo:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_json)
    feed = NatsFeed() if settings.live_feed == "nats" else InProcessFeed()
    db = make_engine(
        settings.resolved_database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )
    use_evidence_key(db, settings.resolved_audit_key)
    return Valvo(settings=settings, db=db, clock=clock, feed=feed)
