"""Debian's Chromium for the browser tests: where it is, the flags it runs with here, and where
the screenshots the README shows are written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_env() -> dict[str, str | float | bool]:
    """Chromium's environment: this one without libfaketime. The any-date run fakes the clock
    of the server under test; a browser is another machine with its own clock, and Chromium
    under libfaketime never finishes loading a page."""
    faked = ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC", "DONT_FAKE_MONOTONIC")
    return {k: v for k, v in os.environ.items() if k not in faked}
