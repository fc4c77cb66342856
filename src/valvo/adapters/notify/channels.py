"""E-mail (SMTP) and webhook (HTTP POST) delivery of one notice to one target.

A target is ``mailto:address`` or an ``http(s)://`` URL. Each send raises ``DeliveryError``
with a short reason on failure; the dispatcher retries later. Messages carry no name and no
location: the alarm's id, kind, severity and status, and the console to open.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import httpx

from valvo.domain.alarms.notices import render_email
from valvo.services.notify_ports import DeliveryError

TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class SmtpChannel:
    host: str
    port: int
    sender: str

    def send(self, address: str, event: str, payload: Mapping[str, Any]) -> None:
        subject, body = render_email(event, payload)
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = address
        message["Subject"] = subject
        message["X-Valvo-Alarm"] = str(payload.get("alarm_id", ""))
        message.set_content(body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_S) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"smtp {self.host}:{self.port}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class WebhookChannel:
    secret: str | None = None

    def send(self, url: str, delivery_id: int, event: str, payload: Mapping[str, Any]) -> None:
        body = json.dumps(
            {"delivery_id": delivery_id, "event": event, "payload": dict(payload)},
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Valvo-Event": event,
            "X-Valvo-Delivery": str(delivery_id),
        }
        if self.secret:
            digest = hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
            headers["X-Valvo-Signature"] = f"sha256={digest}"
        try:
            response = httpx.post(url, content=body, headers=headers, timeout=TIMEOUT_S)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook: {type(exc).__name__}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"webhook answered {response.status_code}")


@dataclass(frozen=True, slots=True)
class Channels:
    smtp: SmtpChannel
    webhook: WebhookChannel

    def send(self, target: str, delivery_id: int, event: str, payload: Mapping[str, Any]) -> None:
        if target.startswith("mailto:"):
            self.smtp.send(target.removeprefix("mailto:"), event, payload)
        elif target.startswith(("http://", "https://")):
            self.webhook.send(target, delivery_id, event, payload)
        else:
            raise DeliveryError(f"unknown target scheme: {target.split(':', 1)[0]}")
