"""The domain's security model (roles, permissions, scope) knows nothing of HTTP: which routes are
public or reach one's own account is the web layer's knowledge (``web/access.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import valvo.domain.security as security


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


def test_the_domain_security_model_names_no_http_path() -> None:
    paths = [
        (name, s)
        for name, value in vars(security).items()
        if not name.startswith("__")
        for s in _strings(value)
        if s.startswith("/api")
    ]
    assert paths == []
