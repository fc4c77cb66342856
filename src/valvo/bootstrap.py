"""The composition root: builds every adapter from the settings, and nothing else does."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import ssl
import tempfile
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from nats.js.client import JetStreamContext
from sqlalchemy.engine import Engine

from valvo.adapters.bus.inprocess import InProcessFeed
from valvo.adapters.bus.jetstream import StreamSettings, decode_message, partition_backlog
from valvo.adapters.bus.jetstream import connect as nats_connect
from valvo.adapters.bus.nats_feed import NatsFeed
from valvo.adapters.db.audit_export import export_slice, read_records, verify_stored
from valvo.adapters.db.audit_trail import ChainCheck
from valvo.adapters.db.crimes_uow import SqlCrimesUnitOfWork
from valvo.adapters.db.device_credentials import SqlCredentialUnit, load_credential
from valvo.adapters.db.engine import make_engine
from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.adapters.db.evidence import use_evidence_key
from valvo.adapters.db.log_partitions import PartitionLeases, committed_positions
from valvo.adapters.db.migrate import upgrade
from valvo.adapters.db.observation_log import QuarantineLimits, SqlObservationLog
from valvo.adapters.db.outbox import SqlOutbox
from valvo.adapters.db.partners_filters import record_filters as partner_record_filters
from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.adapters.db.pipeline_health import pipeline_snapshot
from valvo.adapters.db.position_partitions import maintain as maintain_partitions
from valvo.adapters.db.quarantine import quarantined_devices
from valvo.adapters.db.replay_reads import SqlReplayReads
from valvo.adapters.db.retention_desk import SqlRetentionDesk
from valvo.adapters.db.unit_of_work import SqlUnitOfWork
from valvo.adapters.evidence.bundle import ZipEvidencePacker
from valvo.adapters.evidence.report import render_report
from valvo.adapters.evidence.signing import SigningKey, derived_key, load_key
from valvo.adapters.geo import etrs_tm35fin_to_wgs84
from valvo.adapters.notify.channels import Channels, SmtpChannel, WebhookChannel
from valvo.adapters.passwords import Argon2Hasher
from valvo.adapters.pdf.render import render as render_pdf
from valvo.adapters.secret_box import SecretBox
from valvo.adapters.spreadsheet import workbook
from valvo.adapters.tls import server_context
from valvo.domain.pipeline_health import HealthBounds, PipelineSnapshot
from valvo.domain.security import EVERYTHING, Scope
from valvo.engine.alarm_desk import EscalationTimer, OutboxDispatcher, run_alarm_desk
from valvo.engine.attendance_loop import AttendanceReconciler, run_attendance_reconciler
from valvo.engine.desk_config import DeskConfig, desk_config
from valvo.engine.device_visit_loop import DeviceVisitCollector, run_device_visit_collector
from valvo.engine.loops import run_engine_loop, run_partition_upkeep
from valvo.engine.pipeline_watch import run_pipeline_watch
from valvo.engine.stream_engine import StreamEngine, StreamEngineConfig
from valvo.engine.worker import EngineWorker
from valvo.gateway.listeners import device_master_key
from valvo.gateway.log_writer import GroupCommitWriter
from valvo.logging import configure_logging
from valvo.services import auth
from valvo.services.audit_commands import AuditFilter
from valvo.services.bus.handlers import HANDLERS
from valvo.services.bus.messagebus import MessageBus
from valvo.services.bus.messages import Event
from valvo.services.cases.document_model import Document
from valvo.services.device_credentials import StoredCredential
from valvo.services.engine.replay import ReplayReport, replay
from valvo.services.partners.attendance_commands import LOOK_BACK_DAYS
from valvo.services.ports import LiveFeed, RetentionDesk
from valvo.settings import Settings

HEALTH_NATS_TIMEOUT_S = 3.0  # the desk's health read waits this long for NATS


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Valvo:
    settings: Settings
    db: Engine
    clock: Callable[[], datetime] = utc_now
    hasher: Argon2Hasher = field(default_factory=Argon2Hasher)
    feed: LiveFeed = field(default_factory=InProcessFeed)

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
                "crimes": lambda scope: SqlCrimesUnitOfWork(self.db, scope),
            },
            self.publish,
            HANDLERS,
            {
                "hasher": lambda: self.hasher,
                "secret_box": lambda: self.secret_box,
                "login_policy": lambda: self.login_policy,
                "device_master_key": lambda: device_master_key(self.settings),
                "to_wgs84": lambda: etrs_tm35fin_to_wgs84,
                "crime_max_window": lambda: timedelta(hours=self.settings.crime_max_window_hours),
                "evidence_packer": lambda: ZipEvidencePacker(self.evidence_key, render_report),
            },
        )

    @property
    def desk(self) -> DeskConfig:
        """The alarm desk's policies (intake, escalation, routes), checked from the settings."""
        return desk_config(self.settings)

    def partners_uow(self, scope: Scope = EVERYTHING) -> SqlPartnersUnitOfWork:
        """A unit of work with the partner repository and search index; attendance outcomes
        raise alarms through the alarm desk's intake, configured as the engine's is."""
        return SqlPartnersUnitOfWork(self.db, self.desk.intake, scope)

    def publish(self, event: Event) -> None:
        """A committed event to the live feed (the bus and the engine call this after commit)."""
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

    @property
    def retention(self) -> RetentionDesk:
        """Legal holds and the anonymised statistics (the administrator's retention desk)."""
        return SqlRetentionDesk(self.db)

    def quarantined_devices(self, limit: int = 500, offset: int = 0) -> list[dict[str, Any]]:
        """Unregistered devices that sent frames, most recently heard first (a page)."""
        with self.db.connect() as conn:
            return quarantined_devices(conn, limit, offset)

    def pipeline_snapshot(self, now: datetime, region: str | None) -> PipelineSnapshot:
        """The desk's view of the pipeline: engine lag, newest frames, silent devices (of
        ``region`` when given)."""
        stream = self._stream_backlog() if self.settings.log_backend == "jetstream" else None
        with self.db.connect() as conn:
            return pipeline_snapshot(conn, now, region, stream)

    @property
    def pipeline_bounds(self) -> HealthBounds:
        """When the data is falling behind (VALVO_PIPELINE_*_ALARM_S)."""
        return HealthBounds(
            lag_alarm=timedelta(seconds=self.settings.pipeline_lag_alarm_s),
            no_frame_alarm=timedelta(seconds=self.settings.pipeline_no_frame_alarm_s),
        )

    def _stream_backlog(self) -> tuple[int, int | None]:
        """The JetStream log: (messages held, messages past the engine's committed positions);
        (0, None) when NATS does not answer within a few seconds."""
        positions = committed_positions(self.db)

        async def ask() -> tuple[int, int]:
            nc = await nats_connect(self.settings.nats_url, "valvo-desk-health")
            try:
                js = nc.jetstream()
                info = await js.stream_info(self.stream.stream)
                backlog = await partition_backlog(js, self.stream, positions)
                return int(info.state.messages or 0), sum(backlog.values())
            finally:
                await nc.close()

        try:
            return asyncio.run(asyncio.wait_for(ask(), timeout=HEALTH_NATS_TIMEOUT_S))
        except Exception:  # an unreachable stream is shown as unknown
            return 0, None

    def audit_records(self, query: AuditFilter) -> list[dict[str, Any]]:
        """Audit records matching ``query``, oldest first (the caller records the reading)."""
        with self.db.connect() as conn:
            return read_records(conn, query)

    def audit_export(
        self, since: datetime, until: datetime
    ) -> tuple[bytes, dict[str, Any], ChainCheck]:
        """The slice [since, until) as ``valvo audit export`` writes it: its JSON lines, its
        manifest, and the check of the stored chain up to it (nothing exported when broken)."""
        with tempfile.TemporaryDirectory() as folder, self.db.connect() as conn:
            out = Path(folder) / "audit.jsonl"
            result = export_slice(conn, since, until, out, self.clock())
            lines = out.read_bytes() if out.exists() else b""
        return lines, result.manifest, result.chain

    def audit_chain_check(self) -> ChainCheck:
        """The whole stored audit chain walked from the genesis hash (seals and head too)."""
        with self.db.connect() as conn:
            return verify_stored(conn)

    def tls_context(self) -> ssl.SSLContext | None:
        """The server TLS context from the settings, or None when no certificate is configured."""
        s = self.settings
        if s.tls_cert_file is None or s.tls_key_file is None:
            return None
        return server_context(s.tls_cert_file, s.tls_key_file)

    def device_http_tls(self) -> ssl.SSLContext | None:
        """TLS for the HTTP device endpoints (OsmAnd, Valvo HTTP) unless turned off for them."""
        return self.tls_context() if self.settings.tls_device_http else None

    def device_credential(self, device: str) -> StoredCredential | None:
        """A device's stored credential (the gateway derives and caches its key from it)."""
        return load_credential(self.db, device)

    def document_pdf(self, document: Document) -> bytes:
        """A document (a case document, the follow-up report) as PDF (``DocumentRenderError``
        if a font is missing)."""
        return render_pdf(document)

    def spreadsheet(self, sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
        """Tables as an .xlsx workbook, one sheet each (the follow-up's spreadsheet export)."""
        return workbook(sheets)

    def observation_log(self) -> SqlObservationLog:
        limits = QuarantineLimits(
            self.settings.quarantine_max_frames,
            self.settings.quarantine_burst,
            timedelta(seconds=self.settings.quarantine_interval_s),
        )
        return SqlObservationLog(self.db, limits)

    def notice_channels(self) -> Channels:
        """E-mail and webhook delivery of the alarm desk's notices."""
        s = self.settings
        return Channels(
            SmtpChannel(s.smtp_host, s.smtp_port, s.smtp_sender),
            WebhookChannel(s.webhook_secret.get_secret_value() or None),
        )

    def escalation_timer(self) -> EscalationTimer:
        return EscalationTimer(self.bus.handle, self.desk.escalation)

    def outbox_dispatcher(self) -> OutboxDispatcher:
        return OutboxDispatcher(SqlOutbox(self.db), self.notice_channels(), self.desk.routes)

    def attendance_reconciler(self, days: int = LOOK_BACK_DAYS) -> AttendanceReconciler:
        return AttendanceReconciler(self.bus.handle, days)

    def device_visit_collector(self) -> DeviceVisitCollector:
        return DeviceVisitCollector(self.bus.handle)

    def log_writer(self, on_commit: Callable[[], None] | None = None) -> GroupCommitWriter:
        return GroupCommitWriter(self.observation_log(), on_commit=on_commit)

    def replay(
        self, subject_id: str, start: datetime, end: datetime, now: datetime
    ) -> ReplayReport:
        """``valvo replay``: the rules re-run over a person's stored history and compared with
        the breaches on record (``services/engine/replay.py``)."""
        return replay(SqlReplayReads(self.db), subject_id, start, end, now)

    def engine_worker(self, consumer: str = "engine") -> EngineWorker:
        log = self.observation_log()
        return EngineWorker(
            log,
            SqlEngineStore(self.db, consumer, log),
            self.publish,
            batch_size=self.settings.engine_batch_size,
            intake=self.desk.intake,
        )

    async def engine_tasks(
        self, js: JetStreamContext | None, wake: asyncio.Event, stop: asyncio.Event | None
    ) -> list[tuple[str, Coroutine[Any, Any, None]]]:
        """The engine's loops, named: the worker on the JetStream log (``js``) or on the
        database log (woken by ``wake``), the position partitions' upkeep and, if the settings
        ask, the alarm desk (escalation, notices), the attendance round and the device-visit
        feed."""
        s = self.settings
        worker = await asyncio.to_thread(self.engine_worker)
        tasks: list[tuple[str, Coroutine[Any, Any, None]]] = []
        if js is not None:
            config = StreamEngineConfig(
                batch_size=s.engine_batch_size,
                beat_every_s=s.engine_lease_s / 4,
                idle_wait_s=s.engine_idle_wait_s,
            )
            engine = StreamEngine(
                js,
                self.stream,
                self.partition_leases(),
                worker,
                self.clock,
                config,
                decode=decode_message,
            )
            tasks.append(("engine", engine.run(stop)))
        else:
            tasks.append(
                ("engine", run_engine_loop(worker, self.clock, wake, s.engine_idle_wait_s))
            )
        upkeep = partial(maintain_partitions, self.db)
        tasks.append(("position-partitions", run_partition_upkeep(upkeep, self.clock, stop)))
        if s.engine_alarm_desk:
            desk = run_alarm_desk(
                self.escalation_timer(), self.outbox_dispatcher(), self.clock, stop
            )
            tasks.append(("alarm-desk", desk))
            if s.partners_reconcile_every_s > 0:
                rounds = run_attendance_reconciler(
                    self.attendance_reconciler(), s.partners_reconcile_every_s, self.clock, stop
                )
                tasks.append(("attendance", rounds))
            if s.device_visits_every_s > 0:
                feed = run_device_visit_collector(
                    self.device_visit_collector(), s.device_visits_every_s, self.clock, stop
                )
                tasks.append(("device-visits", feed))
            if s.pipeline_watch_every_s > 0:
                watch = run_pipeline_watch(
                    partial(self.pipeline_snapshot, region=None),
                    self.pipeline_bounds,
                    s.pipeline_watch_every_s,
                    self.clock,
                    stop,
                )
                tasks.append(("pipeline-watch", watch))
        return tasks

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


def record_filters(table: str) -> dict[str, str]:
    """The filterable columns of a partner record table, each with its kind of value
    (``bool``, ``int``, ``date``, ``instant`` or ``text``)."""
    return partner_record_filters(table)


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
