"""Tensions between the people of a plan become questions for the room, in the team's language: each pattern fires
on the plan that shows it and stays quiet on a near miss; the review reply, the report's review section and the
deck's review slide list them."""

from collections.abc import Callable

import pytest

from assistant.document import Channel, Initiative, StrategyDocument
from assistant.exports import EXPORTERS, context_from_document
from assistant.tensions import tensions
from tests.exports.conftest import read_pptx
from tests.factories import winery_document


def _sound() -> StrategyDocument:
    """The winery, where the people who set the objectives deliver them and the work is shared."""
    doc = winery_document()
    doc.digital.readiness.objective_setters = ["Giulia (owner)", "Marco (marketing)"]
    doc.digital.readiness.owners = ["Marco: newsletter", "Giulia: the cellar tour"]
    doc.touchpoints[0].owner = "Giulia"
    doc.review.initiatives = [Initiative(name="Wine club launch", owner="Marco", budget="3,000 euro")]
    return doc


def agency_sets(doc: StrategyDocument) -> None:
    doc.digital.readiness.objective_setters = ["the agency"]


def marco_owns_everything(doc: StrategyDocument) -> None:
    doc.touchpoints[0].owner = doc.touchpoints[1].owner = "Marco"
    doc.review.initiatives.append(Initiative(name="Harvest day", owner="Marco (marketing)"))


def absent_owner(doc: StrategyDocument) -> None:
    doc.review.initiatives[0].owner = "Paolo"


def agency_listens(doc: StrategyDocument) -> None:
    doc.digital.channels.append(Channel(name="Instagram", role="listen to what visitors say"))
    doc.digital.readiness.owners.append("the agency: Instagram")


def budget_alone(doc: StrategyDocument) -> None:
    doc.review.initiatives[0].owner = ""


# each pattern: what makes the plan show it, and a near miss that must not
CASES: dict[str, tuple[Callable[[StrategyDocument], None], Callable[[StrategyDocument], None], dict[str, str]]] = {
    "setters-not-deliverers": (
        agency_sets,
        lambda d: d.digital.readiness.objective_setters.append("Marco"),  # one more setter, who delivers too
        {"en": "The people who set the objectives (the agency)", "it": "Chi definisce gli obiettivi (the agency)"},
    ),
    "one-owner-carries-most": (
        marco_owns_everything,
        lambda d: setattr(d.touchpoints[1], "owner", "Marco"),  # three of four: too little work to worry
        {"en": "Marco owns 5 of the 5", "it": "Marco è responsabile di 5 dei 5"},
    ),
    "initiative-owner-absent": (
        absent_owner,
        lambda d: setattr(d.review.initiatives[0], "owner", "Marco Rossi"),  # Marco, by his full name
        {"en": "Paolo leads “Wine club launch”", "it": "Paolo guida «Wine club launch»"},
    ),
    "agency-runs-listening": (
        agency_listens,
        lambda d: d.digital.readiness.owners.append("the agency: Newsletter"),  # the newsletter's role is not listening
        {"en": "The agency runs Instagram, whose role is to listen", "it": "The agency gestisce Instagram"},
    ),
    "budget-without-owner": (
        budget_alone,
        lambda d: setattr(d.review.initiatives[0], "budget", ""),  # neither budget nor owner: nothing to answer for
        {"en": "“Wine club launch” has a budget (3,000 euro)", "it": "«Wine club launch» ha un budget (3,000 euro)"},
    ),
}


def test_a_sound_plan_raises_no_question() -> None:
    assert tensions(_sound(), language="en") == []


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("tension_id", list(CASES))
def test_each_tension_fires_in_the_teams_language_and_not_on_a_near_miss(tension_id: str, language: str) -> None:
    show, near_miss, question = CASES[tension_id]
    flawed = _sound()
    show(flawed)
    found = [t for t in tensions(flawed, language=language) if t.id == tension_id]  # type: ignore[arg-type]
    assert len(found) == 1 and found[0].question.startswith(question[language]), found
    missed = _sound()
    near_miss(missed)
    assert tension_id not in [t.id for t in tensions(missed, language=language)]  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_report_and_the_deck_list_the_questions_for_the_room(language: str) -> None:
    doc = _sound()
    absent_owner(doc)
    context = context_from_document(doc, version=2, language=language)  # type: ignore[arg-type]
    heading = context.labels["tensions"]
    markdown = EXPORTERS["md"].render(context).decode("utf-8")
    review = markdown[markdown.index(f"## {context.labels['review']}") :]
    assert heading in review and ("Paolo leads" if language == "en" else "Paolo guida") in review
    assert ("Paolo leads" if language == "en" else "Paolo guida") in read_pptx(EXPORTERS["pptx"].render(context))
