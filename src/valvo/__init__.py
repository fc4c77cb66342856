"""Valvo: an open platform for the electronic monitoring of offenders."""

__version__ = "0.1.0"
