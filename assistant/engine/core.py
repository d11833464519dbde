"""The engine: one user turn in, one reply out, the user's words saved before anything else happens."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from assistant import coherence
from assistant.document import Finding, Language, StrategyDocument
from assistant.document.edits import Edit, EditError, apply_edit, check_base
from assistant.document.history import json_patch
from assistant.engine.answers import (
    apply_answer,
    apply_items,
    brand_options,
    complete_item,
    measurables,
    missing_fields,
)
from assistant.engine.checks import first_failure
from assistant.engine.fields import read
from assistant.engine.intents import Intent, classify
from assistant.engine.locks import SessionLocks
from assistant.engine.proposals import accept, entries_of, propose, respond
from assistant.engine.replies import Composer, ReplyBook, plain, quote, sentences
from assistant.engine.reply import Reply
from assistant.engine.state import EngineState, FollowUp
from assistant.llm.port import LanguageModel, ModelFault
from assistant.llm.prompts import PromptBook
from assistant.llm.schemas import ListAnswer, TextAnswer, items_schema, to_draft
from assistant.parsing import Reader, follows_format
from assistant.retrieval.cards import Card
from assistant.retrieval.hits import Hit
from assistant.stages import STAGE_ORDER, Question, Stage, StageBook
from assistant.store.repository import Conflict, NotFound, PlanningSession, Snapshot, Store, TurnInput

MAX_FINDINGS_SHOWN = 12
MAX_ATTEMPTS = 20  # a save refused because another writer came first is worked out again on the latest
CITATION = re.compile(r"\[(\d{1,3})\]")  # how model-written text cites a numbered passage


class Knowledge(Protocol):
    """What the engine needs from the knowledge base."""

    def search(
        self, query: str, *, workspace_id: str | None = None, language: Language | None = None, top: int = 5
    ) -> list[Hit]: ...

    def card(self, card_id: str, language: Language) -> Card | None: ...

    def cards_tagged(self, tags: list[str], language: Language) -> list[Card]: ...


@dataclass
class Turn:
    """Everything one turn works on; saved together at its end, if nobody saved the session meanwhile."""

    snapshot: Snapshot
    state: EngineState
    document: StrategyDocument
    compose: Composer
    kind: str = "question"
    notice: str | None = None
    on_token: Callable[[str], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def session(self) -> PlanningSession:
        return self.snapshot.session

    @property
    def language(self) -> Language:
        return self.session.language


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
        self.knowledge = knowledge
        self.stages = stages
        self.replies = replies
        self.prompts = prompts
        self.model = model
        self.reader = Reader(stages.vocabulary)
        self._locks = SessionLocks()

    # Entry points

    def start(self, session_id: str) -> Reply:
        """The welcome and the first question of a new session; for a started one, the pending question."""
        with self._locks.hold(session_id):
            return self._until_saved(session_id, self._start)

    def handle(self, session_id: str, text: str, *, on_token: Callable[[str], None] | None = None) -> Reply:
        """Answer one message. The user's text is saved first; the reply, document and state after."""
        text = text.strip()
        with self._locks.hold(session_id):
            self.store.record(session_id, turns=[TurnInput("user", text)])
            return self._until_saved(session_id, lambda snapshot: self._handle(snapshot, text, on_token))

    def edit(self, session_id: str, change: Edit) -> Reply:
        """A direct change from the canvas, saved as a new version.

        Raises EditError or DocumentInvalid for a bad edit, EditConflict when its field changed after
        `change.base_version`."""
        return self._until_saved(session_id, lambda snapshot: self._edit(snapshot, change))

    def open_question(self, session_id: str, stage_id: str, question_id: str) -> Reply:
        """Make one question pending, as navigating to a stage does for its first: to answer it (again) now."""
        stage = self.stages.stage(stage_id)
        if question_id not in {q.id for q in stage.questions}:
            raise ValueError(f"stage {stage_id!r} has no question {question_id!r}")
        with self._locks.hold(session_id):
            return self._until_saved(session_id, lambda snapshot: self._open_question(snapshot, stage_id, question_id))

    # Turn handling

    def _until_saved(self, session_id: str, attempt: Callable[[Snapshot], Reply]) -> Reply:
        """Read, work out and save; when another writer saved the session first, do it again on theirs."""
        for _ in range(MAX_ATTEMPTS - 1):
            try:
                return attempt(self.store.snapshot(session_id))
            except Conflict:
                continue
        return attempt(self.store.snapshot(session_id))

    def _start(self, snapshot: Snapshot) -> Reply:
        turn = self._turn(snapshot)
        if snapshot.session.state:
            turn.compose.add_text(self._question_text(turn))
            return self._reply(turn, persist=False)
        turn.compose.add("welcome", brand=self._brand(turn))
        self._enter_stage(turn, _opening_stage(snapshot.session))
        return self._finish(turn, before=turn.document.model_copy(deep=True))

    def _handle(self, snapshot: Snapshot, text: str, on_token: Callable[[str], None] | None) -> Reply:
        turn = self._turn(snapshot, on_token=on_token)
        if not snapshot.session.state:
            self._enter_stage(turn, _opening_stage(snapshot.session))
            turn.compose.parts.clear()
        before = turn.document.model_copy(deep=True)
        self._dispatch(turn, classify(text, self.stages.vocabulary), text)
        return self._finish(turn, before=before)

    def _open_question(self, snapshot: Snapshot, stage_id: str, question_id: str) -> Reply:
        turn = self._turn(snapshot)
        turn.kind = "navigation"
        turn.state.stage, turn.state.question = stage_id, question_id
        turn.state.follow_up, turn.state.complete = None, False
        turn.state.coached = [c for c in turn.state.coached if c.split(":")[0] != question_id]
        self._ask(turn)
        return self._finish(turn, before=turn.document.model_copy(deep=True))

    def _edit(self, snapshot: Snapshot, change: Edit) -> Reply:
        turn = self._turn(snapshot)
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

    def _turn(self, snapshot: Snapshot, on_token: Callable[[str], None] | None = None) -> Turn:
        session = snapshot.session
        state = EngineState.model_validate(session.state) if session.state else EngineState()
        return Turn(snapshot, state, snapshot.document, Composer(self.replies, session.language), on_token=on_token)

    def _dispatch(self, turn: Turn, intent: Intent, text: str) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "empty": lambda: self._help(turn),
            "help": lambda: self._help(turn),
            "back": lambda: self._back(turn),
            "skip": lambda: self._skip(turn),
            "done": lambda: self._skip(turn),
            "status": lambda: self._status(turn),
            "summary": lambda: self._summary(turn),
            "export": lambda: self._export(turn),
            "goto": lambda: self._goto(turn, intent.stage or STAGE_ORDER[0]),
            "question": lambda: self._framework_answer(turn, text),
            "answer": lambda: self._answer(turn, text),
        }
        question = self._current_question(turn)
        if intent.kind == "question" and question is not None and question.answers_are_questions:
            intent = Intent("answer")
        if turn.state.proposal is not None:
            if intent.kind == "answer" and question is not None and self._settle(turn, question, text):
                return
            if intent.kind not in ("question", "help", "status", "summary"):
                turn.state.proposal = None  # written again, or moved on: what was read is not saved
        if turn.state.complete and intent.kind in ("answer", "skip", "done", "back"):
            turn.kind = "complete"
            turn.compose.add_text(self._complete_text(turn))
            return
        handlers[intent.kind]()

    def _finish(self, turn: Turn, *, before: StrategyDocument, note: str = "") -> Reply:
        """Save the reply, the document (if it changed) and the state in one transaction."""
        old_findings = coherence.check(before, language=turn.language)
        new_findings = coherence.check(turn.document, language=turn.language)
        changed = turn.document != before
        reply = self._reply(turn, persist=False)
        reply.patch = json_patch(before, turn.document) if changed else []
        reply.findings_added = _minus(new_findings, old_findings)
        reply.findings_resolved = _minus(old_findings, new_findings)
        note = note or f"{turn.state.stage}: {reply.kind}"
        document = turn.document if changed else None
        if turn.kind == "edit":  # an edit changes the document only: the conversation's state is not its own
            reply.version = self.store.record(
                turn.session.id, document=document, note=note, expected_version=turn.snapshot.version
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
        )
        return reply

    def _reply(self, turn: Turn, *, persist: bool) -> Reply:
        question = self._current_question(turn)
        return Reply(
            message=turn.compose.text,
            kind=turn.kind,
            stage=turn.state.stage,
            question_id=question.id if question else None,
            question=self._question_text(turn) if question else None,
            citations=list(turn.compose.sources),
            notice=turn.notice,
        )

    # Questions and stages

    def _stage(self, turn: Turn) -> Stage:
        return self.stages.stage(turn.state.stage)

    def _current_question(self, turn: Turn) -> Question | None:
        if turn.state.question is None:
            return None
        return self._stage(turn).question(turn.state.question)

    def _brand(self, turn: Turn) -> str:
        return turn.document.brand.name or turn.session.brand_name

    def _options(self, turn: Turn, show: str | None) -> str:
        if show == "brand_objectives":
            options = brand_options(turn.document)
        elif show == "measurables":
            options = measurables(turn.document)
        else:
            return ""
        return "\n".join(f"{number}. {plain(text)}" for number, (_, text) in enumerate(options, start=1))

    def _question_text(self, turn: Turn) -> str:
        question = self._current_question(turn)
        if question is None:
            return self._complete_text(turn)
        follow_up = turn.state.follow_up
        if follow_up is not None and follow_up.kind == "item":
            return self._item_follow_up_text(turn, question, follow_up)
        stage = self._stage(turn)
        lang, brand = turn.language, self._brand(turn)
        return self.replies.say(
            "question",
            lang,
            title=stage.title.render(lang),
            number=stage.index(question.id) + 1,
            total=len(stage.questions),
            optional=question.optional,
            ask=question.ask.render(lang, brand=brand),
            options=self._options(turn, question.show),
            example=question.example.render(lang, brand=brand),
            hint=question.hint.render(lang) if question.hint else "",
        )

    def _ask(self, turn: Turn) -> None:
        turn.compose.add_text(self._question_text(turn))

    def _enter_stage(self, turn: Turn, stage_id: str) -> None:
        stage = self.stages.stage(stage_id)
        turn.state.stage = stage_id
        turn.state.question = stage.questions[0].id
        turn.state.follow_up = None
        turn.state.complete = False
        lang = turn.language
        card = self.knowledge.card(stage.why_card, lang)
        why = quote(card.intro, 1) if card else ""
        cite = turn.compose.cite_card(card, sentences(card.intro, 3)) if card else 0
        turn.compose.add(
            "stage_intro",
            number=self.stages.position(stage_id) + 1,
            title=stage.title.render(lang),
            intro=stage.intro.render(lang, brand=self._brand(turn)),
            why=why,
            cite=cite,
        )
        related = [c for c in self.knowledge.cards_tagged(stage.knowledge_tags, lang) if c.id != stage.why_card]
        if related:
            links = ", ".join(f"{c.title} [{turn.compose.cite_card(c, sentences(c.intro, 3))}]" for c in related[:3])
            turn.compose.add("related", links=links)
        if stage_id == "review":
            self._review(turn)
        self._ask(turn)

    def _advance(self, turn: Turn) -> None:
        """The next question of the stage, or the next stage after a summary of this one."""
        stage = self._stage(turn)
        question = self._current_question(turn)
        assert question is not None
        turn.state.follow_up = None
        index = stage.index(question.id)
        if index + 1 < len(stage.questions):
            turn.state.question = stage.questions[index + 1].id
            self._ask(turn)
            return
        turn.compose.add("stage_done", title=stage.title.render(turn.language), lines=self._stage_lines(turn, stage))
        following = self.stages.next_stage(stage.id)
        if following is None:
            self._complete(turn)
        else:
            self._enter_stage(turn, following)

    def _complete(self, turn: Turn) -> None:
        turn.state.question = None
        turn.state.complete = True
        self._review(turn)
        turn.kind = "complete"
        turn.compose.add_text(self._complete_text(turn))

    def _complete_text(self, turn: Turn) -> str:
        """The strategy is called complete only when no error finding is open."""
        errors = sum(f.severity == "error" for f in coherence.check(turn.document, language=turn.language))
        return self.replies.say("complete", turn.language, brand=self._brand(turn), errors=errors)

    def _stage_lines(self, turn: Turn, stage: Stage) -> str:
        lines = []
        for question in stage.questions:
            value = read(turn.document, question.field)
            if question.kind == "annotate" or value in (None, "", []):
                continue
            shown = "; ".join(_item_label(v) for v in value) if isinstance(value, list) else str(value)
            lines.append(f"- {question.label.render(turn.language)}: {quote(shown, 3)}")
        return "\n".join(lines)

    def _review(self, turn: Turn) -> None:
        """Run the whole coherence check, keep it in the document, and show the scorecard."""
        lang = turn.language
        turn.document.review.coherence = coherence.report(
            turn.document, language=lang, checked_at=datetime.now(UTC).isoformat(timespec="seconds")
        )
        score = coherence.scorecard(turn.document)
        findings = turn.document.review.coherence.findings
        lines = []
        for finding in findings[:MAX_FINDINGS_SHOWN]:
            card = self.knowledge.card(finding.card_id, lang) if finding.card_id else None
            cite = f" [{turn.compose.cite_card(card, sentences(card.coach, 2))}]" if card else ""
            lines.append(f"- **{finding.severity}** · {plain(finding.message)}{cite}")
        turn.kind = "review"
        turn.compose.add(
            "review",
            completeness=", ".join(
                f"{self.stages.stage(s).title.render(lang)} {round(100 * score.completeness[s])}%" for s in STAGE_ORDER
            ),
            ladder=", ".join(f"{level} {count}" for level, count in score.ladder.items() if count),
            balance=", ".join(f"{kind} {count}" for kind, count in score.kpi_balance.items() if count),
            findings="\n".join(lines),
        )

    # Navigation and information

    def _help(self, turn: Turn) -> None:
        turn.kind = "help"
        turn.compose.add("help", pending=self._question_text(turn))

    def _status(self, turn: Turn) -> None:
        turn.kind = "status"
        lang = turn.language
        score = coherence.scorecard(turn.document)
        current = self.stages.position(turn.state.stage)
        lines = []
        for position, stage_id in enumerate(STAGE_ORDER):
            if position < current or turn.state.complete:
                state = "done"
            else:
                state = "current" if position == current else "todo"
            label = self.replies.label("stage_state", state, lang)
            title = self.stages.stage(stage_id).title.render(lang)
            lines.append(f"{position + 1}. {title}: {label}, {round(100 * score.completeness[stage_id])}%")
        turn.compose.add("status", stages="\n".join(lines), pending=self._question_text(turn))

    def _summary(self, turn: Turn) -> None:
        turn.kind = "summary"
        for stage in self.stages.stages:
            lines = self._stage_lines(turn, stage)
            if lines:
                turn.compose.add_text(f"**{stage.title.render(turn.language)}**\n{lines}")
        self._ask(turn)

    def _export(self, turn: Turn) -> None:
        turn.kind = "help"
        turn.compose.add("export_hint", session=turn.session.id, pending=self._question_text(turn))

    def _goto(self, turn: Turn, stage_id: str) -> None:
        turn.kind = "navigation"
        asked_here = {q.id for q in self.stages.stage(stage_id).questions}
        turn.state.coached = [c for c in turn.state.coached if c.split(":")[0] not in asked_here]
        self._enter_stage(turn, stage_id)

    def _back(self, turn: Turn) -> None:
        turn.kind = "navigation"
        if turn.state.follow_up is not None:
            turn.state.follow_up = None
            self._ask(turn)
            return
        stage = self._stage(turn)
        question = self._current_question(turn)
        assert question is not None
        index = stage.index(question.id)
        if index > 0:
            turn.state.question = stage.questions[index - 1].id
        else:
            previous = self.stages.previous_stage(stage.id)
            if previous is None:
                turn.compose.add("back_at_start", pending=self._question_text(turn))
                return
            turn.state.stage = previous
            turn.state.question = self.stages.stage(previous).questions[-1].id
        self._ask(turn)

    def _skip(self, turn: Turn) -> None:
        turn.kind = "navigation"
        question = self._current_question(turn)
        assert question is not None
        if turn.state.follow_up is not None:
            if turn.state.follow_up.kind == "check":  # keep the answer as it is: no more coaching on it
                turn.state.coached += [f"{question.id}:{c.check}" for c in question.checks]
            turn.state.follow_up = None
            self._after_answer(turn, question)
        else:
            self._advance(turn)

    # Answers

    def _answer(self, turn: Turn, text: str) -> None:
        question = self._current_question(turn)
        assert question is not None
        follow_up = turn.state.follow_up
        if follow_up is not None and follow_up.kind == "item" and follow_up.item_id:
            complete_item(turn.document, question, follow_up.item_id, text, self.reader)
            turn.state.follow_up = None
            turn.compose.add("saved", what="")
        else:
            if self.model is None and (proposal := propose(question, text, self.reader)) is not None:
                turn.state.proposal = proposal
                self._show_proposal(turn, question)
                return
            saved = self._apply(turn, question, text, extend=follow_up is not None)
            if not saved:
                turn.kind = "question"
                turn.compose.add("unparsed", hint=question.hint.render(turn.language) if question.hint else "")
                self._ask(turn)
                return
            turn.state.follow_up = None
            turn.compose.add("saved", what=quote(saved, 2, 200).rstrip(". "))
        self._after_answer(turn, question)

    def _settle(self, turn: Turn, question: Question, text: str) -> bool:
        """The team's reply to a proposal: saved, dropped or corrected; False when it is a new answer."""
        proposal = turn.state.proposal
        assert proposal is not None
        outcome = respond(proposal, text, question, self.stages.vocabulary, self.reader)
        if outcome == "confirmed":
            turn.state.proposal = turn.state.follow_up = None
            saved = accept(proposal, question, self.reader, turn.document)
            turn.compose.add("saved", what=quote(saved, 2, 200).rstrip(". "))
            self._after_answer(turn, question)
        elif outcome == "cancelled":
            turn.state.proposal = None
            turn.kind = "question"
            turn.compose.add("proposal_cancelled")
            self._ask(turn)
        elif outcome == "corrected":
            self._show_proposal(turn, question, corrected=True)
        return outcome != "other"

    def _show_proposal(self, turn: Turn, question: Question, *, corrected: bool = False) -> None:
        """What was read, item by item with its fields, in the session's language."""
        assert turn.state.proposal is not None
        lang = turn.language
        lines = []
        for number, (name, fields) in enumerate(entries_of(turn.state.proposal, question), start=1):
            details = " · ".join(
                f"{self._label('fields', k, lang)}: {self._label('values', v, lang)}" for k, v in fields.items()
            )
            lines.append(f"{number}. **{plain(name)}**" + (f" — {plain(details)}" if details else ""))
        turn.kind = "proposal"
        what = question.label.render(lang).lower()
        turn.compose.add("proposal", count=len(lines), what=what, items="\n".join(lines), corrected=corrected)

    def _label(self, group: str, key: str, language: Language) -> str:
        """A field's or value's name in the session's language; the team's own words stay as they are."""
        return self.replies.known_label(group, key, language) or key.replace("_", " ")

    def _apply(self, turn: Turn, question: Question, text: str, *, extend: bool) -> str:
        """Read a free-text answer with the model when there is one; else, when it fails, or when the answer
        follows the documented format, deterministically."""
        if self.model is not None and question.kind != "annotate" and not follows_format(question.kind, text):
            try:
                return self._apply_with_model(turn, question, text, extend=extend)
            except ModelFault:
                turn.notice = self.replies.say("model_fallback", turn.language)
        return apply_answer(turn.document, question, text, self.reader, extend=extend)

    def _apply_with_model(self, turn: Turn, question: Question, text: str, *, extend: bool) -> str:
        assert self.model is not None
        prompt = self.prompts.render(
            "extract",
            language=turn.language,
            brand=self._brand(turn),
            question=question.ask.render(turn.language, brand=self._brand(turn)),
            hint=question.hint.render(turn.language) if question.hint else "",
            options=self._options(turn, question.show),
            answer=text,
        )
        if question.kind == "text":
            value = self.model.extract(prompt, TextAnswer).value
            return apply_answer(turn.document, question, value, self.reader, extend=extend) if value.strip() else ""
        if question.kind == "list":
            items = self.model.extract(prompt, ListAnswer).items
            return apply_answer(turn.document, question, "\n".join(items), self.reader, extend=True) if items else ""
        assert question.item is not None
        extracted = self.model.extract(prompt, items_schema(question.item))
        drafts = [to_draft(item) for item in getattr(extracted, "items", [])]
        return "; ".join(apply_items(turn.document, question, drafts)) if drafts else ""

    def _after_answer(self, turn: Turn, question: Question) -> None:
        """Coach a weak answer once, complete partial items once each, else move on."""
        failure = first_failure(turn.document, question, self.stages.vocabulary, skip=set(turn.state.coached))
        if failure is not None:
            check, values = failure
            turn.state.coached.append(f"{question.id}:{check.check}")
            turn.state.follow_up = FollowUp(kind="check", check=check.check)
            self._coach(turn, check.card, check.follow_up.render(turn.language, brand=self._brand(turn), **values))
            return
        if question.kind == "items" and question.item is not None:
            for item in read(turn.document, question.field):
                missing = missing_fields(question.item, item)
                if missing and item.id not in turn.state.completed_items:
                    turn.state.completed_items.append(item.id)
                    turn.state.follow_up = FollowUp(kind="item", item_id=item.id, missing=missing)
                    turn.kind = "question"
                    card = self.knowledge.card(question.item_card, turn.language) if question.item_card else None
                    if card is not None:
                        turn.kind = "coaching"
                        cite = turn.compose.cite_card(card, sentences(card.coach, 4))
                        turn.compose.add_text(f"> {quote(card.coach, 1)} [{cite}]")
                    self._ask(turn)
                    return
        turn.kind = "question"
        self._advance(turn)

    def _coach(self, turn: Turn, card_id: str, follow_up: str) -> None:
        """The follow-up and the card's coaching; phrased by the model from that card alone when there is one."""
        turn.kind = "coaching"
        card = self.knowledge.card(card_id, turn.language)
        coach = quote(card.coach, 2) if card else ""
        cite = turn.compose.cite_card(card, sentences(card.coach, 4)) if card else 0
        question = self._current_question(turn)
        written = self._write(
            turn,
            "coach",
            follow_up=follow_up,
            card=(cite, card.title, card.coach) if card else None,
            answer=read(turn.document, question.field) if question else "",
        )
        if written is None:
            turn.compose.add("coaching", follow_up=follow_up, coach=coach, cite=cite)
        else:
            turn.compose.add_text(written)

    def _item_follow_up_text(self, turn: Turn, question: Question, follow_up: FollowUp) -> str:
        assert question.item is not None
        item = next((i for i in read(turn.document, question.field) if i.id == follow_up.item_id), None)
        lang = turn.language
        labels = [self.replies.label("fields", name, lang) for name in follow_up.missing]
        show = "measurables" if "measures" in follow_up.missing else None
        if "brand_objective_id" in follow_up.missing:
            show = "brand_objectives"
        return self.replies.say(
            "item_follow_up",
            lang,
            name=plain(_item_label(item)) if item else "",
            missing=", ".join(labels),
            options=self._options(turn, show),
            format=" | ".join(labels),
        )

    # Framework questions

    def _framework_answer(self, turn: Turn, text: str) -> None:
        """Answer from the cards and the workspace's documents, cite them, then ask the same question again."""
        turn.kind = "answer"
        lang = turn.language
        hits = self.knowledge.search(text, workspace_id=turn.session.workspace_id, top=3)
        pending = self._question_text(turn)
        if not hits:
            turn.compose.add("nothing_found", pending=pending)
            return
        passages = []
        for hit in hits:
            card = self.knowledge.card(hit.citation.card_id, lang) if hit.citation.card_id else None
            if card is not None:
                passage = sentences(card.intro, 3)
                number = turn.compose.cite_card(card, passage)
                passages.append(f"- **{plain(card.title)}**: {quote(card.intro, 2)} [{number}]")
            else:
                passage = sentences(hit.text, 3)
                number = turn.compose.cite_hit(hit, passage)
                passages.append(f"- **{plain(hit.citation.label)}**: {quote(hit.text, 2)} [{number}]")
        written = self._write(
            turn, "answer", question=text, passages=[(s.number, s.label, s.passage) for s in turn.compose.sources]
        )
        if written is None:
            turn.compose.add("answer", passages="\n".join(passages), pending=pending)
        else:
            turn.compose.add_text(written)
            turn.compose.add_text(pending)

    def _write(self, turn: Turn, prompt: str, **values: Any) -> str | None:
        """Model-written text grounded only in the given passages, or None to compose it without the model.

        Text that cites no passage, or a passage that was not given, is advice without a source: it is
        dropped like a fault, and the already streamed tokens are replaced by the composed reply."""
        if self.model is None or not self.model.writes:
            return None
        try:
            text = self.model.write(
                self.prompts.render(prompt, language=turn.language, **values), on_token=turn.on_token
            ).strip()
        except ModelFault:
            turn.notice = self.replies.say("model_fallback_text", turn.language)
            return None
        cited = {int(number) for number in CITATION.findall(text)}
        if not cited or not cited <= {source.number for source in turn.compose.sources}:
            turn.notice = self.replies.say("model_uncited", turn.language)
            return None
        return text


def _opening_stage(session: PlanningSession) -> str:
    """Where a session without engine state begins: the first stage, or where an imported document's work is."""
    return session.stage if session.stage in STAGE_ORDER else STAGE_ORDER[0]


def _minus(first: list[Finding], second: list[Finding]) -> list[Finding]:
    keys = {(f.rule, tuple(f.fields), f.message) for f in second}
    return [f for f in first if (f.rule, tuple(f.fields), f.message) not in keys]


def _item_label(value: Any) -> str:
    for name in ("name", "text"):
        if hasattr(value, name):
            return str(getattr(value, name))
    return str(value)
