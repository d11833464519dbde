"""Two people answer and correct a proposal together: items named by their words, "mine" and "lo seguo io" naming
whoever wrote it, and a reply that cannot be read keeps the proposal instead of replacing it."""

from assistant.document import StrategyDocument
from assistant.engine import Engine
from tests.engine.conftest import Env


def at(env: Env, engine: Engine, stage: str, question: str, language: str = "en") -> str:
    session = env.session(language=language)
    engine.start(session.id)
    engine.open_question(session.id, stage, question)
    return session.id


def document(env: Env, session_id: str) -> StrategyDocument:
    return env.store.load_document(session_id)[1]


def test_a_correction_by_name_from_the_other_person_keeps_every_item(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "review", "initiatives")
    shown = engine.handle(
        session_id,
        "hi both! so we'd do a new online booking page, Tom builds it by end of Feb, costs about 300. "
        "And a monthly newsletter, I'll write it.",
        author="Anna",
    )
    assert shown.kind == "proposal"
    assert "1. **a new online booking page** — owner: Tom" in shown.message, "the greeting is no item"
    assert "2. **a monthly newsletter** — owner: Anna" in shown.message, "'I'll write it' is the writer's"
    corrected = engine.handle(session_id, "no wait, the booking page is Anna's not mine", author="Tom")
    assert corrected.kind == "proposal" and corrected.message.startswith("Updated.")
    engine.handle(session_id, "yes", author="Anna")
    saved = [(i.name, i.owner, i.due) for i in document(env, session_id).review.initiatives]
    assert saved == [("a new online booking page", "Anna", "by end of Feb"), ("a monthly newsletter", "Anna", "")]
    assert "about 300" in document(env, session_id).review.initiatives[0].budget


def test_one_sentence_lists_several_initiatives_and_each_is_corrected_by_its_words(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "review", "initiatives")
    shown = engine.handle(
        session_id,
        "ok so a booking page that Tom builds by February, and a loyalty card for regulars, plus a monthly newsletter",
        author="Anna",
    )
    assert "1. **a booking page** — owner: Tom · due: by February" in shown.message
    assert "2. **a loyalty card for regulars**" in shown.message and "3. **a monthly newsletter**" in shown.message
    engine.handle(session_id, "the booking page is mine, the newsletter is Anna's", author="Tom")
    engine.handle(session_id, "and the loyalty card is a big effort", author="Anna")
    engine.handle(session_id, "great, save it", author="Tom")
    saved = [(i.name, i.owner, i.effort, i.impact) for i in document(env, session_id).review.initiatives]
    assert saved == [
        ("a booking page", "Tom", None, None),
        ("a loyalty card for regulars", "", "high", None),  # "a big effort" says nothing of the impact
        ("a monthly newsletter", "Anna", None, None),
    ]


def test_italian_corrections_by_position_and_by_name_from_two_people(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "review", "initiatives", language="it")
    shown = engine.handle(
        session_id,
        "ciao a tutti! allora: rifacciamo la pagina prenotazioni, la fa Marco entro febbraio, e una newsletter mensile",
        author="Giulia",
    )
    assert "2. **una newsletter mensile**" in shown.message, "'e una newsletter' is the next initiative"
    engine.handle(session_id, "il primo lo seguo io, e la newsletter la segue la Giulia", author="Marco")
    engine.handle(session_id, "no aspetta, la pagina prenotazioni è mia non di Marco", author="Giulia")
    engine.handle(session_id, "sì", author="Marco")
    saved = [(i.name, i.owner) for i in document(env, session_id).review.initiatives]
    assert saved == [("rifacciamo la pagina prenotazioni", "Giulia"), ("una newsletter mensile", "Giulia")]


def test_a_reply_that_cannot_be_read_keeps_the_proposal(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "touchpoints", "touchpoints")
    engine.handle(
        session_id,
        "hey team! so people find us on Instagram, then the shop counter is where regulars come back",
        author="Sam",
    )
    unclear = engine.handle(session_id, "hmm not quite, the shop counter thing", author="Ria")
    assert unclear.kind == "proposal" and unclear.message.startswith("I could not tell what to change")
    assert "1. **Instagram**" in unclear.message and "2. **shop counter**" in unclear.message
    assert document(env, session_id).touchpoints == [], "nothing saved, nothing replaced"
    engine.handle(session_id, "the shop counter is mine, I run it", author="Ria")
    engine.handle(session_id, "perfect", author="Sam")
    saved = [(t.name, t.owner) for t in document(env, session_id).touchpoints]
    assert saved == [("Instagram", ""), ("shop counter", "Ria")]


def test_italian_unclear_reply_and_mine_by_name(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "touchpoints", "touchpoints", language="it")
    engine.handle(
        session_id,
        "ciao ragazzi, allora: Instagram per farci conoscere, e il gruppo WhatsApp dove votano i gusti nuovi",
        author="Luca",
    )
    unclear = engine.handle(session_id, "anzi aspetta, il gruppo WhatsApp...", author="Sara")
    assert unclear.kind == "proposal" and unclear.message.startswith("Non ho capito cosa cambiare")
    engine.handle(session_id, "il gruppo WhatsApp lo gestisco io", author="Sara")
    engine.handle(session_id, "va bene", author="Luca")
    saved = [(t.name, t.owner) for t in document(env, session_id).touchpoints]
    assert saved == [("Instagram", ""), ("gruppo WhatsApp", "Sara")]


def test_mine_without_a_known_writer_names_no_one(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "review", "initiatives")
    engine.handle(session_id, "a booking page, I'll build it by March. And a newsletter, Priya writes it.")
    engine.handle(session_id, "yes")
    saved = [(i.name, i.owner) for i in document(env, session_id).review.initiatives]
    assert saved == [("a booking page", ""), ("a newsletter", "Priya")]


def test_the_second_one_is_the_second_not_the_first(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "touchpoints", "touchpoints")
    engine.handle(session_id, "people find us on Instagram, then the shop counter, and the WhatsApp group")
    engine.handle(session_id, "the second one is retention", author="Jess")
    engine.handle(session_id, "the third one is advocacy", author="Jess")
    engine.handle(session_id, "yes")
    saved = [(t.name, t.journey_stage) for t in document(env, session_id).touchpoints]
    assert saved == [("Instagram", "awareness"), ("shop counter", "retention"), ("WhatsApp group", "advocacy")]


def test_more_items_and_a_swap_change_the_proposal_in_both_languages(env: Env, engine: Engine) -> None:
    english = at(env, engine, "purpose", "values")
    engine.handle(english, "honesty, craftsmanship and warmth", author="Tom")
    added = engine.handle(english, "and add generosity too", author="Anna")
    assert added.kind == "proposal" and "4. **generosity**" in added.message
    engine.handle(english, "replace warmth with kindness", author="Tom")
    engine.handle(english, "yes", author="Anna")
    assert document(env, english).purpose.values == ["honesty", "craftsmanship", "kindness", "generosity"]

    italian = at(env, engine, "purpose", "audience", language="it")
    shown = engine.handle(
        italian,
        "ciao Marco! allora, il nostro pubblico direi: famiglie del quartiere, studenti universitari e poi i turisti",
        author="Sara",
    )
    assert "1. **famiglie del quartiere**" in shown.message and "4. **" not in shown.message, "a greeting's name"
    engine.handle(italian, "sostituisci i turisti con gli impiegati della zona", author="Marco")
    engine.handle(italian, "aggiungi anche i pensionati", author="Sara")
    engine.handle(italian, "togli il secondo", author="Marco")
    engine.handle(italian, "sì", author="Sara")
    names = [segment.name for segment in document(env, italian).purpose.audience]
    assert names == ["famiglie del quartiere", "gli impiegati della zona", "i pensionati"]


def test_kpis_separated_by_semicolons_are_shown_and_owned_by_their_words(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "kpis", "kpis")
    shown = engine.handle(
        session_id,
        "two KPIs: repeat visits, we're at about 30 a week and want 45 by June, Anna tracks it; and the newsletter "
        "open rate from 25% to 40% by end of 2027, Anna reads it",
        author="Anna",
    )
    assert shown.kind == "proposal" and "1. **repeat visits**" in shown.message
    engine.handle(session_id, "no wait, the repeat visits are Anna's and the open rate is mine", author="Tom")
    engine.handle(session_id, "yes", author="Anna")
    kpis = document(env, session_id).kpis
    assert [(k.owner, k.baseline, k.target) for k in kpis] == [("Anna", "about 30 a week", "45"), ("Tom", "25%", "40%")]


def test_an_owner_taken_back_in_the_answer_and_a_framework_question_on_the_way(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "review", "initiatives")
    shown = engine.handle(
        session_id, "a loyalty card, Tom builds it, no wait, I'll build it, by March; and a booking page", author="Anna"
    )
    assert "1. **a loyalty card** — owner: Anna · due: by March" in shown.message
    detour = engine.handle(session_id, "what's co-creation again?", author="Tom")
    assert "2. **a booking page**" in detour.message, "the proposal waits, and is shown again"
    engine.handle(session_id, "yes", author="Tom")
    assert [(i.name, i.owner) for i in document(env, session_id).review.initiatives] == [
        ("a loyalty card", "Anna"),
        ("a booking page", ""),
    ]


def test_an_answer_written_again_replaces_the_proposal(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "touchpoints", "touchpoints")
    engine.handle(session_id, "Instagram where people discover us, and the shop counter where regulars come back")
    again = engine.handle(
        session_id, "Instagram where people discover us, and the Loaf Club where members vote on the seasonal loaf"
    )
    assert again.kind == "proposal" and "Loaf Club" in again.message and "shop counter" not in again.message
    engine.handle(session_id, "yes")
    assert [t.name for t in document(env, session_id).touchpoints] == ["Instagram", "Loaf Club"]
