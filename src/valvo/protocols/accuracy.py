"""A fix's horizontal accuracy where the protocol gives only HDOP or a satellite count.

Valvo's accuracy is the radius holding 68 % of fixes (``domain/geo/zone.py``). It is derived
as HDOP × a user-equivalent range error of 5 m (a consumer GNSS receiver in open sky); with no
HDOP, the satellite count stands for a typical HDOP (fewer satellites, weaker geometry). A
protocol giving neither leaves accuracy null: the rules then take the fix as exact for placing
it inside or outside a zone, but never confirm a breach on that one fix alone.
"""

from __future__ import annotations

import math

UERE_M = 5.0
# Satellites in use → a typical HDOP (open sky, consumer receiver); under 4, a 2-D fix at best.
_HDOP_BY_SATELLITES = ((9, 1.2), (7, 1.5), (6, 2.0), (5, 2.5), (4, 4.0), (1, 6.0))


def accuracy_from(hdop: object, satellites: int | None) -> float | None:
    """Accuracy in metres from HDOP (preferred) or the satellite count; None if neither says."""
    if (
        isinstance(hdop, int | float)
        and not isinstance(hdop, bool)
        and math.isfinite(hdop)
        and hdop > 0
    ):
        return round(float(hdop) * UERE_M, 1)
    if satellites is None:
        return None
    for at_least, typical in _HDOP_BY_SATELLITES:
        if satellites >= at_least:
            return typical * UERE_M
    return None  # no satellites: no fix to be accurate about
