"""Coaching: the follow-ups on a weak answer or a partial item, framework questions answered from the
cards, and the model's wording of either, grounded in the passages given to it."""

import re
from typing import Any

from assistant.document import Language
from assistant.engine.answers import missing_fields
from assistant.engine.asking import ask, question_text, wants_choices
from assistant.engine.checks import first_failure
from assistant.engine.composed import cited, compose
from assistant.engine.fields import read
from assistant.engine.replies import SENTENCE_END, quote, sentences
from assistant.engine.state import FollowUp
from assistant.engine.turn import Turn
from assistant.llm.port import ModelFault
from assistant.retrieval.cards import Card
from assistant.stages import Check, Question

CITATION = re.compile(r"\[(\d{1,3})\]")  # how model-written text cites a numbered passage


def follow_up(turn: Turn, question: Question) -> bool:
    """Coach a weak answer once, or ask once for what a partial item lacks; False when neither is due."""
    parts = turn.parts
    failure = first_failure(turn.document, question, parts.stages.vocabulary, skip=set(turn.state.coached))
    if failure is not None:
        check, values = failure
        turn.state.coached.append(f"{question.id}:{check.check}")
        turn.state.follow_up = FollowUp(kind="check", check=check.check)
        coach(turn, check, check.follow_up.render(turn.language, brand=turn.brand, **values))
        return True
    if question.kind == "items" and question.item is not None:
        for item in read(turn.document, question.field):
            missing = missing_fields(question.item, item)
            if missing and item.id not in turn.state.completed_items:
                turn.state.completed_items.append(item.id)
                turn.state.follow_up = FollowUp(kind="item", item_id=item.id, missing=missing)
                turn.kind = "question"
                card = parts.knowledge.card(question.item_card, turn.language) if question.item_card else None
                if card is not None:
                    turn.kind = "coaching"
                    # the card's explanation: its coaching names a weakness this item may not have
                    cite = turn.compose.cite_card(card, sentences(card.intro, 3))
                    turn.compose.add_text(f"> {quote(card.intro, 1)} [{cite}]")
                ask(turn)
                return True
    return False


def coach(turn: Turn, check: Check, follow_up: str) -> None:
    """The check's follow-up and the passage of its card it names; phrased by the model from that passage
    alone when there is a card."""
    turn.kind = "coaching"
    card = turn.parts.knowledge.card(check.card, turn.language)
    passage = check_passage(card, check, turn.language) if card else ""
    coaching = quote(passage, 1 if check.about else 2)  # the sentence on its subject, not the next
    cite = turn.compose.cite_card(card, sentences(passage, 4)) if card else 0
    question = turn.question
    written = write(
        turn,
        "coach",
        follow_up=follow_up,
        card=(cite, card.title, passage) if card else None,
        answer=read(turn.document, question.field) if question else "",
    )
    if written is None:
        turn.compose.add("coaching", follow_up=follow_up, coach=coaching, cite=cite)
    else:
        turn.compose.add_text(written)


def check_passage(card: Card, check: Check, language: Language) -> str:
    """The part of the card a check quotes: the section it names, from the sentence about its subject."""
    text = " ".join(str(getattr(card, check.quote)).split())
    if check.about is None:
        return text
    word = check.about.render(language).lower()
    split = SENTENCE_END.split(text)
    found = next((i for i, sentence in enumerate(split) if word in sentence.lower()), 0)
    return " ".join(split[found:])


def framework_answer(turn: Turn, text: str) -> None:
    """Answer from the cards' sentences and the workspace's documents (`composed.py`), cite them, then ask the
    same question again; "which ones?" on a question that refers to numbered choices lists them again."""
    if wants_choices(turn, text):
        turn.kind = "question"
        ask(turn, listing=True)
        return
    turn.kind = "answer"
    composition = compose(turn, text)
    pending = question_text(turn)
    if not composition.answer:
        turn.compose.add("nothing_found", pending=pending)
        return
    answer, documents = cited(turn, composition.answer), cited(turn, composition.documents)
    written = write(
        turn, "answer", question=text, passages=[(s.number, s.label, s.passage) for s in turn.compose.sources]
    )
    if written is None:
        turn.compose.add("answer", answer=answer, documents=documents, pending=pending)
    else:
        turn.compose.add_text(written)
        turn.compose.add_text(pending)


def write(turn: Turn, prompt: str, **values: Any) -> str | None:
    """Model-written text grounded only in the given passages, or None to compose it without the model.

    Text that cites no passage, or a passage that was not given, is advice without a source: it is
    dropped like a fault, and the already streamed tokens are replaced by the composed reply."""
    model, replies = turn.parts.model, turn.parts.replies
    if model is None or not model.writes:
        return None
    try:
        text = model.write(
            turn.parts.prompts.render(prompt, language=turn.language, **values), on_token=turn.on_token
        ).strip()
    except ModelFault:
        turn.notice = replies.say("model_fallback_text", turn.language)
        return None
    cited = {int(number) for number in CITATION.findall(text)}
    if not cited or not cited <= {source.number for source in turn.compose.sources}:
        turn.notice = replies.say("model_uncited", turn.language)
        return None
    return text
