"""Pilot follow-up (R18, R53, R68, R134, R136, R137, R143): the figures, each defined once,
computed from the caseload's facts; and the unit costs as versioned data."""
