"""A small Finnish-aware normaliser for keyword search on the embedded database (SQLite FTS5).

PostgreSQL has the Snowball ``finnish`` text-search configuration; SQLite has none. This is the
simple approach for the embedded default: fold case and the letters å/ä/ö (people type "a" for
"ä"), strip one common case or possessive ending, then one final vowel, so that *Helsingissä*,
*Helsingin* and *Helsinki* land on nearby stems. Consonant gradation (nk/ng, nt/nn, t/d) is
handled at query time: a query stem of five letters or more drops its last letter and matches
as a prefix (``helsink`` → ``helsin*`` finds ``helsing``), a stem of nine or more drops two.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[0-9a-zA-ZåäöÅÄÖéü]+|\w+", re.UNICODE)
# Longest first: the first match is stripped (one ending only).
_ENDINGS = tuple(
    sorted(
        (
            "issa",
            "issä",
            "ista",
            "istä",
            "illa",
            "illä",
            "ilta",
            "iltä",
            "ille",
            "iksi",
            "ineen",
            "ihin",
            "iden",
            "itten",
            "ien",
            "ssa",
            "ssä",
            "sta",
            "stä",
            "lla",
            "llä",
            "lta",
            "ltä",
            "lle",
            "ksi",
            "tta",
            "ttä",
            "seen",
            "hin",
            "han",
            "hen",
            "hön",
            "na",
            "nä",
            "ja",
            "jä",
            "ne",
            "en",
            "in",
            "an",
            "än",
            "n",
            "t",
            "nsa",
            "nsä",
            "mme",
            "nne",
            "ni",
            "si",
        ),
        key=len,
        reverse=True,
    )
)
_VOWELS = "aeiouyäö"
MIN_STEM = 3
PREFIX_FROM = 5
LONG_FROM = 9


def fold(text: str) -> str:
    """Lower case, å/ä/ö → a/a/o and other accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w.strip("_")]


def stem(word: str) -> str:
    """The stem of one word (already a single token); the original if it is short."""
    lower = word.casefold()
    for ending in _ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= MIN_STEM:
            lower = lower[: -len(ending)]
            break
    if len(lower) > MIN_STEM + 1 and lower[-1] in _VOWELS:
        lower = lower[:-1]
    return fold(lower)


def index_text(text: str) -> str:
    """What the FTS5 table stores for ``text``: each word's stem and its folded full form."""
    out: list[str] = []
    for w in words(text):
        s, full = stem(w), fold(w)
        out.append(s if s == full else f"{s} {full}")
    return " ".join(out)


def query_terms(query: str) -> list[str]:
    """Prefix terms for a user's query: each word stemmed, longer stems shortened by one letter
    to bridge consonant gradation. Only letters and digits survive (no quotes, no operators),
    so the terms are safe to quote into an FTS5 MATCH expression."""
    terms = []
    for word in words(query):
        s = stem(word)
        if len(s) >= LONG_FROM:
            s = s[:-2]
        elif len(s) >= PREFIX_FROM:
            s = s[:-1]
        s = re.sub(r"[\W_]", "", s)
        if s and s not in terms:
            terms.append(s)
    return terms[:12]
