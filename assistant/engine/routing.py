"""Routing a turn: a message goes to the step its intent names; a session's first turn opens its stage."""

from typing import assert_never

from assistant.engine.answering import answer, settle, skip
from assistant.engine.asking import ask, complete_text
from assistant.engine.coaching import framework_answer
from assistant.engine.corrections import change, delete, move, undo
from assistant.engine.intents import Intent
from assistant.engine.navigation import (
    back,
    enter_stage,
    goto,
    opening_stage,
    show_export,
    show_help,
    show_status,
    show_summary,
)
from assistant.engine.proposals import made_of
from assistant.engine.state import Proposal
from assistant.engine.turn import Turn
from assistant.retrieval.text import fold
from assistant.stages import STAGE_ORDER


def welcome(turn: Turn) -> None:
    """A new session's first reply: the welcome, then the opening stage and its first question."""
    turn.compose.add("welcome", brand=turn.brand)
    enter_stage(turn, opening_stage(turn.session))


def resume(turn: Turn) -> None:
    """A session that was never started (an imported one) is at its opening stage before its first message."""
    if not turn.session.state:
        enter_stage(turn, opening_stage(turn.session))
        turn.compose.parts.clear()


def dispatch(turn: Turn, intent: Intent, text: str) -> None:
    """Do what the message asks. A proposal on the table is settled first; a complete session stays so."""
    question = turn.question
    if intent.kind == "question" and question is not None and question.answers_are_questions:
        intent = Intent("answer")
    if turn.state.proposal is not None:
        # "remove the third", "replace X with Y", "annulla": said to a proposal, they correct or cancel it
        if (
            intent.kind in ("answer", "delete", "undo", "change")
            and question is not None
            and settle(turn, question, text)
        ):
            return
        if intent.kind not in ("question", "help", "status", "summary", "move"):
            turn.state.proposal = None  # written again, or moved on: what was read is not saved
    if turn.state.complete and intent.kind in ("answer", "skip", "done", "back"):
        turn.kind = "complete"
        turn.compose.add_text(complete_text(turn))
        return
    confirmed = made_of(fold(text).strip(" .!"), turn.parts.stages.vocabulary.confirm)
    if intent.kind == "answer" and turn.state.proposal is None and confirmed:
        turn.compose.add("nothing_to_confirm")  # "ok", "sounds good" with nothing to confirm is not an answer
        ask(turn)
        return
    match intent.kind:
        case "answer":
            answer(turn, text)
        case "undo":
            undo(turn)
        case "delete":
            delete(turn, text)
        case "change":
            if not change(turn, text) and question is not None:
                answer(turn, text)
        case "move":
            if not move(turn, text) and question is not None:
                turn.state.proposal = None
                answer(turn, text)
        case "question":
            framework_answer(turn, text)
            if intent.maybe_answer and question is not None and turn.kind == "answer":
                turn.state.proposal = Proposal(question=question.id, held=text)
                turn.kind = "proposal"
                turn.compose.add("held_as_answer")
        case "goto":
            goto(turn, intent.stage or STAGE_ORDER[0])
        case "back":
            back(turn)
        case "skip" | "done":
            skip(turn)
        case "status":
            show_status(turn)
        case "summary":
            show_summary(turn)
        case "export":
            show_export(turn)
        case "empty" | "help":
            show_help(turn)
        case _:
            assert_never(intent.kind)
