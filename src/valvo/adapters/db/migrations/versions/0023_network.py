"""The person's network (issue 21; S24–S52): client context and phase, consent-checked disclosures,
municipal cooperation, other authorities' plans, client network meetings, participation
requests, VTH coordination events, work and education assessments, partner appointments in
units, minors' hearings, rapid-response teams, health-based deferrals, referrals to registry
partners, contacts with relatives and the criminal-justice workflow log.

Revision ID: 0023_network
Revises: 0019_console
Create Date: 2026-12-07 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

from valvo.adapters.db.types import UTCDateTime

revision = "0023_network"
down_revision: str | None = "0024_restricted"
branch_labels = None
depends_on = None


def _ref(name: str, target: str, nullable: bool = True) -> list[SchemaItem]:
    """A reference column and its foreign key (named by the metadata's convention in
    ``upgrade``)."""
    return [
        sa.Column(name, sa.String(length=36), nullable=nullable),
        sa.ForeignKeyConstraint([name], [f"{target}.id"], name=target),
    ]


def _subject() -> list[SchemaItem]:
    return _ref("subject_id", "subjects", nullable=False)


# table → (its columns, the columns indexed)
TABLES: dict[str, tuple[list[SchemaItem], list[str]]] = {
    "network_contexts": (
        [
            *_subject(),
            sa.Column("phase", sa.String(length=20), nullable=False),
            sa.Column("home_municipality", sa.String(length=100), nullable=False),
            sa.Column("wellbeing_county", sa.String(length=100), nullable=False),
        ],
        ["subject_id", "phase", "home_municipality", "wellbeing_county"],
    ),
    "network_disclosures": (
        [
            *_subject(),
            sa.Column("purpose", sa.String(length=40), nullable=False),
            sa.Column("recipient", sa.String(length=200), nullable=False),
            sa.Column("basis", sa.String(length=20), nullable=False),
            sa.Column("disclosed_on", sa.Date(), nullable=False),
        ],
        ["subject_id"],
    ),
    "network_cooperation": (
        [*_subject(), sa.Column("started_on", sa.Date(), nullable=False)],
        ["subject_id"],
    ),
    "network_plans": (
        [
            *_subject(),
            sa.Column("plan_type", sa.String(length=40), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
        ],
        ["subject_id"],
    ),
    "network_meetings": (
        [*_subject(), sa.Column("held_on", sa.Date(), nullable=False)],
        ["subject_id"],
    ),
    "network_requests": (
        [
            *_subject(),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("received_on", sa.Date(), nullable=False),
        ],
        ["subject_id"],
    ),
    "network_vth_events": (
        [*_subject(), sa.Column("held_on", sa.Date(), nullable=False)],
        ["subject_id"],
    ),
    "network_assessments": (
        [*_subject(), sa.Column("assessed_on", sa.Date(), nullable=False)],
        ["subject_id"],
    ),
    "network_appointments": (
        [
            *_subject(),
            *_ref("partner_id", "partner_organisations", nullable=False),
            *_ref("unit_id", "partner_units", nullable=False),
            sa.Column("starts_at", UTCDateTime(timezone=True), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
        ],
        ["subject_id", "partner_id", "unit_id"],
    ),
    "network_hearings": (
        [*_subject(), sa.Column("heard_on", sa.Date(), nullable=False)],
        ["subject_id"],
    ),
    "network_deferrals": (
        [
            *_subject(),
            sa.Column("applied_on", sa.Date(), nullable=False),
            sa.Column("decision", sa.String(length=20), nullable=True),
        ],
        ["subject_id"],
    ),
    "network_referrals": (
        [
            *_subject(),
            *_ref("partner_id", "partner_organisations", nullable=False),
            sa.Column("need", sa.String(length=40), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("referred_on", sa.Date(), nullable=False),
        ],
        ["subject_id", "partner_id", "need", "status"],
    ),
    "network_relative_contacts": (
        [
            *_subject(),
            *_ref("relative_id", "partner_relatives", nullable=False),
            sa.Column("contacted_on", sa.Date(), nullable=False),
        ],
        ["subject_id", "relative_id"],
    ),
    "network_justice_log": (
        [
            *_subject(),
            *_ref("case_id", "cases"),
            sa.Column("kind", sa.String(length=40), nullable=False),
            sa.Column("on", sa.Date(), nullable=False),
        ],
        ["subject_id", "case_id"],
    ),
    "network_response_teams": (
        [
            *_ref("unit_id", "partner_units", nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
        ],
        ["unit_id"],
    ),
}


def upgrade() -> None:
    for name, (items, indexed) in TABLES.items():
        named: list[SchemaItem] = []
        for item in items:
            if isinstance(item, sa.ForeignKeyConstraint):
                column = item.column_keys[0]
                target = str(item.name)
                item = sa.ForeignKeyConstraint(
                    [column], [f"{target}.id"], name=op.f(f"fk_{name}_{column}_{target}")
                )
            named.append(item)
        op.create_table(
            name,
            sa.Column("id", sa.String(length=36), nullable=False),
            *named,
            sa.Column("data", sa.JSON(), nullable=False),
            sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
            sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        )
        for column in indexed:
            op.create_index(op.f(f"ix_{name}_{column}"), name, [column])


def downgrade() -> None:
    for name, (_items, indexed) in reversed(TABLES.items()):
        for column in indexed:
            op.drop_index(op.f(f"ix_{name}_{column}"), table_name=name)
        op.drop_table(name)
