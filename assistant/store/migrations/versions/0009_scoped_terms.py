"""Each workspace's index terms apart, and how many passages hold each, so a search reads little.

A search's cost was the passages it scored: every passage holding any of the question's terms, found by
intersecting them with every passage of the workspace. Now:

- `passage_term_counts` keeps, per scope (a workspace and a language), how many passages hold each term, and
  the scope's own row how many passages it has; triggers (SQLite) or a trigger function (PostgreSQL) keep it in
  step with `chunks` in the same transaction, so a search knows each term's rarity with one indexed read and can
  leave out the terms that cannot change the ranking and those too common to matter.
- SQLite's FTS5 table becomes `passage_terms`, whose tokens carry their scope (`<scope>_<stem>`): a term's
  posting list holds that workspace's passages only, so nothing is intersected with the whole workspace.

Existing passages are indexed again from `chunks.terms` (stored by 0008); no passage is read or stemmed again.

Revision ID: 0009_scoped_terms
Revises: 0008_passage_index
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_scoped_terms"
down_revision: str | None = "0008_passage_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# a passage's scope token; `assistant.store.sql.scope` spells the same for queries
SCOPE = "('w' || replace({row}.workspace_id, '-', '') || {row}.language)"
# its terms, each prefixed with the scope (FTS5 splits on spaces only, '_' joins)
SCOPED = (
    "CASE WHEN {row}.terms = '' THEN '' ELSE {scope} || '_' || replace({row}.terms, ' ', ' ' || {scope} || '_') END"
)
# its distinct terms as rows (`value`), for the counts
JSON_TERMS = "'[\"' || replace({row}.terms, ' ', '\",\"') || '\"]'"  # stems are letters and digits only
TERMS_SQLITE = "(SELECT DISTINCT value FROM json_each(" + JSON_TERMS + ") WHERE value != '')"
TOKENIZER = "unicode61 remove_diacritics 0 tokenchars ''_''"

COUNTS = "CREATE TABLE passage_term_counts (term TEXT PRIMARY KEY, passages INTEGER NOT NULL)"

POSTGRES_STEP = """
CREATE FUNCTION passage_term_counts_step() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    passage chunks%ROWTYPE;
    step integer;
    scope text;
BEGIN
    IF TG_OP = 'INSERT' THEN passage := NEW; step := 1; ELSE passage := OLD; step := -1; END IF;
    scope := 'w' || replace(passage.workspace_id, '-', '') || passage.language;
    -- the scope's row first, then the terms in order: concurrent writers lock rows in the same order
    INSERT INTO passage_term_counts AS counts (term, passages) VALUES (scope, step)
        ON CONFLICT (term) DO UPDATE SET passages = counts.passages + step;
    INSERT INTO passage_term_counts AS counts (term, passages)
        SELECT DISTINCT scope || '_' || term, step FROM unnest(string_to_array(passage.terms, ' ')) AS term
        WHERE term <> '' ORDER BY 1
        ON CONFLICT (term) DO UPDATE SET passages = counts.passages + step;
    IF step < 0 THEN
        DELETE FROM passage_term_counts WHERE passages <= 0 AND (term = scope OR term IN
            (SELECT scope || '_' || term FROM unnest(string_to_array(passage.terms, ' ')) AS term));
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgres()
    else:
        _upgrade_sqlite()


def _upgrade_postgres() -> None:
    op.execute(COUNTS)
    op.execute(
        "INSERT INTO passage_term_counts (term, passages) "
        "SELECT scope || '_' || term, count(DISTINCT id) FROM ("
        f"SELECT id, {SCOPE.format(row='chunks')} AS scope, unnest(string_to_array(terms, ' ')) AS term FROM chunks"
        ") AS found WHERE term <> '' GROUP BY 1 "
        f"UNION ALL SELECT {SCOPE.format(row='chunks')}, count(*) FROM chunks GROUP BY 1"
    )
    op.execute(POSTGRES_STEP)
    op.execute(
        "CREATE TRIGGER passage_term_counts_step AFTER INSERT OR DELETE ON chunks "
        "FOR EACH ROW EXECUTE FUNCTION passage_term_counts_step()"
    )


def _upgrade_sqlite() -> None:
    op.execute("DROP TRIGGER chunk_terms_delete")
    op.execute("DROP TRIGGER chunk_terms_insert")
    op.execute("DROP TABLE chunk_terms")
    op.execute(COUNTS + " WITHOUT ROWID")
    op.execute(f"CREATE VIRTUAL TABLE passage_terms USING fts5(terms, content='', tokenize='{TOKENIZER}')")
    new, old = _spelled("new"), _spelled("old")
    op.execute(f"INSERT INTO passage_terms(rowid, terms) SELECT rowid, {_spelled('chunks')['scoped']} FROM chunks")
    op.execute(
        "INSERT INTO passage_term_counts (term, passages) "
        f"SELECT {SCOPE.format(row='chunks')} || '_' || term.value, count(DISTINCT chunks.rowid) FROM chunks, "
        f"json_each({JSON_TERMS.format(row='chunks')}) AS term WHERE term.value != '' GROUP BY 1 "
        f"UNION ALL SELECT {SCOPE.format(row='chunks')}, count(*) FROM chunks GROUP BY 1"
    )
    op.execute(
        "CREATE TRIGGER passage_terms_insert AFTER INSERT ON chunks BEGIN "
        f"INSERT INTO passage_terms(rowid, terms) VALUES (new.rowid, {new['scoped']}); "
        "INSERT INTO passage_term_counts (term, passages) "
        f"SELECT {new['scope']} || '_' || value, 1 FROM {new['terms']} WHERE true "
        "ON CONFLICT (term) DO UPDATE SET passages = passages + 1; "
        f"INSERT INTO passage_term_counts (term, passages) VALUES ({new['scope']}, 1) "
        "ON CONFLICT (term) DO UPDATE SET passages = passages + 1; END"
    )
    gone = f"(SELECT {old['scope']} || '_' || value FROM {old['terms']} UNION ALL SELECT {old['scope']})"
    op.execute(
        "CREATE TRIGGER passage_terms_delete AFTER DELETE ON chunks BEGIN "
        f"INSERT INTO passage_terms(passage_terms, rowid, terms) VALUES ('delete', old.rowid, {old['scoped']}); "
        f"UPDATE passage_term_counts SET passages = passages - 1 WHERE term IN {gone}; "
        f"DELETE FROM passage_term_counts WHERE passages <= 0 AND term IN {gone}; END"
    )


def _spelled(row: str) -> dict[str, str]:
    scope = SCOPE.format(row=row)
    return {
        "scope": scope,
        "scoped": SCOPED.format(row=row, scope=scope),
        "terms": TERMS_SQLITE.format(row=row),
    }


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER passage_term_counts_step ON chunks")
        op.execute("DROP FUNCTION passage_term_counts_step()")
        op.execute("DROP TABLE passage_term_counts")
        return
    op.execute("DROP TRIGGER passage_terms_delete")
    op.execute("DROP TRIGGER passage_terms_insert")
    op.execute("DROP TABLE passage_terms")
    op.execute("DROP TABLE passage_term_counts")
    old_scope = "'w' || replace({row}.workspace_id, '-', '') || {row}.language"
    tokenizer = "unicode61 remove_diacritics 0"
    op.execute(f"CREATE VIRTUAL TABLE chunk_terms USING fts5(scope, terms, content='', tokenize='{tokenizer}')")
    op.execute(
        "INSERT INTO chunk_terms(rowid, scope, terms) "
        f"SELECT rowid, {old_scope.format(row='chunks')}, terms FROM chunks"
    )
    op.execute(
        "CREATE TRIGGER chunk_terms_insert AFTER INSERT ON chunks BEGIN INSERT INTO chunk_terms(rowid, scope, terms) "
        f"VALUES (new.rowid, {old_scope.format(row='new')}, new.terms); END"
    )
    op.execute(
        "CREATE TRIGGER chunk_terms_delete AFTER DELETE ON chunks BEGIN "
        "INSERT INTO chunk_terms(chunk_terms, rowid, scope, terms) "
        f"VALUES ('delete', old.rowid, {old_scope.format(row='old')}, old.terms); END"
    )
