"""The review: the whole coherence check kept in the document with the scorecard shown; and completion."""

from datetime import UTC, datetime

from assistant import coherence
from assistant.engine import evidence
from assistant.engine.asking import complete_text
from assistant.engine.replies import plain, sentences
from assistant.engine.turn import Turn
from assistant.stages import STAGE_ORDER
from assistant.tensions import tensions

MAX_FINDINGS_SHOWN = 12


def review(turn: Turn) -> None:
    """Run the whole coherence check, keep it in the document, and show the scorecard."""
    lang = turn.language
    turn.document.review.coherence = coherence.report(
        turn.document, language=lang, checked_at=datetime.now(UTC).isoformat(timespec="seconds")
    )
    score = coherence.scorecard(turn.document)
    findings = turn.document.review.coherence.findings
    book = turn.compose.book
    lines = []
    for finding in findings[:MAX_FINDINGS_SHOWN]:
        card = turn.parts.knowledge.card(finding.card_id, lang) if finding.card_id else None
        cite = f" [{turn.compose.cite_card(card, sentences(card.coach, 2))}]" if card else ""
        lines.append(f"- **{book.label('severity', finding.severity, lang)}** · {plain(finding.message)}{cite}")
    turn.kind = "review"
    stages = turn.parts.stages
    turn.compose.add(
        "review",
        completeness=", ".join(
            f"{stages.stage(s).title.render(lang)} {round(100 * score.completeness[s])}%" for s in STAGE_ORDER
        ),
        ladder=_tally(turn, score.ladder),
        balance=_tally(turn, score.kpi_balance),
        findings="\n".join(lines),
    )
    _tensions(turn)
    _evidence(turn)


def _tally(turn: Turn, counts: dict[str, int]) -> str:
    """`relazione 2, non indicato 1`: each rung or kind by its name in the team's language, never its id."""
    book, lang = turn.compose.book, turn.language
    named = {key: book.known_label("values", key, lang) or book.label("scorecard", key, lang) for key in counts}
    return ", ".join(f"{named[key]} {count}" for key, count in counts.items() if count)


def _tensions(turn: Turn) -> None:
    """Tensions between the people of the plan, as questions for the room (when there are any)."""
    found = tensions(turn.document, language=turn.language)
    if found:
        turn.compose.add("tensions", lines="\n".join(f"- {plain(t.question)}" for t in found))


def _evidence(turn: Turn) -> None:
    """The team's documents on the brand's values, each passage quoted and cited (when there are any)."""
    found = evidence.gather(turn)
    if not found:
        return
    lines = [
        turn.compose.book.say(
            "evidence_line",
            turn.language,
            value=plain(item.value),
            contradicts=item.contradicts,
            sentence=plain(item.sentence),
            number=turn.compose.cite_hit(item.hit, item.sentence),
        )
        for item in found
    ]
    turn.compose.add("evidence", lines="\n".join(lines))


def complete(turn: Turn) -> None:
    """The last stage is done: review the whole strategy and say whether it is complete."""
    turn.state.question = None
    turn.state.complete = True
    review(turn)
    turn.kind = "complete"
    turn.compose.add_text(complete_text(turn))
