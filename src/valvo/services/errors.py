"""Errors a use case reports; the API maps them to 4xx answers with the message as detail."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the errors a caller can act on."""


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class Forbidden(ServiceError):
    pass
