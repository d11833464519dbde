"""The meaning fallback with the real packaged multilingual model: a wording no word list holds, in either language,
lands on the label whose examples mean the same."""

import pytest

from assistant.retrieval.prototypes import Prototypes, prototypes

EXAMPLES = {
    "co-creation": ["customers vote on what we make next", "we design the product together with our clients"],
    "broadcast": ["we send out news and offers, nobody answers", "a one-way announcement to everyone"],
}


@pytest.fixture(scope="module")
def ladder() -> Prototypes:
    return prototypes(EXAMPLES)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("regulars pick next month's flavour in a poll", "co-creation"),
        ("i clienti scelgono con noi il gusto del mese", "co-creation"),
        ("a newsletter that goes out to the whole list", "broadcast"),
        ("mandiamo un avviso a tutti, senza risposta", "broadcast"),
    ],
)
def test_a_new_wording_meets_the_examples_that_mean_it(ladder: Prototypes, text: str, label: str) -> None:
    nearest = ladder.nearest(text)
    assert nearest.label == label
    assert nearest.margin > 0


def test_the_same_examples_are_embedded_once_per_process(ladder: Prototypes) -> None:
    assert prototypes(EXAMPLES) is ladder


def test_one_label_is_no_choice() -> None:
    with pytest.raises(ValueError, match="two labels"):
        Prototypes({"only": ["a", "b"]})
