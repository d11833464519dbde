"""A stored full-text index of the documents' passages, so search never rebuilds one in memory.

Each chunk keeps its index terms (the project's own Snowball stems, space-separated) in `chunks.terms`; the
database indexes them with a tokenizer that only splits on spaces. SQLite: an FTS5 table (contentless, its
rowid the chunk's rowid) kept in step by triggers, with a `scope` token per workspace and language so that a
search reads one workspace's passages only. PostgreSQL: a generated `tsvector` column (`simple` config) with a
GIN index. Existing passages are stemmed and indexed here.

Revision ID: 0008_passage_index
Revises: 0007_live_sessions
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from assistant.config import get_settings
from assistant.retrieval.text import analyzer_for

revision: str = "0008_passage_index"
down_revision: str | None = "0007_live_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
# the scope token of a passage; `assistant.store.sql.scope` spells the same for queries
SCOPE = "'w' || replace({row}.workspace_id, '-', '') || {row}.language"


def upgrade() -> None:
    op.add_column("chunks", sa.Column("terms", sa.Text, nullable=False, server_default=""))
    _backfill_terms()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE chunks ADD COLUMN terms_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED"
        )
        op.execute("CREATE INDEX ix_chunks_terms_vector ON chunks USING gin (terms_vector)")
        return
    tokenizer = "unicode61 remove_diacritics 0"  # the terms are folded already: split on spaces, nothing more
    op.execute(f"CREATE VIRTUAL TABLE chunk_terms USING fts5(scope, terms, content='', tokenize='{tokenizer}')")
    op.execute(
        f"INSERT INTO chunk_terms(rowid, scope, terms) SELECT rowid, {SCOPE.format(row='chunks')}, terms FROM chunks"
    )
    op.execute(
        "CREATE TRIGGER chunk_terms_insert AFTER INSERT ON chunks BEGIN "
        f"INSERT INTO chunk_terms(rowid, scope, terms) VALUES (new.rowid, {SCOPE.format(row='new')}, new.terms); END"
    )
    op.execute(
        "CREATE TRIGGER chunk_terms_delete AFTER DELETE ON chunks BEGIN "
        "INSERT INTO chunk_terms(chunk_terms, rowid, scope, terms) "
        f"VALUES ('delete', old.rowid, {SCOPE.format(row='old')}, old.terms); END"
    )


def _backfill_terms() -> None:
    analyzer = analyzer_for(get_settings().knowledge_dir)
    bind = op.get_bind()
    chunks = sa.table(
        "chunks", sa.column("id"), sa.column("text"), sa.column("heading"), sa.column("language"), sa.column("terms")
    )
    rows = bind.execute(sa.select(chunks.c.id, chunks.c.text, chunks.c.heading, chunks.c.language)).all()
    for begin in range(0, len(rows), BATCH):
        values = [
            {"key": key, "terms": " ".join(analyzer.terms(f"{heading}\n{text}" if heading else text, language))}
            for key, text, heading, language in rows[begin : begin + BATCH]
        ]
        bind.execute(
            sa.update(chunks).where(chunks.c.id == sa.bindparam("key")).values(terms=sa.bindparam("terms")), values
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_chunks_terms_vector")
        op.execute("ALTER TABLE chunks DROP COLUMN terms_vector")
    else:
        op.execute("DROP TRIGGER chunk_terms_delete")
        op.execute("DROP TRIGGER chunk_terms_insert")
        op.execute("DROP TABLE chunk_terms")
    with op.batch_alter_table("chunks") as batch:
        batch.drop_column("terms")
