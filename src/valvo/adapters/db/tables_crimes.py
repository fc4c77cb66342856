"""Crime matching's tables (issue 16): the police's batches of crimes, each crime's versions,
the matching runs with their parameters, purpose and legal basis, and the matches they found.

``scope_key`` is the submitter's region ('' for a national user): references are unique per
region and version, and a regional user sees only their region's batches and runs.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from valvo.adapters.db.metadata import BigId, metadata
from valvo.adapters.db.types import UTCDateTime

crime_batches = Table(
    "crime_batches",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("scope_key", String(60), nullable=False, index=True),
    Column("submitted_by", String(100), nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),
    Column("source", String(10), nullable=False),  # csv | api
    Column("outcome", String(10), nullable=False),  # accepted | partial | refused
    Column("rows_total", Integer, nullable=False),
    Column("rows_accepted", Integer, nullable=False),
    Column("errors", JSON, nullable=False),  # the row errors (domain/evidence/crimes.RowError)
)

crimes = Table(
    "crimes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("scope_key", String(60), nullable=False),
    Column("reference", String(60), nullable=False),
    Column("version", Integer, nullable=False),
    Column("batch_id", String(36), ForeignKey("crime_batches.id"), nullable=False, index=True),
    Column("row", Integer, nullable=False),
    Column("reporting_unit", String(120), nullable=False),
    Column("crime_type", String(30), nullable=False),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("crs", String(20), nullable=False),  # wgs84 | etrs_tm35fin: as submitted
    Column("given_x", Float, nullable=False),
    Column("given_y", Float, nullable=False),
    Column("description", Text, nullable=False),
    Column("changed", JSON, nullable=False),  # fields changed from the previous version
    UniqueConstraint("scope_key", "reference", "version", name="uq_crimes_reference_version"),
)

crime_runs = Table(
    "crime_runs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("scope_key", String(60), nullable=False, index=True),
    Column("batch_id", String(36), ForeignKey("crime_batches.id"), nullable=False, index=True),
    Column("run_by", String(100), nullable=False),
    Column("run_at", UTCDateTime, nullable=False),
    Column("purpose", Text, nullable=False),
    Column("legal_basis", String(40), nullable=False),
    Column("radius_m", Float, nullable=False),
    Column("tolerance_s", Integer, nullable=False),
    Column("algorithm_version", String(40), nullable=False),
    Column("parameters", JSON, nullable=False),
    Column("crimes_count", Integer, nullable=False),
    Column("matches_count", Integer, nullable=False),
    Column("result_digest", String(64), nullable=False),  # SHA-256 of the matches, canonical
)

crime_matches = Table(
    "crime_matches",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("run_id", String(36), ForeignKey("crime_runs.id"), nullable=False),
    Column("crime_id", String(36), ForeignKey("crimes.id"), nullable=False),
    Column("subject_id", String(36), nullable=False),
    Column("confidence", String(10), nullable=False),
    Column("basis", String(10), nullable=False),
    Column("distance_m", Float, nullable=False),
    Column("positions", JSON, nullable=False),
    Column("positions_total", BigInteger, nullable=False),
    Column("gap", JSON, nullable=False),
    Index("ix_crime_matches_run", "run_id", "crime_id"),
)
