"""Touchpoints and channels read from prose: one item per place named, with what is said about it."""

import pytest

from assistant.config import Settings
from assistant.parsing import Reader
from assistant.reading.items import owner_in, read_items, read_prose
from assistant.stages import StageBook

READER = Reader(StageBook(Settings().stages_dir).vocabulary)


def test_each_place_named_opens_an_item_with_its_remarks() -> None:
    found = read_items(
        "People find us on Instagram mostly, we just post photos, it's one-way really. Then the shop counter, "
        "where we chat with regulars who come back every day, that's the relationship bit, Jess runs it."
    )
    assert [item.name for item in found] == ["Instagram", "shop counter"]
    assert "one-way" in found[0].description and "Jess runs it" in found[1].description


def test_a_name_keeps_the_words_that_belong_to_it() -> None:
    found = read_items(
        "Booking.com is where people compare us before they book; the check-in desk when they pay; "
        "and the thank-you email after the stay, asking them to recommend us."
    )
    assert [item.name for item in found] == ["Booking.com", "check-in desk", "thank-you email after the stay"]


def test_a_verb_is_not_a_place() -> None:
    assert [i.name for i in read_items("The shop counter, where we chat with regulars and call them by name")] == [
        "shop counter"
    ]


def test_a_correction_replaces_the_item_and_keeps_what_was_said() -> None:
    found = read_items("Facebook for the older customers, no wait, not Facebook, the local radio.")
    assert [item.name for item in found] == ["local radio"]
    assert found[0].said == "the older customers"
    italian = read_items("Il gruppo WhatsApp dei lettori, anzi no, il gruppo Telegram, dove si consigliano libri.")
    assert [item.name for item in italian] == ["gruppo Telegram"]


def test_owners_are_read_from_the_way_people_say_it() -> None:
    assert owner_in("that's the relationship bit, Jess runs it") == "Jess"
    assert owner_in("Owner is Clara.") == "Clara"
    assert owner_in("poi il club del vino. Se ne occupa Chiara.") == "Chiara"
    assert owner_in("we all look after it") is None


def test_prose_drafts_carry_levels_modes_and_stages_in_everyday_words() -> None:
    drafts = READER.prose(
        "touchpoint",
        "The user forum, where customers help each other and vote on features. It keeps them coming back. "
        "Owner is Clara.",
    )
    assert len(drafts) == 1
    fields = drafts[0].fields
    assert fields["name"] == "user forum" and fields["owner"] == "Clara"
    assert fields["engagement_level"] == "co-creation" and fields["journey_stage"] == "retention"


@pytest.mark.parametrize(
    ("opening", "places"),
    [
        (
            "Ciao! allora, i punti di contatto: ",
            "la vetrina che la gente vede passando, il gruppo WhatsApp",
        ),
        ("Hey! So, our touchpoints: ", "the shop window people see walking past, the WhatsApp group where we answer"),
    ],
)
def test_a_greeting_and_the_lists_heading_say_nothing_of_the_first_item(opening: str, places: str) -> None:
    """Not an owner called "Ciao", nor a dialogue read into "punti di contatto"."""
    drafts = READER.prose("touchpoint", opening + places)
    assert [d.fields for d in drafts] == [d.fields for d in READER.prose("touchpoint", places)]
    assert len(drafts) == 2 and "owner" not in drafts[0].fields


def test_cues_match_other_forms_of_a_word_and_the_longest_phrase_wins() -> None:
    assert READER.enum("journey_stage", "i soci tornano ogni mese", anywhere=True) == "retention"
    assert READER.enum("journey_stage", "they compare us before they book", anywhere=True) == "consideration"
    assert READER.enum("interaction_mode", "qui si parla con l'istruttore", anywhere=True) == "dialogue"
    assert READER.enum("journey_stage", "a quiet afternoon", anywhere=True) is None


def test_the_documented_format_is_not_read_as_prose() -> None:
    assert READER.prose("touchpoint", "Newsletter | retention | relationship | dialogue | Sam") == []


def test_kpis_in_prose_carry_their_figures_dates_owners_and_sources() -> None:
    english = READER.prose(
        "kpi",
        "Hmm, members staying past six months: we're at about 60% now and want 80% by next summer, "
        "Jo checks it in the membership software. Also what members tell us when they leave.",
    )
    assert [d.fields["name"] for d in english] == [
        "members staying past six months",
        "what members tell us when they leave",
    ]
    first = english[0].fields
    assert (first["baseline"], first["target"], first["time_frame"]) == ("about 60%", "80%", "by next summer")
    assert (first["owner"], first["data_source"], first["kind"]) == ("Jo", "membership software", "quantitative")
    assert english[1].fields["kind"] == "qualitative"
    italian = READER.prose(
        "kpi",
        "Tipo il tasso di rinnovo degli abbonamenti, dal 55% al 70% entro l'estate prossima, responsabile Marco, "
        "dati dal software della reception.",
    )
    fields = italian[0].fields
    assert fields["name"] == "tasso di rinnovo degli abbonamenti"
    assert (fields["baseline"], fields["target"], fields["time_frame"]) == ("55%", "70%", "entro l'estate prossima")
    assert (fields["owner"], fields["data_source"]) == ("Marco", "software della reception")


def test_a_filler_after_the_name_is_not_what_is_said_about_it() -> None:
    for text in ("Mostly Instagram I guess", "Instagram, I think", "Instagram probably", "Soprattutto Instagram direi"):
        found = read_items(text)
        assert [(item.name, item.said) for item in found] == [("Instagram", "")], text


def test_an_answer_in_lines_lists_one_item_a_line_named_by_its_opening_words() -> None:
    drafts = READER.prose(
        "touchpoint",
        "So, touchpoints...\n"
        "1. the shop window with the repair price list. That's how people first hear about us, pure one-way.\n"
        "2. The Saturday fix-it workshop where people repair their own bike with our tools, Sam runs it.\n"
        "3. The WhatsApp message when your bike's ready, it keeps them coming back and people reply to it.",
    )
    assert [d.fields["name"] for d in drafts] == [
        "shop window with the repair price list",
        "Saturday fix-it workshop",
        "WhatsApp message when your bike's ready",
    ]
    window, workshop, message = (d.fields for d in drafts)
    assert (window["journey_stage"], window["interaction_mode"]) == ("awareness", "broadcast")
    assert window["engagement_level"] == "promotional-communication"  # one-way posting is the first rung
    assert (workshop["interaction_mode"], workshop["owner"]) == ("enabling", "Sam")
    assert (message["journey_stage"], message["interaction_mode"]) == ("retention", "dialogue")


def test_how_a_touchpoint_shows_the_purpose_is_read_from_its_remarks() -> None:
    [trial] = READER.prose(
        "touchpoint",
        "La lezione di prova gratuita: è quando decidono se iscriversi, Elisa parla con ciascuno alla fine, "
        "ed è lì che si vede che non giudichiamo nessuno.",
    )
    assert trial.fields["purpose_expression"] == "non giudichiamo nessuno"
    assert (trial.fields["owner"], trial.fields["journey_stage"]) == ("Elisa", "consideration")


def test_kpis_in_lines_or_sentences_with_headers_and_announced_names() -> None:
    english = READER.prose(
        "kpi",
        "Ok KPIs. Loyalty card sign-ups: we're around 40 a month now, aiming for 70 by spring, Hannah pulls that "
        "from the till system. Then more of a feeling one: what puppy school owners tell their friends, Priya "
        "asks them. Oh and the Google rating, stay above 4.7, that one's for being the go-to shop.",
    )
    assert [d.fields["name"] for d in english] == [
        "Loyalty card sign-ups",
        "what puppy school owners tell their friends",
        "Google rating",
    ]
    cards, _, rating = english
    assert (cards.fields["baseline"], cards.fields["owner"], cards.fields["data_source"]) == (
        "40 a month",
        "Hannah",
        "the till system",
    )
    assert (rating.fields["target"], rating.reference) == ("above 4.7", "being go-to shop")
    italian = READER.prose(
        "kpi",
        "allora, li butto giù così:\n"
        "- famiglie che ritornano: oggi 30%, target 45% entro l'estate 2027, responsabile Laura (obiettivo 1)\n"
        "- cosa raccontano le famiglie alla festa, qualitativo, lo annota Bea\n"
        "- il tasso di apertura delle mail, almeno 40%, sempre Luca, da Mailchimp",
    )
    assert [d.fields["name"] for d in italian] == [
        "famiglie che ritornano",
        "cosa raccontano le famiglie alla festa",
        "tasso di apertura delle mail",
    ]
    returning, stories, opens = italian
    assert (returning.fields["baseline"], returning.fields["target"], returning.reference) == ("30%", "45%", "1")
    assert (stories.fields["kind"], stories.fields["owner"]) == ("qualitative", "Bea")
    assert (opens.fields["target"], opens.fields["owner"], opens.fields["data_source"]) == (
        "almeno 40%",
        "Luca",
        "Mailchimp",
    )


def test_an_owner_is_a_person_not_a_place() -> None:
    assert owner_in("Ben reads through them once a month") == "Ben"
    assert owner_in("lo vede Franci dal gestionale") == "Franci"
    assert owner_in("then Instagram posts them") is None


def test_a_common_noun_deep_in_a_remark_is_part_of_it_and_short_names_are_written_out() -> None:
    found = read_items(
        "Right, channels. The Insta: its job is showing new arrivals and the shop dogs. The WhatsApp group for "
        "regulars, that's where we tell them the raw food delivery has landed. And Google Business, for being "
        "found on the map."
    )
    assert [item.name for item in found] == ["Instagram", "WhatsApp group", "Google Business"]
    assert found[0].later == ["its job is showing new arrivals and the shop dogs"]


def test_a_kpi_sentence_opening_with_for_or_per_is_a_measure_of_its_own_and_says_what_it_measures() -> None:
    english = READER.prose(
        "kpi",
        "KPIs then. Intro course sign-ups for the beginners objective: about 25 a month, Leo counts them. "
        "For the keeping-them-climbing one, the share of beginners who still have a pass after three months. "
        "For the reminder texts, we count how many people book within two weeks.",
    )
    assert [(d.fields["name"], d.reference) for d in english] == [
        ("Intro course sign-ups", "beginners"),
        ("beginners who still have a pass after three months", "keeping-them-climbing"),
        ("people book within two weeks", "reminder texts"),
    ]
    italian = READER.prose(
        "kpi",
        "KPI: per la tessera contiamo quanti la usano ogni mese, oggi circa 300. Poi per il banco, cosa dicono "
        "i clienti dei consigli ricevuti. E per i giovani, la quota di under 30 tra i biglietti.",
    )
    assert [(d.fields["name"], d.reference) for d in italian] == [
        ("per la tessera contiamo quanti la usano ogni mese", "la tessera contiamo quanti la usano"),
        ("cosa dicono i clienti dei consigli ricevuti", "banco"),
        ("quota di under 30 tra i biglietti", "giovani"),
    ]
    assert italian[1].fields["kind"] == "qualitative"


def test_everyday_words_for_stage_level_and_mode() -> None:
    english = READER.prose(
        "touchpoint",
        "The shop window: people walking past see it. Then the puppy evenings, a proper back-and-forth. "
        "The reminder texts, we just send them, nobody replies.",
    )
    # what the words leave unsaid, the meaning fallback may fill (tests/reading/test_meanings.py)
    assert [d.fields["name"] for d in english] == ["shop window", "puppy evenings", "reminder texts"]
    assert english[0].fields["journey_stage"] == "awareness"
    assert english[1].fields["interaction_mode"] == "dialogue"
    assert english[2].fields["interaction_mode"] == "broadcast"
    italian = READER.prose(
        "touchpoint",
        "- lezione di prova gratuita, la fanno prima di iscriversi\n- la band degli allievi: è una cosa creata insieme",
    )
    assert italian[0].fields["journey_stage"] == "consideration"
    assert italian[1].fields["engagement_level"] == "co-creation"


def test_a_line_that_closes_the_list_is_no_touchpoint() -> None:
    for closing in ("that's the lot", "direi basta"):
        drafts = READER.prose("touchpoint", f"* the shop window\n* wedding consultations, Rosa does them\n{closing}")
        assert [d.fields["name"] for d in drafts] == ["shop window", "wedding consultations"]


def test_an_owner_said_alone_or_with_a_title() -> None:
    assert owner_in("average answer time, under 30 seconds, Linda, from the phone system") == "Linda"
    assert owner_in("prenotazioni dagli SMS, contiamo quante ogni mese, Simone") == "Simone"
    assert owner_in("what owners write in the feedback form. Dr Patel reads those") == "Dr Patel"
    assert owner_in("cosa dicono i clienti dei consigli, lo segue la dottoressa Ferri") == "dottoressa Ferri"


def test_a_denied_cue_does_not_say_the_kind() -> None:
    assert READER.enum("kind", "replies to the follow-up text, not how many, what they say", anywhere=True) == (
        "qualitative"
    )
    assert READER.enum("kind", "le recensioni, cosa scrivono, non il numero di stelle", anywhere=True) == (
        "qualitative"
    )


def test_a_kpi_taken_back_as_it_is_said_is_not_read_and_a_target_is_not_the_baseline() -> None:
    english = READER.prose(
        "kpi",
        "the percentage of appointments booked online, now it's like 20%, we want 60% by next year. "
        "And the average rating... forget it",
    )
    assert [(d.fields["baseline"], d.fields["target"]) for d in english] == [("like 20%", "60%")]
    italian = READER.prose(
        "kpi",
        "- tempo medio di risposta al telefono, sotto 30 secondi, Linda\n- ah e poi il voto medio... no dai",
    )
    assert [(d.fields["target"], d.fields["owner"], d.fields["kind"]) for d in italian] == [
        ("sotto 30 secondi", "Linda", "quantitative")
    ]


def test_fillers_that_open_a_sentence_do_not_push_a_place_deep_into_a_remark() -> None:
    english = read_items("So basically first of all the puppy evenings, where new owners hear of us")
    assert [item.name for item in english] == ["puppy evenings"]
    italian = read_items("Allora prima di tutto le serate, dove i nuovi clienti ci scoprono")
    assert [item.name for item in italian] == ["serate"]


@pytest.mark.parametrize(
    ("language", "answer", "names", "stage", "mode"),
    [
        (
            "en",
            "The beer festival stall in July, that's where most people meet us for the first time, it's mostly us "
            "handing out samples and flyers, not much conversation. The taproom bar itself is where they buy, and the "
            "staff chat to everyone.",
            ["beer festival stall in July", "taproom bar"],
            "awareness",
            "broadcast",
        ),
        (
            "it",
            "Il carretto del gelato alle sagre d'estate: tanti ci assaggiano lì, distribuiamo cucchiaini, senza "
            "tanto parlare. Poi gli assaggi con la palettina al banco, quando uno non sa decidere, e lì si "
            "chiacchiera.",
            ["carretto del gelato alle sagre", "assaggi con la palettina al banco"],
            "awareness",
            "broadcast",
        ),
    ],
)
def test_touchpoints_named_by_everyday_places_with_a_denied_dialogue(
    language: str, answer: str, names: list[str], stage: str, mode: str
) -> None:
    """A stall, a taproom, a cart or tastings at the counter open a touchpoint; "not much conversation", "senza tanto
    parlare" deny the dialogue, so the first one goes one way."""
    drafts = READER.prose("touchpoint", answer)
    assert [d.fields["name"] for d in drafts][:2] == names
    assert drafts[0].fields.get("journey_stage") == stage
    assert drafts[0].fields.get("interaction_mode") == mode
    assert drafts[1].fields.get("interaction_mode") == "dialogue"


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        (
            "For the members goal it's a straight number, active members, we're at 180 and want 300. Then something "
            "that's not a number at all: what people tell us after the free class, Hannah collects that.",
            ["active members", "what people tell us after the free class"],
        ),
        (
            "Per la pagina dei medici, quanti pazienti ci mandano, almeno 5 al mese. E poi uno qualitativo per i "
            "medici di base in generale: cosa ci dicono quando li incontriamo. Quello lo tengo io, Stefano.",
            ["pazienti ci mandano", "cosa ci dicono quando li incontriamo"],
        ),
    ],
)
def test_words_that_only_say_the_kind_of_a_kpi_do_not_name_it(answer: str, names: list[str]) -> None:
    """ "it's a straight number", "una cosa non di numeri" say what kind of KPI follows; the words after name it."""
    assert [d.fields["name"] for d in READER.prose("kpi", answer)] == names


def test_because_is_not_a_qualitative_kpi() -> None:
    """ "perché" is mostly "because": a share of bookings "oggi zero perché non c'è ancora" is still counted."""
    said = "la quota di appuntamenti presi online, oggi zero perché non c'è ancora"
    assert READER.enum("kind", said, anywhere=True) == "quantitative"
    assert READER.enum("kind", "il perché ci scelgono, dalle risposte al modulo", anywhere=True) == "qualitative"


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        (
            "the rooftop terrace is where tourists first spot us. then the tasting bench by the door, where people "
            "ask before they buy. The kids love it.",
            ["rooftop terrace", "tasting bench"],
        ),
        (
            "il chiosco del parco: è lì che ci scoprono. poi la panchina delle chiacchiere, dove si fermano a parlare.",
            ["chiosco del parco", "panchina delle chiacchiere"],
        ),
    ],
)
def test_a_sentence_names_a_place_the_lexicon_does_not_know_by_its_article(answer: str, names: list[str]) -> None:
    assert [item.name for item in read_prose(answer)] == names


def test_the_list_named_at_the_start_of_a_sentence_is_no_item() -> None:
    assert [item.name for item in read_prose("I canali... allora, Instagram per farci vedere")] == ["Instagram"]
    assert [item.name for item in read_prose("The channels: the newsletter, for regulars")] == ["newsletter"]


def test_a_name_keeps_the_noun_linked_before_its_head() -> None:
    assert [item.name for item in read_prose("the wall of reviews, people read it while they wait")] == [
        "wall of reviews"
    ]
    assert [item.name for item in read_prose("e la gita di fine corso: la organizzano gli allievi")] == [
        "gita di fine corso"
    ]


def test_a_clause_that_takes_itself_back_at_its_end_keeps_the_items_before_it() -> None:
    said = "the punch card, it's just stamps. and the poll on Facebook - no wait, not Facebook, the Discord server"
    names = [item.name for item in read_prose(said)]
    assert names[0] == "punch card" and len(names) == 2, names
    italian = "la tessera dei timbri, niente di che. e le votazioni su Facebook, anzi no, non Facebook, sul Telegram"
    names = [item.name for item in read_prose(italian)]
    assert names[0] == "tessera dei timbri" and len(names) == 2, names


@pytest.mark.parametrize(
    "answer",
    [
        "The Instagram page. The Monday newsletter. Instagram is run by Chiara.",
        "La pagina Instagram. La newsletter del lunedì. Instagram lo gestisce Chiara.",
        "The Instagram page, where we post the week's boats. The newsletter. For the page, Chiara runs it.",
        "The Instagram page where we post the boats, the newsletter. Chiara runs the Instagram.",
        "La pagina Instagram con le barche della settimana, la newsletter. Chiara gestisce la pagina.",
    ],
)
def test_a_place_named_again_in_short_is_the_same_place(answer: str) -> None:
    drafts = READER.prose("touchpoint", answer)
    assert len(drafts) == 2
    assert drafts[0].fields.get("owner") == "Chiara" and "owner" not in drafts[1].fields


@pytest.mark.parametrize(
    "answer",
    [
        "tasting nights - consideration, relationship, broadcast. hmm no, dialogue not broadcast\nshop till: purchase",
        "serate di degustazione - considerazione, relazione, unidirezionale. no, dialogo, non unidirezionale\n"
        "cassa: acquisto",
    ],
)
def test_a_value_denied_after_it_was_said_is_taken_back(answer: str) -> None:
    first = READER.prose("touchpoint", answer)[0]
    assert first.fields["interaction_mode"] == "dialogue", first.fields


@pytest.mark.parametrize(
    ("said", "owner"),
    [
        ("the tasting bar, our bartender looks after it", "our bartender"),
        ("The window display is where people stop, the florist handles it", "the florist"),
        ("il banco del mercato, lo segue il fornaio", "il fornaio"),
        ("La vetrina, ci pensa la commessa il sabato", "la commessa"),
    ],
)
def test_an_owner_named_by_a_role_rather_than_a_name_is_read(said: str, owner: str) -> None:
    assert owner_in(said) == owner


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        ("Most people discover us through TikTok and the market stall by the station", ["TikTok", "market stall"]),
        ("Ci conoscono soprattutto grazie a TikTok e il mercato del sabato in piazza", ["TikTok", "mercato"]),
    ],
)
def test_a_place_in_lower_case_listed_after_another_in_one_clause_is_an_item_too(answer: str, names: list[str]) -> None:
    drafts = READER.prose("touchpoint", answer)
    assert [n in d.fields["name"] for d, n in zip(drafts, names, strict=True)] == [True, True], drafts
    assert {d.fields.get("journey_stage") for d in drafts} == {"awareness"}, "the clause says it of both"


@pytest.mark.parametrize(
    ("answer", "first"),
    [
        ("Then the fitting appointment (half an hour, at the shop) is where they make up their mind. And the "
         "newsletter", "fitting appointment"),
        ("Poi la prova in sartoria (mezz'ora, al negozio) è dove si fanno un'idea. E la newsletter",
         "prova in sartoria"),
    ],
)  # fmt: skip
def test_a_place_in_brackets_is_an_aside_and_making_up_one_s_mind_is_consideration(answer: str, first: str) -> None:
    drafts = READER.prose("touchpoint", answer)
    assert [d.fields["name"] for d in drafts] == [first, "newsletter"]
    assert drafts[0].fields["journey_stage"] == "consideration"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "well, folks usually hear about us through the village craft fair stand, and later they come back via "
            "the monthly paper newsletter.",
            [("village craft fair stand", "awareness"), ("monthly paper newsletter", "retention")],
        ),
        (
            "beh, di solito ci conoscono attraverso il banco alla fiera del paese, e dopo tornano grazie alla "
            "newsletter cartacea mensile.",
            [("banco alla fiera del paese", "awareness"), ("newsletter cartacea mensile", "retention")],
        ),
    ],
)
def test_a_place_led_to_by_through_or_grazie_a_is_an_item_deep_in_a_clause(
    answer: str, expected: list[tuple[str, str]]
) -> None:
    """Words like "through", "via", "grazie alla" lead to the place people meet the brand at, with its modifiers,
    wherever the clause says it; so the clause's stage ("hear about us", "come back") is read for it."""
    drafts = READER.prose("touchpoint", answer)
    assert [(d.fields["name"], d.fields.get("journey_stage")) for d in drafts] == expected


@pytest.mark.parametrize(
    ("answer", "owners"),
    [
        ("Il banco al mercato lo gestisce il titolare, il volantino di quartiere la Marta.", ["il titolare", "Marta"]),
        ("The market stall is run by our manager, the neighbourhood flyer, Marta.", ["our manager", "Marta"]),
    ],
)
def test_an_owner_named_after_the_item_without_a_verb_is_read(answer: str, owners: list[str]) -> None:
    """After a clause with a verb, the next item's owner may be said by article and name: "il volantino la Marta"."""
    drafts = READER.prose("touchpoint", answer)
    assert [d.fields.get("owner") for d in drafts] == owners
