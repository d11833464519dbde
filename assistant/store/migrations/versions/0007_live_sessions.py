"""Live sessions: authors of turns and versions, named versions, the session event log and who is here.

Revision ID: 0007_live_sessions
Revises: 0006_login_sessions
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_live_sessions"
down_revision: str | None = "0006_login_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("author", sa.String(200), nullable=False, server_default=""))
    with op.batch_alter_table("document_versions") as batch:
        batch.add_column(sa.Column("author", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("title", sa.String(200), nullable=False, server_default=""))
    op.create_table(
        "session_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "session_id", sa.String(36), sa.ForeignKey("planning_sessions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("session_id", "seq"),
    )
    op.create_table(
        "presence",
        sa.Column(
            "session_id", sa.String(36), sa.ForeignKey("planning_sessions.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("viewer", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("presence")
    op.drop_table("session_events")
    with op.batch_alter_table("document_versions") as batch:
        batch.drop_column("title")
        batch.drop_column("author")
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("author")
