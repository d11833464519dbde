"""The engine: one user turn in, one reply out, the user's words saved before anything else happens.

`Engine` only reads, hands the turn over and saves: routing a message is `routing`, answers are
`answering`, follow-ups and framework questions `coaching`, moving through the stages `navigation`,
the review `review`, and the pending question's wording `asking`.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from assistant import coherence
from assistant.document import Finding, StrategyDocument
from assistant.document.edits import Edit, EditError, apply_edit, check_base
from assistant.document.history import json_patch, patched_fields
from assistant.engine import navigation, routing
from assistant.engine.asking import ask, reply_of
from assistant.engine.intents import classify
from assistant.engine.locks import SessionLocks
from assistant.engine.replies import ReplyBook
from assistant.engine.reply import Reply
from assistant.engine.turn import Knowledge, Parts, Turn
from assistant.llm.port import LanguageModel
from assistant.llm.prompts import PromptBook
from assistant.parsing import Reader
from assistant.stages import StageBook
from assistant.store.repository import Conflict, NotFound, Snapshot, Store, TurnInput

MAX_ATTEMPTS = 20  # a save refused because another writer came first is worked out again on the latest


class Engine:
    def __init__(
        self,
        *,
        store: Store,
        knowledge: Knowledge,
        stages: StageBook,
        replies: ReplyBook,
        prompts: PromptBook,
        model: LanguageModel | None = None,
    ):
        self.store = store
        self.parts = Parts(knowledge, stages, replies, prompts, model, Reader(stages.vocabulary))
        self._locks = SessionLocks()

    @property
    def stages(self) -> StageBook:
        return self.parts.stages

    def start(self, session_id: str) -> Reply:
        """The welcome and the first question of a new session; for a started one, the pending question."""
        with self._locks.hold(session_id):
            return self._until_saved(session_id, self._start)

    def handle(
        self, session_id: str, text: str, *, author: str = "", on_token: Callable[[str], None] | None = None
    ) -> Reply:
        """Answer one message. The user's text is saved first; the reply, document and state after.

        One message of a session at a time, in this process and (through the store) across processes;
        the saved message tells the session's viewers that `author` is being answered."""
        text = text.strip()
        with self._locks.hold(session_id), self.store.turn_lock(session_id):
            self.store.record(session_id, turns=[TurnInput("user", text, author=author)])
            return self._until_saved(session_id, lambda snapshot: self._handle(snapshot, text, on_token, author))

    def edit(self, session_id: str, change: Edit, *, author: str = "") -> Reply:
        """A direct change from the canvas, saved as a new version.

        Raises EditError or DocumentInvalid for a bad edit, EditConflict when its field changed after
        `change.base_version`."""
        return self._until_saved(session_id, lambda snapshot: self._edit(snapshot, change, author))

    def restore(self, session_id: str, version: int, *, author: str = "") -> Reply:
        """An earlier version's document saved as the newest version; the versions after it stay in the history.

        Raises NotFound when the session has no such version."""
        return self._until_saved(session_id, lambda snapshot: self._restore(snapshot, version, author))

    def open_question(self, session_id: str, stage_id: str, question_id: str) -> Reply:
        """Make one question pending, as navigating to a stage does for its first: to answer it (again) now."""
        stage = self.stages.stage(stage_id)
        if question_id not in {q.id for q in stage.questions}:
            raise ValueError(f"stage {stage_id!r} has no question {question_id!r}")
        with self._locks.hold(session_id):
            return self._until_saved(session_id, lambda snapshot: self._open_question(snapshot, stage_id, question_id))

    def _until_saved(self, session_id: str, attempt: Callable[[Snapshot], Reply]) -> Reply:
        """Read, work out and save; when another writer saved the session first, do it again on theirs."""
        for _ in range(MAX_ATTEMPTS - 1):
            try:
                return attempt(self.store.snapshot(session_id))
            except Conflict:
                continue
        return attempt(self.store.snapshot(session_id))

    def _start(self, snapshot: Snapshot) -> Reply:
        turn = Turn.of(self.parts, snapshot)
        if snapshot.session.state:
            ask(turn, listing=True)
            return reply_of(turn)
        routing.welcome(turn)
        return self._finish(turn, before=turn.document.model_copy(deep=True))

    def _handle(self, snapshot: Snapshot, text: str, on_token: Callable[[str], None] | None, author: str) -> Reply:
        turn = Turn.of(self.parts, snapshot, on_token=on_token, history=self.store)
        turn.author = author
        routing.resume(turn)
        before = turn.document.model_copy(deep=True)
        routing.dispatch(turn, classify(text, self.stages.vocabulary, partial(_echoes, turn)), text)
        return self._finish(turn, before=before)

    def _open_question(self, snapshot: Snapshot, stage_id: str, question_id: str) -> Reply:
        turn = Turn.of(self.parts, snapshot)
        navigation.open_question(turn, stage_id, question_id)
        return self._finish(turn, before=turn.document.model_copy(deep=True))

    def _edit(self, snapshot: Snapshot, change: Edit, author: str) -> Reply:
        turn = Turn.of(self.parts, snapshot)
        turn.author = author
        before = turn.document
        if change.base_version is not None and change.base_version != snapshot.version:
            try:
                _, base = self.store.load_document(snapshot.session.id, change.base_version)
            except NotFound:
                raise EditError(f"base_version: the session has no version {change.base_version}") from None
            check_base(base, before, change, version=snapshot.version)
        turn.document = apply_edit(before, change)
        turn.kind = "edit"
        return self._finish(turn, before=before, note=f"edit {change.op} {change.path}")

    def _restore(self, snapshot: Snapshot, version: int, author: str) -> Reply:
        _, earlier = self.store.load_document(snapshot.session.id, version)
        turn = Turn.of(self.parts, snapshot)
        turn.author = author
        before, turn.document = turn.document, earlier
        turn.kind = "edit"  # like a canvas edit: the document changes, the conversation stays where it is
        return self._finish(turn, before=before, note=f"restore v{version}")

    def _finish(self, turn: Turn, *, before: StrategyDocument, note: str = "") -> Reply:
        """Save the reply, the document (if it changed) and the state in one transaction."""
        old_findings = coherence.check(before, language=turn.language)
        new_findings = coherence.check(turn.document, language=turn.language)
        changed = turn.document != before
        reply = reply_of(turn)
        reply.patch = json_patch(before, turn.document) if changed else []
        reply.findings_added = _minus(new_findings, old_findings)
        reply.findings_resolved = _minus(old_findings, new_findings)
        note = note or turn.note or f"{turn.state.stage}: {reply.kind}"
        document = turn.document if changed else None
        # the fields a person changed, for the session's viewers: provenance is bookkeeping beside them
        fields = [f for f in patched_fields(reply.patch) if "provenance" not in f] if changed else None
        if turn.kind == "edit":  # an edit changes the document only: the conversation's state is not its own
            reply.version = self.store.record(
                turn.session.id,
                document=document,
                note=note,
                expected_version=turn.snapshot.version,
                author=turn.author,
                changed=fields,
            )
            return reply
        meta = {"kind": reply.kind, "citations": [s.__dict__ for s in reply.citations], "notice": reply.notice}
        reply.version = self.store.record(
            turn.session.id,
            turns=[TurnInput("assistant", reply.message, meta)],
            document=document,
            note=note,
            stage=turn.state.stage,
            status="complete" if turn.state.complete else "active",
            state=turn.state.model_dump(mode="json"),
            expected_version=turn.snapshot.version,
            expected_seq=turn.snapshot.seq,
            author=turn.author,
            changed=fields,
            proposal=_proposal_event(turn),
        )
        return reply


def _echoes(turn: Turn, piece: str) -> bool:
    """Whether a question in the message repeats the pending one: they share a word (the brand's name aside)."""
    question = turn.question
    if question is None:
        return False
    pending = " ".join([question.label.render(turn.language), question.ask.render(turn.language, brand="")])
    content = turn.parts.knowledge.content
    return bool(content(piece, turn.language) & content(pending, turn.language))


def _proposal_event(turn: Turn) -> dict[str, Any] | None:
    """What viewers hear of the confirm step: a reading shown for confirmation, or that it was settled."""
    now = turn.state.proposal.model_dump(mode="json") if turn.state.proposal else None
    if now == turn.snapshot.session.state.get("proposal"):
        return None
    return {"pending": now is not None, "proposal": now}


def _minus(first: list[Finding], second: list[Finding]) -> list[Finding]:
    keys = {(f.rule, tuple(f.fields), f.message) for f in second}
    return [f for f in first if (f.rule, tuple(f.fields), f.message) not in keys]
