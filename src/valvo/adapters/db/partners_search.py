"""Keyword search across people, organisations, places and services: one interface, two
implementations (PostgreSQL full-text search with the ``finnish`` configuration; SQLite FTS5
over Finnish stems on the embedded default).

Both keep the displayed title and body in ``partner_search``; a query's words become prefix
terms that must all match, ranked by relevance (``ts_rank`` / ``bm25``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, insert, text
from sqlalchemy.engine import Connection

from valvo.adapters.db.tables_partners import search_entries as s
from valvo.domain.partners.finnish import LONG_FROM, index_text, query_terms, words
from valvo.services.partners.ports import SearchHit

MAX_BODY = 20_000


def _snippet(body: str, terms: Sequence[str]) -> str:
    lowered = body.casefold()
    for term in terms:
        at = lowered.find(term[:4])
        if at >= 0:
            start = max(0, at - 60)
            return ("…" if start else "") + body[start : start + 160].strip()
    return body[:160]


class _Base:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def _put_entry(self, kind: str, id: str, title: str, body: str, now: datetime) -> None:
        self._conn.execute(delete(s).where(s.c.entity_kind == kind, s.c.entity_id == id))
        self._conn.execute(
            insert(s),
            [
                {
                    "entity_kind": kind,
                    "entity_id": id,
                    "title": title[:300],
                    "body": body[:MAX_BODY],
                    "updated_at": now,
                }
            ],
        )

    def _remove_entry(self, kind: str, id: str) -> None:
        self._conn.execute(delete(s).where(s.c.entity_kind == kind, s.c.entity_id == id))


class SqliteFtsSearch(_Base):
    """FTS5 over stems from ``valvo.domain.partners.finnish`` (the embedded default)."""

    def put(self, kind: str, id: str, title: str, body: str, now: datetime) -> None:
        self._put_entry(kind, id, title, body, now)
        self._conn.execute(
            text("DELETE FROM partner_search_fts WHERE entity_kind = :k AND entity_id = :i"),
            {"k": kind, "i": id},
        )
        self._conn.execute(
            text(
                "INSERT INTO partner_search_fts (entity_kind, entity_id, title, body) "
                "VALUES (:k, :i, :t, :b)"
            ),
            {"k": kind, "i": id, "t": index_text(title), "b": index_text(body[:MAX_BODY])},
        )

    def remove(self, kind: str, id: str) -> None:
        self._remove_entry(kind, id)
        self._conn.execute(
            text("DELETE FROM partner_search_fts WHERE entity_kind = :k AND entity_id = :i"),
            {"k": kind, "i": id},
        )

    def search(self, query: str, kinds: Sequence[str], limit: int) -> list[SearchHit]:
        terms = query_terms(query)
        if not terms:
            return []
        # Terms hold only letters and digits; quoting each keeps FTS5 operators out of user input.
        match = " AND ".join(f'"{term}"*' for term in terms)
        rows = self._conn.execute(
            text(
                "SELECT f.entity_kind, f.entity_id, e.title, e.body, "
                "bm25(partner_search_fts, 0, 0, 4.0, 1.0) AS score "
                "FROM partner_search_fts f JOIN partner_search e "
                "ON e.entity_kind = f.entity_kind AND e.entity_id = f.entity_id "
                "WHERE partner_search_fts MATCH :m ORDER BY score LIMIT :n"
            ),
            {"m": match, "n": limit * 4 if kinds else limit},
        ).all()
        hits = [
            SearchHit(r[0], r[1], r[2], _snippet(r[3], terms), round(-float(r[4]), 4))
            for r in rows
            if not kinds or r[0] in kinds
        ]
        return hits[:limit]


class PostgresFtsSearch(_Base):
    """PostgreSQL full-text search with the Snowball ``finnish`` configuration."""

    def put(self, kind: str, id: str, title: str, body: str, now: datetime) -> None:
        self._put_entry(kind, id, title, body, now)

    def remove(self, kind: str, id: str) -> None:
        self._remove_entry(kind, id)

    def search(self, query: str, kinds: Sequence[str], limit: int) -> list[SearchHit]:
        tokens = [w.casefold() for w in words(query) if w.isalnum()][:12]
        if not tokens:
            return []
        # Stem each word with the Snowball Finnish stemmer, then shorten the stem as on SQLite
        # so consonant gradation still matches (helsingissä → helsing → helsin* ∋ helsink).
        stems = self._conn.execute(
            text("SELECT ts_lexize('finnish_stem', t) FROM unnest(CAST(:t AS text[])) AS t"),
            {"t": tokens},
        ).scalars()
        terms = []
        for lexemes in stems:
            for stem in lexemes or ():
                term = re.sub(r"\W", "", stem)
                term = (
                    term[:-2] if len(term) >= LONG_FROM else term[:-1] if len(term) >= 5 else term
                )
                if term and term not in terms:
                    terms.append(term)
        if not terms:
            return []
        sql = _PG_KINDS if kinds else _PG_ALL
        params: dict[str, object] = {"q": " & ".join(f"{t}:*" for t in terms), "n": limit}
        if kinds:
            params["kinds"] = list(kinds)
        rows = self._conn.execute(text(sql), params).all()
        return [
            SearchHit(r[0], r[1], r[2], _snippet(r[3], terms), round(float(r[4]), 4)) for r in rows
        ]


_PG_VECTOR = "to_tsvector('finnish'::regconfig, title || ' ' || body)"
_PG_ALL = (
    "SELECT entity_kind, entity_id, title, body, ts_rank(" + _PG_VECTOR + ", q) AS score "
    "FROM partner_search, to_tsquery('simple'::regconfig, :q) AS q "
    "WHERE " + _PG_VECTOR + " @@ q ORDER BY score DESC, title LIMIT :n"
)
_PG_KINDS = _PG_ALL.replace("@@ q ", "@@ q AND entity_kind = ANY(:kinds) ")


def search_index(conn: Connection) -> SqliteFtsSearch | PostgresFtsSearch:
    return SqliteFtsSearch(conn) if conn.dialect.name == "sqlite" else PostgresFtsSearch(conn)
