"""Bring a strategy document exported as JSON back in, as a new session or a new version of one."""

from pydantic import ValidationError

from assistant import coherence
from assistant.document.validation import DocumentInvalid, describe, parse_document_json
from assistant.stages import STAGE_ORDER
from assistant.store.repository import Store

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _resume_stage(completeness: dict[str, float]) -> str:
    """The first stage still incomplete, so a resumed session starts where the work is."""
    return next((stage for stage in STAGE_ORDER if completeness.get(stage, 0.0) < 1.0), STAGE_ORDER[-1])


def import_document(
    store: Store,
    *,
    workspace_id: str,
    data: bytes,
    brand: str | None = None,
    session_id: str | None = None,
    name: str = "document",
) -> tuple[str, int]:
    """Validate `data` (JSON of a strategy document) and save it; returns (session id, version).

    With `session_id`, the document becomes that session's next version (the session must belong to the
    workspace); without, a new session is created in the workspace. `brand` renames the brand; `name` (the
    file's) names problems with the file as a whole.
    Raises `DocumentInvalid` with one `field.path: problem` line per fault, `NotFound` for a foreign session.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise DocumentInvalid([f"{name}: {len(data)} bytes, more than the {MAX_IMPORT_BYTES} bytes allowed"])
    document = parse_document_json(data, name=name)
    if brand is not None and brand.strip():
        try:
            document.brand.name = brand.strip()
        except ValidationError as error:
            raise DocumentInvalid([f"brand.{line}" for line in describe(error)]) from None
    if session_id is not None:
        store.get_session(session_id, workspace_id=workspace_id)
        return session_id, store.save_document(session_id, document, note="imported")
    stage = _resume_stage(coherence.scorecard(document).completeness)
    session = store.create_session(
        workspace_id=workspace_id,
        brand_name=document.brand.name or "Imported strategy",
        language=document.brand.language,
        stage=stage,
    )
    return session.id, store.save_document(session.id, document, note="imported")
