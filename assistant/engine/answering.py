"""Answers to the pending question: read with the model or deterministically, shown first when read from
prose, saved, then followed up or moved on from; skipping is answering with nothing more."""

from assistant.engine.answers import USER, apply_answer, apply_items, complete_item
from assistant.engine.asking import ask, item_label, options, proposal_text
from assistant.engine.coaching import follow_up
from assistant.engine.fields import read, write
from assistant.engine.navigation import advance
from assistant.engine.proposals import accept, made_of, propose, respond
from assistant.engine.replies import quote
from assistant.engine.state import Proposal
from assistant.engine.turn import Turn
from assistant.llm.port import ModelFault
from assistant.llm.schemas import ListAnswer, TextAnswer, agreed, items_schema, to_draft
from assistant.parsing import follows_format, listed
from assistant.reading.lists import unfolded
from assistant.retrieval.text import fold
from assistant.stages import Question


def answer(turn: Turn, text: str, *, chosen: bool = False) -> None:
    """Read and save an answer; a list that has items already first asks whether to replace or add to them
    (`chosen` once the team said which). Several lines are an answer to the whole list even while one item's
    missing field is being asked for: they are merged by name, never squeezed into that one field."""
    question = turn.question
    assert question is not None
    text = unfolded(text)  # "1) ... 2) ..." typed on one line is read as the lines it lists
    parts, pending = turn.parts, turn.state.follow_up
    if not chosen and pending is None and _replaces_or_adds(turn, question, text):
        turn.state.proposal = Proposal(question=question.id, choice=text)
        _ask_replace_or_add(turn, question, text)
        return
    before = turn.document.model_dump_json()
    if pending is not None and pending.kind == "item" and pending.item_id and not listed(text):
        complete_item(turn.document, question, pending.item_id, text, parts.reader)
    if turn.document.model_dump_json() != before:
        turn.state.follow_up = None
        turn.compose.add("saved", what="")
    else:  # a new answer, or a follow-up answer that fills nothing: it is read as an answer to the whole list
        if (
            not chosen
            and parts.model is None
            and (proposal := propose(question, text, parts.reader, author=turn.author)) is not None
        ):
            turn.state.proposal = proposal
            _show_proposal(turn, question)
            return
        saved = _apply(turn, question, text, extend=pending is not None)
        if not saved:
            turn.kind = "question"
            turn.compose.add("unparsed", hint=question.hint.render(turn.language) if question.hint else "")
            ask(turn)
            return
        turn.state.follow_up = None
        turn.compose.add("saved", what=quote(saved, 2, 200).rstrip(". "))
    after_answer(turn, question)


def settle(turn: Turn, question: Question, text: str) -> bool:
    """The team's reply to a proposal: saved, dropped or corrected; False when it is a new answer."""
    proposal = turn.state.proposal
    assert proposal is not None
    parts = turn.parts
    if proposal.choice is not None:
        return _settle_choice(turn, question, text, proposal.choice)
    if proposal.held is not None:
        return _settle_held(turn, text, proposal.held)
    outcome = respond(proposal, text, question, parts.stages.vocabulary, parts.reader, author=turn.author)
    if outcome == "confirmed":
        turn.state.proposal = turn.state.follow_up = None
        saved = accept(proposal, question, parts.reader, turn.document)
        turn.compose.add("saved", what=quote(saved, 2, 200).rstrip(". "))
        after_answer(turn, question)
    elif outcome == "cancelled":
        turn.state.proposal = None
        turn.kind = "question"
        turn.compose.add("proposal_cancelled")
        ask(turn)
    elif outcome == "corrected":
        _show_proposal(turn, question, corrected=True)
    elif outcome == "unclear":  # kept as it was: a correction this cannot read never replaces what was read
        turn.compose.add("proposal_unclear")
        _show_proposal(turn, question)
    elif outcome == "same":
        _show_proposal(turn, question)
    return outcome != "other"


def _replaces_or_adds(turn: Turn, question: Question, text: str) -> bool:
    """Whether the answer to a list that has items already could replace them or add to them: not when it
    repeats every one of them ("clarity; reliability; candour" after "clarity; reliability"), as then the
    two come to the same."""
    if question.kind not in ("list", "items"):
        return False
    folded = fold(text)
    return any(fold(item_label(v)) not in folded for v in read(turn.document, question.field))


def _ask_replace_or_add(turn: Turn, question: Question, text: str) -> None:
    turn.kind = "proposal"
    current = "; ".join(item_label(v) for v in read(turn.document, question.field))
    what = question.label.render(turn.language).lower()
    turn.compose.add("replace_or_add", what=what, current=quote(current, 3), new=quote(text, 2, 200))


def _settle_choice(turn: Turn, question: Question, text: str, choice: str) -> bool:
    """ "replace" empties the list before the answer is saved, "add" (or yes) saves it beside what is there;
    anything else is a new answer, read as usual."""
    vocabulary = turn.parts.stages.vocabulary
    folded = fold(text).strip(" .!")
    replace = folded in {fold(w) for w in vocabulary.corrections["replace"]}
    if not replace and folded not in {fold(w) for w in vocabulary.corrections["add"]}:
        return False
    turn.state.proposal = None
    if replace:
        write(turn.document, question.field, [], USER)
    answer(turn, choice, chosen=True)
    return True


def _settle_held(turn: Turn, text: str, held: str) -> bool:
    """A yes saves the message that was answered as a question as the answer, read as written; anything else is
    a new message."""
    if not made_of(fold(text).strip(" .!"), turn.parts.stages.vocabulary.confirm):
        return False
    turn.state.proposal = None
    answer(turn, held, chosen=True)
    return True


def skip(turn: Turn) -> None:
    """On to the next question; on a follow-up, the answer is kept as it is, no more coaching on it."""
    turn.kind = "navigation"
    question = turn.question
    assert question is not None
    if turn.state.follow_up is not None:
        if turn.state.follow_up.kind == "check":
            turn.state.coached += [f"{question.id}:{c.check}" for c in question.checks]
        turn.state.follow_up = None
        after_answer(turn, question)
    else:
        advance(turn)


def after_answer(turn: Turn, question: Question) -> None:
    """Coach a weak answer once, complete partial items once each, else move on."""
    if not follow_up(turn, question):
        turn.kind = "question"
        advance(turn)


def _show_proposal(turn: Turn, question: Question, *, corrected: bool = False) -> None:
    turn.kind = "proposal"
    turn.compose.add_text(proposal_text(turn, question, corrected=corrected))


def _apply(turn: Turn, question: Question, text: str, *, extend: bool) -> str:
    """Read a free-text answer with the model when there is one; else, when it fails, or when the answer
    follows the documented format, deterministically."""
    parts = turn.parts
    if parts.model is not None and question.kind != "annotate" and not follows_format(question.kind, text):
        try:
            return _apply_with_model(turn, question, text, extend=extend)
        except ModelFault:
            turn.notice = parts.replies.say("model_fallback", turn.language)
    return apply_answer(turn.document, question, text, parts.reader, extend=extend)


def _apply_with_model(turn: Turn, question: Question, text: str, *, extend: bool) -> str:
    model, reader = turn.parts.model, turn.parts.reader
    assert model is not None
    prompt = turn.parts.prompts.render(
        "extract",
        language=turn.language,
        brand=turn.brand,
        question=question.ask.render(turn.language, brand=turn.brand),
        hint=question.hint.render(turn.language) if question.hint else "",
        options=options(turn, question.show),
        answer=text,
    )
    if question.kind == "text":
        value = model.extract(prompt, TextAnswer).value
        return apply_answer(turn.document, question, value, reader, extend=extend) if value.strip() else ""
    if question.kind == "list":
        items = model.extract(prompt, ListAnswer).items
        return apply_answer(turn.document, question, "\n".join(items), reader, extend=True) if items else ""
    assert question.item is not None
    extracted = model.extract(prompt, items_schema(question.item))
    drafts = agreed([to_draft(item) for item in getattr(extracted, "items", [])], question.item)
    for draft in drafts:
        reader.ground(question.item, draft, text, alone=len(drafts) == 1)
    return "; ".join(apply_items(turn.document, question, drafts)) if drafts else ""
