"""Touchpoints and channels read from prose: one item per place named, with what is said about it."""

from assistant.config import Settings
from assistant.parsing import Reader
from assistant.reading.items import owner_in, read_items
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
