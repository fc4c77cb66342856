"""The handlers of the case commands: each owns its transaction (guard, decide with the
service function of its step, commit) and answers with the case as it now stands. Reads that
leave an audit record are handled here too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.cases import (
    abodes,
    adjudication,
    ban_changes,
    ban_complaints,
    ban_hearings,
    ban_petitions,
    ban_steps,
    ban_violations,
    breaches,
    contacts,
    device_feed,
    device_visits,
    documents,
    new_sentences,
    plans,
    police_assistance,
    prescriptions,
    prior_sentences,
    reports,
    representatives,
    sample_orders,
    sentences,
    supervision,
    travel_bans,
    travel_costs,
    views,
    visit_frequency,
    wanted,
)
from valvo.services.cases import adjudication_commands as adjudicating
from valvo.services.cases import ban_commands as ban
from valvo.services.cases import breach_commands as breach
from valvo.services.cases import enforcement_commands as enforcement
from valvo.services.cases import lawcase_commands as law
from valvo.services.cases import sentence_commands as sentence
from valvo.services.cases.access import guard
from valvo.services.cases.commands import (
    CaseStep,
    MakeCaseDocument,
    OpenCase,
    ReadCase,
    ReadCaseload,
    ReadDeadlines,
    ReadPriorSentences,
    ReadQueue,
)
from valvo.services.cases.deadlines import open_deadlines
from valvo.services.cases.document_model import Document
from valvo.services.cases.queue import decision_queue

Step = Callable[..., object]
_NOT_ARGUMENTS = frozenset({"actor", "at", "role"})


def arguments(command: Command) -> dict[str, Any]:
    """The command's fields as its service function's keyword arguments: all but who asked,
    when and as what; ``happened_at`` is the step's ``at``."""
    return {
        "at" if f.name == "happened_at" else f.name: getattr(command, f.name)
        for f in fields(command)
        if f.name not in _NOT_ARGUMENTS
    }


def stepping(service: Step) -> Handler:
    """The handler of a case step done by ``service(uow, actor, now, **arguments)``."""

    def handle(command: CaseStep, uow: Any) -> dict[str, Any]:
        with uow:
            guard(uow, command.role, command.case_id, work=command.work)
            service(uow, command.actor, command.at, **arguments(command))
            detail = views.case_detail(uow, command.case_id, command.at, command.role)
            uow.commit()
        return detail

    return handle


def opening(service: Callable[..., dict[str, Any]]) -> Handler:
    """The handler of a command that opens a case with ``service``; answered with the case,
    if the one who opened it may read it."""

    def handle(command: OpenCase, uow: Any) -> dict[str, Any]:
        with uow:
            case = service(uow, command.actor, command.at, **arguments(command))
            guard(uow, command.role, case["id"])
            detail = views.case_detail(uow, case["id"], command.at, command.role)
            uow.commit()
        return detail

    return handle


def create_supervisor(command: sentence.CreateSupervisor, uow: Any) -> dict[str, Any]:
    with uow:
        row = supervision.create_supervisor(uow, command.actor, command.at, **arguments(command))
        uow.commit()
    return row


def register_fob(command: adjudicating.RegisterFob, uow: Any) -> dict[str, Any]:
    with uow:
        row = device_visits.register_fob(uow, command.actor, command.at, **arguments(command))
        uow.commit()
    return row


def retire_fob(command: adjudicating.RetireFob, uow: Any) -> dict[str, Any]:
    with uow:
        row = device_visits.retire_fob(uow, command.actor, command.at, **arguments(command))
        uow.commit()
    return row


def record_device_visit(command: adjudicating.RecordDeviceVisit, uow: Any) -> dict[str, Any]:
    """R39, R40: a device's report as a visit on the person's sentence (one transaction)."""
    with uow:
        row = device_visits.record_device_event(
            uow, command.actor, command.at, **arguments(command)
        )
        uow.commit()
    return row


def collect_device_visits(command: adjudicating.CollectDeviceVisits, uow: Any) -> device_feed.Round:
    """R39, R40: one round of the feed; the visits and the moved offset commit together."""
    with uow:
        done = device_feed.collect(uow, command.actor, command.at, max(1, command.limit))
        uow.commit()
    return done


def read_caseload(command: ReadCaseload, uow: Any) -> list[dict[str, Any]]:
    """The caseload (police: travel bans only, R131); the read is audited."""
    types = list(command.case_types)
    with uow:
        rows = views.caseload(uow, command.at, types, command.status, command.region)
        uow.audit.record(
            at=command.at,
            actor=command.actor,
            action="read",
            target_type="cases",
            target_id=None,
            details={"count": len(rows), "types": types},
        )
        uow.commit()
    return rows


def read_case(command: ReadCase, uow: Any) -> dict[str, Any]:
    with uow:
        guard(uow, command.role, command.case_id)
        detail = views.case_detail(uow, command.case_id, command.at, command.role)
        uow.audit.record(
            at=command.at,
            actor=command.actor,
            action="read",
            target_type="case",
            target_id=command.case_id,
        )
        uow.commit()
    return detail


def make_document(command: MakeCaseDocument, uow: Any) -> Document:
    with uow:
        guard(uow, command.role, command.case_id)
        document = documents.build(
            uow,
            case_id=command.case_id,
            kind=command.kind,
            lang=command.lang,
            now=command.at,
            breach_id=command.breach_id,
            item_id=command.item_id,
            letterhead=command.letterhead,
            asked_by=command.actor,
        )
        uow.audit.record(
            at=command.at,
            actor=command.actor,
            action="document",
            target_type="case",
            target_id=command.case_id,
            details={"kind": command.kind, "lang": command.lang},
        )
        uow.commit()
    return document


def read_deadlines(command: ReadDeadlines, uow: Any) -> list[dict[str, Any]]:
    """Open legal deadlines (due soon warns, missed escalates); the read is audited."""
    with uow:
        rows = open_deadlines(uow, command.as_of, command.case_types)
        uow.audit.record(
            at=command.at,
            actor=command.actor,
            action="read",
            target_type="deadlines",
            target_id=None,
            peer=command.peer,
            details={"count": len(rows)},
        )
        uow.commit()
    return rows


def read_queue(command: ReadQueue, uow: Any) -> list[dict[str, Any]]:
    """The prosecutor's or the court's queue; the read names people, so it is audited."""
    with uow:
        rows = decision_queue(uow, command.as_of, command.case_types, command.body)
        uow.audit.record(
            at=command.at,
            actor=command.actor,
            action="read",
            target_type="queue",
            target_id=None,
            peer=command.peer,
            details={"count": len(rows)},
        )
        uow.commit()
    return rows


def read_prior_sentences(command: ReadPriorSentences, uow: Any) -> dict[str, Any]:
    """RL 7:7 (R94): within the reader's region; the read is audited."""
    with uow:
        result = prior_sentences.list_prior(uow, command.subject_id, command.at, command.before)
        uow.audit.record(
            at=command.at,
            actor=command.actor,
            action="read_prior_sentences",
            target_type="subject",
            target_id=command.subject_id,
            peer=command.peer,
            details={
                "count": len(result["prior_sentences"]),
                "before": None if command.before is None else command.before.isoformat(),
            },
        )
        uow.commit()
    return result


STEPS: dict[type[CaseStep], Step] = {
    # the monitoring sentence
    sentence.UpdateReport: reports.update_report,
    sentence.AddCoResident: reports.add_co_resident,
    sentence.UpdateCoResident: reports.update_co_resident,
    sentence.RemoveCoResident: reports.remove_co_resident,
    sentence.CompleteReport: reports.complete_report,
    sentence.PassSentence: sentences.sentence,
    sentence.SavePlan: plans.save_plan,
    sentence.InstallDevices: sentences.install_devices,
    sentence.InterruptSentence: sentences.interrupt,
    sentence.ResumeSentence: sentences.resume,
    sentence.GrantExemption: plans.grant_exemption,
    sentence.CompleteSentence: sentences.complete,
    sentence.AssignSupervisor: supervision.assign,
    sentence.PlanVisit: supervision.plan_visit,
    sentence.RecordVisit: supervision.record_visit,
    sentence.RecordSubstanceTest: supervision.record_test,
    sentence.RecordLabResult: supervision.record_lab_result,
    # the rest of its enforcement
    enforcement.IssueWantedNotice: wanted.issue,
    enforcement.RecordWantedContact: wanted.contacted,
    enforcement.RecordWantedDeadlineMissed: wanted.deadline_missed,
    enforcement.ProhibitForNewPrison: new_sentences.prohibit_for_new_prison,
    enforcement.DecideAfterImpediment: new_sentences.court_after_impediment,
    enforcement.CreditAppeal: new_sentences.appeal_credit,
    enforcement.CombineSentence: new_sentences.combine,
    enforcement.ClaimTravelCosts: travel_costs.claim,
    enforcement.RecordContact: contacts.record_contact,
    enforcement.RecordIntoxication: contacts.record_intoxication,
    enforcement.RequestPoliceAssistance: police_assistance.request,
    enforcement.RecordPoliceResponse: police_assistance.respond,
    # the rest of the law on the case (issue 22)
    law.RecordAbode: abodes.record_abode,
    law.SetVisitTarget: visit_frequency.set_visit_target,
    law.AddRepresentative: representatives.add_representative,
    law.AddPrescription: prescriptions.add_prescription,
    law.OrderSample: sample_orders.order_sample,
    law.RecordSampleAttendance: sample_orders.record_attendance,
    # breaches
    breach.OpenBreach: breaches.open_breach,
    breach.RecordBreachHearing: breaches.record_hearing,
    breach.WarnOfBreach: breaches.warn,
    breach.InterruptProvisionally: breaches.interrupt_provisionally,
    breach.ReferBreach: breaches.refer,
    breach.ClearBreach: breaches.clear,
    breach.ProsecutorDecidesBreach: breaches.prosecutor_decides,
    breach.CourtDecidesBreach: breaches.court_decides,
    adjudicating.AdjudicateBreach: adjudication.adjudicate,
    # travel bans
    ban.ReferBanToCourt: ban_steps.refer_to_court,
    ban.CourtDecidesBan: ban_steps.court_decides,
    ban.BringCharges: ban_steps.bring_charges,
    ban.RequestBanExtension: ban_steps.request_extension,
    ban.HearOnBanExtension: ban_steps.hear_on_extension,
    ban.ExtendBan: ban_steps.extend,
    ban.RevokeBan: ban_steps.revoke,
    ban.ChangeBan: ban_changes.change,
    ban.LapseBan: ban_steps.lapse,
    ban.RecordBanViolation: ban_violations.record_violation,
    ban.ServeBanWarning: ban_violations.serve_warning,
    ban.UpdatePassport: ban_steps.update_passport,
    ban.FileBanComplaint: ban_complaints.file_complaint,
    ban.DecideBanComplaint: ban_complaints.decide_complaint,
    ban.SetMainHearing: ban_hearings.set_main_hearing,
    ban.ChangeMainHearing: ban_hearings.change_main_hearing,
    ban.ConvictionBan: ban_steps.convict,
    ban.EndConvictionBan: ban_steps.end_conviction_ban,
    ban.FileBanPetition: ban_petitions.file_petition,
    ban.DecideBanPetition: ban_petitions.decide_petition,
}
"""Each case step and the use case that does it."""

OPENINGS: dict[type[OpenCase], Callable[..., dict[str, Any]]] = {
    sentence.RequestReport: reports.request_report,
    ban.ImposeTravelBan: travel_bans.impose,
}
"""Each command that opens a case and the use case that opens it."""

HANDLERS: dict[type[Command], Handler] = {
    ReadCaseload: read_caseload,
    ReadCase: read_case,
    MakeCaseDocument: make_document,
    ReadDeadlines: read_deadlines,
    ReadQueue: read_queue,
    ReadPriorSentences: read_prior_sentences,
    sentence.CreateSupervisor: create_supervisor,
    adjudicating.RegisterFob: register_fob,
    adjudicating.RetireFob: retire_fob,
    adjudicating.RecordDeviceVisit: record_device_visit,
    adjudicating.CollectDeviceVisits: collect_device_visits,
    **{command: stepping(service) for command, service in STEPS.items()},
    **{command: opening(service) for command, service in OPENINGS.items()},
}
