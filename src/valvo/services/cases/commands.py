"""What a user asks of the case work, as commands for the message bus: the bases every case
command shares, and the reads that leave an audit record (they commit, so they are commands
too). The steps of each part of the law are in ``sentence_commands``, ``breach_commands``,
``enforcement_commands`` and ``ban_commands``; their handlers in ``handlers``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from valvo.services.bus.messages import Command
from valvo.services.cases.document_model import Letterhead


@dataclass(frozen=True, kw_only=True)
class CaseStep(Command):
    """A step in case ``case_id``, asked by a user of role ``role``; answered with the case as
    it now stands. ``work``: the step needs the work permission of the case's type (a decision
    of a prosecutor or a court does not). The other fields are the step's arguments, named as
    the service function takes them; ``happened_at`` (when the step happened, as the caller
    says) is passed as its ``at``."""

    work: ClassVar[bool] = True
    role: str
    case_id: str


@dataclass(frozen=True, kw_only=True)
class CaseDecision(CaseStep):
    """A decision of a deciding body (prosecutor, court): it reads the case, it does not work
    it (the route checked the body, R141)."""

    work: ClassVar[bool] = False


@dataclass(frozen=True, kw_only=True)
class OpenCase(Command):
    """A command that opens a case; answered with the new case, if ``role`` may read it."""

    role: str


@dataclass(frozen=True, kw_only=True)
class ReadCaseload(Command):
    """The cases of ``case_types`` (of one ``status``, if given) in ``region`` (None: all)."""

    case_types: Sequence[str]
    status: str | None
    region: str | None


@dataclass(frozen=True, kw_only=True)
class ReadCase(Command):
    role: str
    case_id: str


@dataclass(frozen=True, kw_only=True)
class MakeCaseDocument(Command):
    """A case's document of ``kind`` in ``lang`` (the model; the caller renders it)."""

    role: str
    case_id: str
    kind: str
    lang: str
    breach_id: str | None = None
    item_id: str | None = None
    letterhead: Letterhead | None = None  # the issuer and signatory register, in ``lang``


@dataclass(frozen=True, kw_only=True)
class ReadQueue(Command):
    """The prosecutor's or the court's queue (``services/cases/queue``) at ``as_of``; ``body``:
    the deciding body whose items to keep (None: everyone's, for an administrator)."""

    case_types: Sequence[str]
    as_of: datetime
    body: str | None
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadDeadlines(Command):
    """Open legal deadlines of ``case_types`` as they stand at ``as_of``; ``peer``: the
    caller's address, for the audit record (None from the command line)."""

    case_types: Sequence[str]
    as_of: datetime
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadPriorSentences(Command):
    """RL 7:7: a person's earlier monitoring sentences (judgments before ``before``)."""

    subject_id: str
    before: date | None
    peer: str | None
