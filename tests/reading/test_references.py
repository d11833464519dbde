"""An objective or touchpoint named by a few of its words, in English and Italian."""

from assistant.reading.references import named

PLUMBER = [
    ("bo-1", "win 200 new boiler service contracts in 2026"),
    ("bo-2", "be the most trusted plumber in the city"),
]
GARAGE = [
    ("bo-1", "far tornare i clienti per il tagliando ogni anno"),
    ("bo-2", "farci conoscere dai nuovi residenti del quartiere"),
]
CLIMBING = [
    ("bo-1", "double the number of adult beginners on the intro course by next September"),
    ("bo-2", "keep 70% of the beginners climbing after three months"),
]


def test_a_few_words_name_the_item_that_holds_them_in_another_form() -> None:
    assert named("trust", PLUMBER) == "bo-2"  # "trusted"
    assert named("the contracts one", PLUMBER) == "bo-1"
    assert named("keeping-them-climbing", CLIMBING) == "bo-2"
    assert named("quello del tagliando", GARAGE) == "bo-1"
    assert named("i nuovi residenti", GARAGE) == "bo-2"


def test_words_every_item_shares_let_the_rest_of_the_answer_decide_or_name_none() -> None:
    assert named("beginners", CLIMBING) is None
    assert named("beginners", CLIMBING, context="Intro course sign-ups, 25 a month") == "bo-1"
    assert named("the weekend market", PLUMBER) is None
    assert named("il passaparola", GARAGE) is None


def test_words_of_one_family_name_the_item_across_a_change_of_ending() -> None:
    """ "recensioni" names the objective about being "recensito", "subscribers" the one about "subscriptions"; a short
    shared beginning ("comunicazione", "comunità") does not."""
    rentals = [("bo-1", "allungare la stagione a maggio"), ("bo-2", "essere il bar più recensito del lago")]
    assert named("quello delle recensioni", rentals) == "bo-2"
    magazine = [("bo-1", "grow the subscription base to 2,000"), ("bo-2", "open a second shop")]
    assert named("the subscribers one", magazine) == "bo-1"
    assert named("la comunicazione", [("bo-1", "una comunità di lettori"), ("bo-2", "vendere di più")]) is None
