"""Which objective a prose entry serves, said in passing, in English and Italian."""

import pytest

from assistant.parsing import split_items
from assistant.reading.lists import split_answer
from assistant.reading.measures import read_measures
from assistant.reading.pointers import point, pointers


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


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "- online booking with a yearly reminder -> the contracts one\n"
            "- short videos on how to bleed a radiator, that's for trust too I guess",
            [
                ("online booking with a yearly reminder", "contracts"),
                ("short videos on how to bleed a radiator", "trust"),
            ],
        ),
        (
            "promemoria via SMS per il tagliando → quello del tagliando\n"
            "prenotazione online dell'appuntamento, sempre per il tagliando",
            [
                ("promemoria via SMS per il tagliando", "tagliando"),
                ("prenotazione online dell'appuntamento", "tagliando"),
            ],
        ),
        (
            "For the weeknights one: a weekly email with that week's films.",
            [("a weekly email with that week's films", "weeknights")],
        ),
        (
            "Per quello degli allievi: iscrizione online alla lezione di prova.",
            [("iscrizione online alla lezione di prova", "allievi")],
        ),
    ],
)
def test_a_pointer_said_by_words_after_an_arrow_a_comma_or_before_a_colon(
    answer: str, expected: list[tuple[str, str | None]]
) -> None:
    assert point(split_answer(answer)) == expected


@pytest.mark.parametrize(
    ("entry", "reference"),
    [
        ("that's for number 2 as well", "2"),
        ("this is for the first one too", "1"),
        ("sempre per il secondo anche", "2"),
    ],
)
def test_a_pointer_ends_before_the_words_that_close_it(entry: str, reference: str) -> None:
    found = pointers().pointer(entry)
    assert found is not None and found[1] == reference


def test_an_entry_opening_with_for_or_per_keeps_its_words_and_offers_them_as_a_reference() -> None:
    assert point(["per farci conoscere i video dei saggi su YouTube"]) == [
        ("per farci conoscere i video dei saggi su YouTube", "farci conoscere i video dei saggi")
    ]
    said = "for the families a countdown on Instagram before every screening"
    assert point([said]) == [(said, "the families a countdown on instagram")]


def test_a_name_that_says_its_objective_in_passing_gives_it_up() -> None:
    assert pointers().inside("Google rating for the trust objective") == ("Google rating", "trust")
    assert pointers().inside("iscrizioni alla prova per l'obiettivo degli adulti") == (
        "iscrizioni alla prova",
        "adulti",
    )
    assert pointers().inside("iscrizioni per la prova gratuita") is None


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "For the members goal: a free first class you can book online, and a referral code members can share. "
            "For the early classes, a sunrise streak in the app.",
            [
                ("a free first class you can book online", "members"),
                ("a referral code members can share", "members"),
                ("a sunrise streak in the app", "early classes"),
            ],
        ),
        (
            "Per il secondo: una pagina sul sito per i medici, e poi una newsletter mensile. #1: prenotazione online",
            [
                ("una pagina sul sito per i medici", "2"),
                ("una newsletter mensile", "2"),
                ("prenotazione online", "1"),
            ],
        ),
    ],
)
def test_what_a_lead_closed_by_a_colon_names_holds_for_the_entries_after_it(
    answer: str, expected: list[tuple[str, str | None]]
) -> None:
    """ "For the members goal: A, and B" says both serve the members goal, until another objective is named."""
    assert [(text.casefold(), reference) for text, reference in point(split_answer(answer))] == [
        (text.casefold(), reference) for text, reference in expected
    ]


@pytest.mark.parametrize(
    "answer",
    [
        "For the wholesale thing we'd build a trade price list online, plus a sample box for new cafés. Then a loyalty "
        "stamp in the app.",
        "Per i ristoranti una scheda con tutti i prodotti del mese, e poi un listino riservato. "
        "Poi più foto su Instagram.",
    ],
)
def test_a_lead_that_opens_a_sentence_holds_for_the_other_entries_of_that_sentence(answer: str) -> None:
    """ "For the X thing A, plus B" says both serve X; the next sentence says nothing about X."""
    first, second, third = split_items(answer, "digital_objective")
    assert len(first) == 2 and second[1:] == first[1:], (first, second)
    assert len(third) == 1, third


@pytest.mark.parametrize(
    ("answer", "kpi"),
    [
        ("Weekly sign-ups on the website, that's for the first one, no wait, the second", False),
        ("Iscrizioni settimanali dal sito (obiettivo 1... anzi no, 2)", False),
        ("count the weekly sign-ups on the website, for goal 1, sorry no, goal 2", True),
        ("contiamo le iscrizioni settimanali dal sito, per il primo... anzi no, per il secondo", True),
    ],
)
def test_a_pointer_taken_back_and_said_again_points_at_the_second(answer: str, kpi: bool) -> None:
    if kpi:
        (measure,) = read_measures(answer)
        assert measure.reference == "2" and "1" not in measure.name
    else:
        ((entry, reference),) = split_items(answer, "digital_objective")
        assert reference == "2" and "1" not in entry
