"""The pending question as the team reads it, the turn's reply around it, and what a stage has gathered."""

from typing import Any

from assistant import coherence
from assistant.document import catalogue, labels
from assistant.engine.annotations import picks
from assistant.engine.answers import brand_options, measurables
from assistant.engine.fields import read
from assistant.engine.proposals import entries_of, guesses_of
from assistant.engine.replies import plain, quote
from assistant.engine.reply import Reply
from assistant.engine.state import FollowUp
from assistant.engine.turn import Turn
from assistant.retrieval.text import words
from assistant.stages import Question, Stage


def reply_of(turn: Turn) -> Reply:
    """The turn's reply: what was composed, and the question now pending."""
    question = turn.question
    return Reply(
        message=turn.compose.text,
        kind=turn.kind,
        stage=turn.state.stage,
        question_id=question.id if question else None,
        question=question_text(turn, listing=True) if question else None,
        citations=list(turn.compose.sources),
        notice=turn.notice,
    )


def ask(turn: Turn, *, listing: bool = False) -> None:
    """The pending question in the reply; `listing` when it is asked anew, with the numbered choices it
    refers to (asked again after a follow-up or a detour, it points to them instead of repeating them)."""
    turn.compose.add_text(question_text(turn, listing=listing))


def question_text(turn: Turn, *, listing: bool = False) -> str:
    """The pending question, or what was read from the last answer while it waits for a yes."""
    question = turn.question
    if question is None:
        return complete_text(turn)
    proposal = turn.state.proposal
    if proposal is not None and proposal.reading and proposal.question == question.id:
        return proposal_text(turn, question)
    follow_up = turn.state.follow_up
    if follow_up is not None and follow_up.kind == "item":
        return _item_follow_up_text(turn, question, follow_up)
    stage = turn.stage
    lang, brand = turn.language, turn.brand
    text = turn.parts.replies.say(
        "question",
        lang,
        title=stage.title.render(lang),
        number=stage.index(question.id) + 1,
        total=len(stage.questions),
        optional=question.optional,
        ask=question.ask.render(lang, brand=brand),
        options=_choices(turn, question, listing=listing),
        example=turn.parts.stages.examples.example(question, turn.document).render(lang, brand=brand),
        hint=question.hint.render(lang) if question.hint else "",
    )
    return text + _current(turn, question)


def _current(turn: Turn, question: Question) -> str:
    """What a revisited question holds already, so the team sees it before answering again."""
    value = read(turn.document, question.field) if question.kind in ("text", "list", "items") else None
    if not value:
        return ""
    shown = "; ".join(item_label(v) for v in value) if isinstance(value, list) else str(value)
    current = turn.parts.replies.say("question_current", turn.language, current=quote(shown, 3), kind=question.kind)
    return "\n\n" + current


def _choices(turn: Turn, question: Question, *, listing: bool) -> str:
    listed = options(turn, question.show)
    if listing or not listed:
        return listed
    return turn.parts.replies.say("options_above", turn.language)


def wants_choices(turn: Turn, text: str) -> bool:
    """The team asks which ones the numbers refer to ("which ones?", "quali?")."""
    question = turn.question
    said = " ".join(words(text))
    asks = {" ".join(words(phrase)) for phrase in turn.parts.stages.vocabulary.which_ones}
    return question is not None and question.show is not None and said in asks


def options(turn: Turn, show: str | None) -> str:
    """The numbered choices a question refers to (brand objectives, measurable items), or nothing."""
    if show == "brand_objectives":
        choices = brand_options(turn.document)
    elif show == "measurables":
        choices = measurables(turn.document)
    elif show == "items" and turn.question is not None and turn.question.item is not None:
        choices = catalogue.options(turn.document, (catalogue.kinds()[turn.question.item].name,))
        if choices and (picked := picks(turn.document, turn.question)):  # and the segments each may name
            assert turn.question.attribute is not None
            spec = catalogue.kinds()[turn.question.item].field(turn.question.attribute)
            what = labels.label("fields", spec.refs[0], turn.language)
            among = turn.parts.replies.say("choices_of", turn.language, what=what)
            return f"{_numbered(choices)}\n\n{among}\n{_numbered(picked)}"
    else:
        return ""
    return _numbered(choices)


def _numbered(choices: list[tuple[str, str]]) -> str:
    return "\n".join(f"{number}. {plain(text)}" for number, (_, text) in enumerate(choices, start=1))


def complete_text(turn: Turn) -> str:
    """The strategy is called complete only when no error finding is open."""
    errors = sum(f.severity == "error" for f in coherence.check(turn.document, language=turn.language))
    return turn.parts.replies.say("complete", turn.language, brand=turn.brand, errors=errors)


def stage_lines(turn: Turn, stage: Stage) -> str:
    lines = []
    for question in stage.questions:
        value = read(turn.document, question.field)
        if question.kind == "annotate" or value in (None, "", []):
            continue
        shown = "; ".join(item_label(v) for v in value) if isinstance(value, list) else str(value)
        lines.append(f"- {question.label.render(turn.language)}: {quote(shown, 3)}")
    return "\n".join(lines)


def item_label(value: Any) -> str:
    for name in ("name", "text"):
        if hasattr(value, name):
            return str(getattr(value, name))
    return str(value)


def _item_follow_up_text(turn: Turn, question: Question, follow_up: FollowUp) -> str:
    assert question.item is not None
    item = next((i for i in read(turn.document, question.field) if i.id == follow_up.item_id), None)
    lang = turn.language
    labels = [turn.parts.replies.label("fields", name, lang) for name in follow_up.missing]
    show = "measurables" if "measures" in follow_up.missing else None
    if "brand_objective_id" in follow_up.missing:
        show = "brand_objectives"
    return turn.parts.replies.say(
        "item_follow_up",
        lang,
        name=plain(item_label(item)) if item else "",
        missing=", ".join(labels),
        options=options(turn, show),
        format=" | ".join(labels),
    )


def proposal_text(turn: Turn, question: Question, *, corrected: bool = False) -> str:
    """What was read, item by item with its fields, in the session's language."""
    assert turn.state.proposal is not None
    lang = turn.language
    lines, guess = [], turn.parts.replies.say("proposal_guess", lang)
    shown = zip(entries_of(turn.state.proposal, question), guesses_of(turn.state.proposal), strict=True)
    for number, ((name, fields), guessed) in enumerate(shown, start=1):
        details = " · ".join(
            f"{_label(turn, 'fields', k)}: {_label(turn, 'values', v)}" + (f" ({guess})" if k in guessed else "")
            for k, v in fields.items()
        )
        lines.append(f"{number}. **{plain(name)}**" + (f" — {plain(details)}" if details else ""))
    what = question.label.render(lang).lower()
    return turn.parts.replies.say(
        "proposal", lang, count=len(lines), what=what, items="\n".join(lines), corrected=corrected
    )


def _label(turn: Turn, group: str, key: str) -> str:
    """A field's or value's name in the session's language; the team's own words stay as they are."""
    return turn.parts.replies.known_label(group, key, turn.language) or key.replace("_", " ")
