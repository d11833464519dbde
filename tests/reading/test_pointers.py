"""Which objective a prose entry serves, said in passing, in English and Italian."""

import pytest

from assistant.reading.lists import split_answer
from assistant.reading.pointers import point


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "For the club, turn visitors into subscribers. And for the shop one, take 100 orders a month.",
            [("turn visitors into subscribers", "club"), ("take 100 orders a month", "shop")],
        ),
        (
            "Hmm, members book classes in the app, that's for objective 1 I think, and an Instagram challenge "
            "to fill the 7am slots (number 2).",
            [("members book classes in the app", "1"), ("an Instagram challenge to fill the 7am slots", "2")],
        ),
        (
            "Portare i donatori mensili online a 200, questo per il primo, e poi per il secondo raccogliere "
            "le candidature dei volontari.",
            [("portare i donatori mensili online a 200", "1"), ("raccogliere le candidature dei volontari", "2")],
        ),
        (
            "Allora, per l'1: una mail di promemoria dopo sei mesi. Per il 2 direi un'area riservata ai tecnici, "
            "e poi, sempre per il 2, un gruppo Telegram. Le recensioni su Google, secondo obiettivo.",
            [
                ("una mail di promemoria dopo sei mesi", "1"),
                ("direi un'area riservata ai tecnici", "2"),
                ("un gruppo Telegram", "2"),
                ("Le recensioni su Google", "2"),
            ],
        ),
        (
            "More bookings for families, grow the newsletter to 2000",
            [("More bookings for families", None), ("grow the newsletter to 2000", None)],
        ),
    ],
)
def test_pointers_leave_the_entry_and_become_its_reference(answer: str, expected: list[tuple[str, str | None]]) -> None:
    found = [(text.casefold(), reference) for text, reference in point(split_answer(answer))]
    assert found == [(text.casefold(), reference) for text, reference in expected]
