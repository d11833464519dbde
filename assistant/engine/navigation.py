"""Moving through the stages (enter, advance, go to, back, open a question) and the turns that only inform
(status, summary, help, export)."""

from assistant import coherence
from assistant.engine.annotations import picked_alone
from assistant.engine.asking import ask, question_text, stage_lines
from assistant.engine.fields import answered
from assistant.engine.replies import quote, sentences
from assistant.engine.review import complete, review
from assistant.engine.turn import Turn
from assistant.stages import STAGE_ORDER, Stage
from assistant.store.repository import PlanningSession


def opening_stage(session: PlanningSession) -> str:
    """Where a session without engine state begins: the first stage, or where an imported document's work is."""
    return session.stage if session.stage in STAGE_ORDER else STAGE_ORDER[0]


def enter_stage(turn: Turn, stage_id: str) -> None:
    """The stage's introduction, its cited reason and related cards, then its first question."""
    stages, lang = turn.parts.stages, turn.language
    stage = stages.stage(stage_id)
    turn.state.stage = stage_id
    turn.state.question = stage.questions[min(_to_ask(turn, stage, 0), len(stage.questions) - 1)].id
    turn.state.follow_up = None
    turn.state.complete = False
    knowledge = turn.parts.knowledge
    card = knowledge.card(stage.why_card, lang)
    why = quote(card.intro, 1) if card else ""
    cite = turn.compose.cite_card(card, sentences(card.intro, 3)) if card else 0
    turn.compose.add(
        "stage_intro",
        number=stages.position(stage_id) + 1,
        title=stage.title.render(lang),
        intro=stage.intro.render(lang, brand=turn.brand),
        why=why,
        cite=cite,
    )
    related = [c for c in knowledge.cards_tagged(stage.knowledge_tags, lang) if c.id != stage.why_card]
    if related:
        links = ", ".join(f"{c.title} [{turn.compose.cite_card(c, sentences(c.intro, 3))}]" for c in related[:3])
        turn.compose.add("related", links=links)
    if stage_id == "review":
        review(turn)
    ask(turn, listing=True)


def advance(turn: Turn) -> None:
    """The next question of the stage, or the next stage after a summary of this one."""
    stage = turn.stage
    question = turn.question
    assert question is not None
    turn.state.follow_up = None
    index = _to_ask(turn, stage, stage.index(question.id) + 1)
    if index < len(stage.questions):
        turn.state.question = stage.questions[index].id
        ask(turn, listing=True)
        return
    turn.compose.add("stage_done", title=stage.title.render(turn.language), lines=stage_lines(turn, stage))
    following = turn.parts.stages.next_stage(stage.id)
    if following is None:
        complete(turn)
    else:
        enter_stage(turn, following)


def _to_ask(turn: Turn, stage: Stage, index: int) -> int:
    """The index of the first question from `index` on to ask: those the document already answers and that
    say so (who the brand is) are passed over, and so are those with less than two choices (the segment a KPI
    serves, when the audience has one or none); len(questions) when none is left."""
    while index < len(stage.questions):
        question = stage.questions[index]
        answered_already = question.skip_when_answered and answered(turn.document, question)
        if not answered_already and not picked_alone(turn.document, question):
            break
        index += 1
    return min(index, len(stage.questions))


def goto(turn: Turn, stage_id: str) -> None:
    turn.kind = "navigation"
    asked_here = {q.id for q in turn.parts.stages.stage(stage_id).questions}
    turn.state.coached = [c for c in turn.state.coached if c.split(":")[0] not in asked_here]
    enter_stage(turn, stage_id)


def open_question(turn: Turn, stage_id: str, question_id: str) -> None:
    """Make one question pending, to answer it (again) now: its coaching may come again too."""
    turn.kind = "navigation"
    turn.state.stage, turn.state.question = stage_id, question_id
    turn.state.follow_up, turn.state.complete = None, False
    turn.state.coached = [c for c in turn.state.coached if c.split(":")[0] != question_id]
    ask(turn, listing=True)


def back(turn: Turn) -> None:
    turn.kind = "navigation"
    if turn.state.follow_up is not None:
        turn.state.follow_up = None
        ask(turn)
        return
    stage = turn.stage
    question = turn.question
    assert question is not None
    index = stage.index(question.id)
    if index > 0:
        turn.state.question = stage.questions[index - 1].id
    else:
        previous = turn.parts.stages.previous_stage(stage.id)
        if previous is None:
            turn.compose.add("back_at_start", pending=question_text(turn))
            return
        turn.state.stage = previous
        turn.state.question = turn.parts.stages.stage(previous).questions[-1].id
    ask(turn, listing=True)


def show_help(turn: Turn) -> None:
    turn.kind = "help"
    turn.compose.add("help", pending=question_text(turn))


def show_status(turn: Turn) -> None:
    turn.kind = "status"
    stages, lang = turn.parts.stages, turn.language
    score = coherence.scorecard(turn.document)
    current = stages.position(turn.state.stage)
    lines = []
    for position, stage_id in enumerate(STAGE_ORDER):
        done = position < current or turn.state.complete
        state = "done" if done else "current" if position == current else "todo"
        label = turn.parts.replies.label("stage_state", state, lang)
        title = stages.stage(stage_id).title.render(lang)
        lines.append(f"{position + 1}. {title}: {label}, {round(100 * score.completeness[stage_id])}%")
    turn.compose.add("status", stages="\n".join(lines), pending=question_text(turn))


def show_summary(turn: Turn) -> None:
    turn.kind = "summary"
    for stage in turn.parts.stages.stages:
        lines = stage_lines(turn, stage)
        if lines:
            turn.compose.add_text(f"**{stage.title.render(turn.language)}**\n{lines}")
    ask(turn)


def show_export(turn: Turn) -> None:
    turn.kind = "help"
    turn.compose.add("export_hint", session=turn.session.id, pending=question_text(turn))
