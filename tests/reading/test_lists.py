"""Lists read from answers as people write them, in English and Italian; the documented format unchanged."""

import pytest

from assistant.reading.lists import split_answer, unfolded


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (
            "Mostly young families from the neighbourhood, plus office workers who grab lunch, and the cafés we supply",
            ["young families from the neighbourhood", "office workers who grab lunch", "the cafés we supply"],
        ),
        ("Warm, a bit nerdy about flour, down to earth", ["Warm", "a bit nerdy about flour", "down to earth"]),
        (
            "hmm, I'd say honesty, craft and neighbourliness. Maybe patience too",
            ["honesty", "craft", "neighbourliness", "patience"],
        ),
        ("Hi! So basically our values are honesty and craft.", ["honesty", "craft"]),
        ("Instagram, the newsletter and WhatsApp", ["Instagram", "the newsletter", "WhatsApp"]),
        (
            "We want to grow repeat visits, get more people into the Loaf Club and sell 20% more online by 2027.",
            ["grow repeat visits", "get more people into the Loaf Club", "sell 20% more online by 2027"],
        ),
        ("three things: speed, care and a smile", ["speed", "care", "a smile"]),
    ],
)
def test_english_prose_becomes_items(answer: str, items: list[str]) -> None:
    assert split_answer(answer) == items


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (
            "Allora... direi onestà e artigianalità! Poi anche la pazienza. E il quartiere, ovviamente.",
            ["onestà", "artigianalità", "la pazienza", "il quartiere"],
        ),
        (
            "Le famiglie del quartiere, gli studenti e poi i bar che riforniamo",
            ["Le famiglie del quartiere", "gli studenti", "i bar che riforniamo"],
        ),
        (
            "Vogliamo aumentare le visite ripetute, far crescere il Loaf Club "
            "e vendere il 20% in più online entro il 2027",
            ["aumentare le visite ripetute", "far crescere il Loaf Club", "vendere il 20% in più online entro il 2027"],
        ),
        (
            "Ciao a tutti! Instagram, la newsletter nonché il gruppo WhatsApp",
            ["Instagram", "la newsletter", "il gruppo WhatsApp"],
        ),
        (  # "più" opens an objective ("more members"), it is not a filler
            "Più soci nel club del pane, più ordini online. Poi meno sprechi",
            ["Più soci nel club del pane", "più ordini online", "meno sprechi"],
        ),
    ],
)
def test_italian_prose_becomes_items(answer: str, items: list[str]) -> None:
    assert split_answer(answer) == items


def test_one_item_with_and_inside_stays_whole() -> None:
    assert split_answer("people who come in for coffee and stay for lunch") == [
        "people who come in for coffee and stay for lunch"
    ]
    assert split_answer("young families from the neighbourhood and their kids, office workers") == [
        "young families from the neighbourhood and their kids",
        "office workers",
    ]


def test_the_documented_format_is_read_as_written() -> None:
    """One item per line or bullet, or per semicolon: commas and "and" inside a line are the team's words."""
    assert split_answer("- craft\n- hospitality\n- care for the land, the soil and the people") == [
        "craft",
        "hospitality",
        "care for the land, the soil and the people",
    ]
    assert split_answer("families who cook at home, with kids; wine tourists from Germany; local restaurants") == [
        "families who cook at home, with kids",
        "wine tourists from Germany",
        "local restaurants",
    ]


def test_a_role_in_brackets_keeps_its_closing_bracket() -> None:
    assert split_answer("Giulia (owner); Marco (marketing).") == ["Giulia (owner)", "Marco (marketing)"]
    assert split_answer("(the cellar team)") == ["the cellar team"]


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (  # an aside and an interjection are not items
            "Oh, curiosity, then patience with beginners, plus real conversation. That's the three.",
            ["curiosity", "patience with beginners", "real conversation"],
        ),
        (  # a remark about an item stays on it
            "commuters, students on cheap bikes, and weekend road cyclists, though there are fewer of them",
            ["commuters", "students on cheap bikes", "weekend road cyclists, though there are fewer of them"],
        ),
        ("Canva, copywriting, ads. No, scratch ads, video editing", ["Canva", "copywriting", "video editing"]),
        (
            "a barista course, by March, and a first-aid refresher",
            ["a barista course, by March", "a first-aid refresher"],
        ),
        (
            "Famiglie con bambini piccoli, soprattutto sotto i 6 anni, le coppie, anzi le coppie no, e i pensionati",
            ["Famiglie con bambini piccoli, soprattutto sotto i 6 anni", "i pensionati"],
        ),
        (
            "Ah, la puntualità, il sorriso e la pazienza, più o meno è tutto",
            ["la puntualità", "il sorriso", "la pazienza"],
        ),
    ],
)
def test_asides_remarks_and_items_taken_back_are_not_items_of_their_own(answer: str, items: list[str]) -> None:
    assert split_answer(answer) == items


def test_a_new_sentence_that_opens_with_who_or_che_is_an_item() -> None:
    assert split_answer("Do we need a second Instagram? And who covers the newsletter in August?") == [
        "Do we need a second Instagram",
        "who covers the newsletter in August",
    ]


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (
            "ok audience, roughly in order of importance:\nfilm lovers\nstudents from the art college\n"
            "that's pretty much everyone",
            ["film lovers", "students from the art college"],
        ),
        (
            "Obiettivi per il 2026:\n1. più allievi\n2. corsi serali per adulti\ndirei che basta",
            ["più allievi", "corsi serali per adulti"],
        ),
    ],
)
def test_a_line_that_heads_or_closes_the_list_is_not_in_it(answer: str, items: list[str]) -> None:
    assert split_answer(answer) == items


def test_a_piece_that_opens_with_with_or_con_says_more_about_the_item_before() -> None:
    assert split_answer("online sign-up for the trial lesson, with payment on the site, and a newsletter") == [
        "online sign-up for the trial lesson, with payment on the site",
        "a newsletter",
    ]
    assert split_answer("iscrizione online alla lezione di prova, con il pagamento dal sito, e una newsletter") == [
        "iscrizione online alla lezione di prova, con il pagamento dal sito",
        "una newsletter",
    ]


def test_a_remark_on_how_often_or_about_the_item_before_goes_on_it() -> None:
    assert split_answer(
        "the older folks living alone with a pet, they're a big part of our home visits, and the farmers"
    ) == [
        "the older folks living alone with a pet, they're a big part of our home visits",
        "the farmers",
    ]
    assert split_answer("Dr Patel reads the Google reviews, every week, and a feedback form by email") == [
        "Dr Patel reads the Google reviews, every week",
        "a feedback form by email",
    ]
    assert split_answer("un sondaggio su WhatsApp, due volte l'anno, e i turisti, ma non li mettiamo") == [
        "un sondaggio su WhatsApp, due volte l'anno",
        "i turisti, ma non li mettiamo",
    ]


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (
            "we answer every review within a day. once a quarter there's a tasting where regulars tell us straight",
            ["we answer every review within a day", "once a quarter there's a tasting where regulars tell us straight"],
        ),
        (
            "Irene risponde ai messaggi entro la giornata. le recensioni Google le legge Carla ogni lunedì",
            ["Irene risponde ai messaggi entro la giornata", "le recensioni Google le legge Carla ogni lunedì"],
        ),
    ],
)
def test_a_sentence_that_starts_in_lower_case_is_a_sentence(answer: str, items: list[str]) -> None:
    """People typing in a chat often do not capitalise: "... within a day. once a quarter" ends a sentence."""
    assert split_answer(answer) == items


def test_the_italian_is_does_not_join_two_items() -> None:
    """ "è" (is) and "e" (and) fold alike: "Martina, che è la fisioterapista più anziana" is one person, not two."""
    assert split_answer("io, Stefano, poi Martina, che è la fisioterapista più anziana, e Ilaria") == [
        "Stefano",
        "Martina, che è la fisioterapista più anziana",
        "Ilaria",
    ]


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (
            "real desks, not hot-desking\nmonth-to-month contracts\n"
            "oh and the coffee's decent, but that's not really why anyone picks us",
            ["real desks, not hot-desking", "month-to-month contracts"],
        ),
        (
            "tessuti italiani scelti pezzo per pezzo\nriparazioni gratis per sempre\n"
            "e poi, diciamo, siamo simpatici, ma quello non lo scriverei",
            ["tessuti italiani scelti pezzo per pezzo", "riparazioni gratis per sempre"],
        ),
        ("warmth, craft, and we're funny, but i wouldn't put that", ["warmth", "craft"]),
    ],
)
def test_an_item_the_writer_disowns_as_they_say_it_is_not_an_item(answer: str, items: list[str]) -> None:
    assert split_answer(answer) == items


@pytest.mark.parametrize(
    ("answer", "lines"),
    [
        (
            "what sets us apart: 1) we deliver by bike 2) the baker answers the phone, always 3) no plastic",
            ["what sets us apart:", "1) we deliver by bike", "2) the baker answers the phone, always", "3) no plastic"],
        ),
        (
            "1 - i genitori vogliono orari chiari. 2 - i nonni cercano un posto per sedersi",
            ["1 - i genitori vogliono orari chiari.", "2 - i nonni cercano un posto per sedersi"],
        ),
        ("we're at 2. Then we want 4 by spring", ["we're at 2. Then we want 4 by spring"]),
        (
            "decided: 1. close the stall, 2. a new logo. And also the van gets repainted. Before June.",
            ["decided:", "1. close the stall,", "2. a new logo.", "And also the van gets repainted. Before June."],
        ),
        ("table 1 - by the window, table 2 - near the bar", ["table 1 - by the window, table 2 - near the bar"]),
    ],
)
def test_a_list_numbered_on_one_line_is_read_a_line_an_entry(answer: str, lines: list[str]) -> None:
    assert unfolded(answer).splitlines() == lines


def test_entries_numbered_with_a_dash_or_colon_lose_their_number() -> None:
    assert split_answer("1 - bread that keeps\n2: a baker who knows your name") == [
        "bread that keeps",
        "a baker who knows your name",
    ]
    assert split_answer("10 - 15 new members a month\n20 - 30 orders") == [
        "10 - 15 new members a month",
        "20 - 30 orders",
    ]


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (
            "a tasting evening planned together with them, and a shared playlist",
            ["a tasting evening planned together with them", "a shared playlist"],
        ),
        (
            "un video girato insieme a loro, e una pagina sul sito",
            ["un video girato insieme a loro", "una pagina sul sito"],
        ),
    ],
)
def test_a_list_word_before_a_pronoun_says_with_whom_and_adds_no_item(answer: str, items: list[str]) -> None:
    assert split_answer(answer) == items


def test_an_italian_infinitive_after_da_says_what_the_item_before_is_for() -> None:
    """ "una brochure, da lasciare in reception" is one item; English "to …" may open an objective of its own."""
    assert split_answer("una brochure, da lasciare in reception, e un video sul sito") == [
        "una brochure, da lasciare in reception",
        "un video sul sito",
    ]
    assert split_answer("more Google reviews, to double the bookings") == [
        "more Google reviews",
        "to double the bookings",
    ]


@pytest.mark.parametrize(
    ("answer", "items"),
    [
        (
            "obiettivi di brand: far crescere il club del vino a 200 soci "
            "e diventare il forno di riferimento del quartiere",
            ["far crescere il club del vino a 200 soci", "diventare il forno di riferimento del quartiere"],
        ),
        (
            "ciao Marco! allora, vendere più torte su ordinazione e portare le scuole a visitare il laboratorio",
            ["vendere più torte su ordinazione", "portare le scuole a visitare il laboratorio"],
        ),
        (  # a long segment with "e" inside, no second aim: one item
            "famiglie con bambini piccoli che vivono in centro e pensionati del quartiere",
            ["famiglie con bambini piccoli che vivono in centro e pensionati del quartiere"],
        ),
    ],
)
def test_two_italian_aims_joined_by_e_are_two_items(answer: str, items: list[str]) -> None:
    assert split_answer(answer) == items
