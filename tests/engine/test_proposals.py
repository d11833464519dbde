"""Answers written as prose are shown before they are saved; the team confirms, corrects or cancels."""

import pytest

from assistant.engine import Engine
from tests.engine.conftest import Env

SPOKEN_TOUCHPOINTS = (
    "People find us on Instagram mostly, we just post photos, it's one-way really. Then the shop counter, "
    "where we chat with regulars who come back every day, Jess runs it."
)


def at_touchpoints(env: Env, engine: Engine, language: str = "en") -> str:
    session = env.session(language=language)
    engine.start(session.id)
    engine.open_question(session.id, "touchpoints", "touchpoints")
    return session.id


def test_prose_is_shown_with_its_fields_and_saved_only_on_yes(env: Env, engine: Engine) -> None:
    session_id = at_touchpoints(env, engine)
    shown = engine.handle(session_id, SPOKEN_TOUCHPOINTS)
    assert shown.kind == "proposal" and shown.question_id == "touchpoints"
    assert "1. **Instagram** — journey stage: awareness" in shown.message
    assert "2. **shop counter**" in shown.message and "owner: Jess" in shown.message
    assert env.store.load_document(session_id)[1].touchpoints == [], "nothing saved before the team agrees"
    saved = engine.handle(session_id, "yes")
    assert saved.kind != "proposal" and saved.message.startswith("Noted: Instagram; shop counter")
    touchpoints = env.store.load_document(session_id)[1].touchpoints
    assert [(t.name, t.journey_stage, t.owner) for t in touchpoints] == [
        ("Instagram", "awareness", ""),
        ("shop counter", "retention", "Jess"),
    ]


def test_a_correction_by_position_changes_the_proposal(env: Env, engine: Engine) -> None:
    session_id = at_touchpoints(env, engine)
    engine.handle(session_id, SPOKEN_TOUCHPOINTS)
    corrected = engine.handle(session_id, "the first one is consideration, and remove the second")
    assert corrected.kind == "proposal" and corrected.message.startswith("Updated.")
    assert "journey stage: consideration" in corrected.message and "shop counter" not in corrected.message
    engine.handle(session_id, "ok")
    assert [(t.name, t.journey_stage) for t in env.store.load_document(session_id)[1].touchpoints] == [
        ("Instagram", "consideration")
    ]


def test_italian_proposal_speaks_italian_and_takes_si(env: Env, engine: Engine) -> None:
    session_id = at_touchpoints(env, engine, language="it")
    shown = engine.handle(
        session_id, "I volantini in quartiere per farci conoscere, a senso unico. Poi il gruppo WhatsApp dei soci."
    )
    assert shown.kind == "proposal" and "Ecco cosa ho letto" in shown.message
    assert "fase del percorso: notorietà" in shown.message
    engine.handle(session_id, "il secondo è fidelizzazione")
    engine.handle(session_id, "sì")
    touchpoints = env.store.load_document(session_id)[1].touchpoints
    assert [t.journey_stage for t in touchpoints] == ["awareness", "retention"]


def test_cancel_drops_it_and_a_new_answer_replaces_it(env: Env, engine: Engine) -> None:
    session_id = at_touchpoints(env, engine)
    engine.handle(session_id, SPOKEN_TOUCHPOINTS)
    cancelled = engine.handle(session_id, "cancel")
    assert cancelled.kind == "question" and cancelled.question_id == "touchpoints"
    again = engine.handle(session_id, "The newsletter, where members reply to us every month.")
    assert again.kind == "proposal" and "newsletter" in again.message and "Instagram" not in again.message
    engine.handle(session_id, "yes")
    assert [t.name for t in env.store.load_document(session_id)[1].touchpoints] == ["newsletter"]


def test_the_documented_format_and_prose_lists_of_one_apply_at_once(env: Env, engine: Engine) -> None:
    session_id = at_touchpoints(env, engine)
    direct = engine.handle(session_id, "Newsletter | retention | relationship | dialogue | Sam")
    assert direct.kind != "proposal"
    assert [t.name for t in env.store.load_document(session_id)[1].touchpoints] == ["Newsletter"]


def test_a_prose_list_is_shown_as_entries(env: Env, engine: Engine) -> None:
    session = env.session()
    engine.start(session.id)
    engine.handle(session.id, "We make honest wines from our hills so that families can share the table together.")
    shown = engine.handle(
        session.id, "hmm, I'd say families who cook at home, plus wine tourists and local restaurants"
    )
    assert shown.kind == "proposal"
    assert "1. **families who cook at home**" in shown.message and "3. **local restaurants**" in shown.message
    engine.handle(session.id, "yes")
    assert [s.name for s in env.store.load_document(session.id)[1].purpose.audience] == [
        "families who cook at home",
        "wine tourists",
        "local restaurants",
    ]


def test_a_confirmation_in_several_words_confirms(env: Env, engine: Engine) -> None:
    for language, said in (("en", "ok yes, save it"), ("it", "sì, va bene")):
        session_id = at_touchpoints(env, engine, language=language)
        assert engine.handle(session_id, SPOKEN_TOUCHPOINTS).kind == "proposal"
        engine.handle(session_id, said)
        assert [t.name for t in env.store.load_document(session_id)[1].touchpoints] == ["Instagram", "shop counter"]


def test_the_sessions_viewers_hear_of_a_reading_to_confirm_and_of_its_settling(env: Env, engine: Engine) -> None:
    session_id = at_touchpoints(env, engine)
    after = env.store.last_event(session_id)
    engine.handle(session_id, SPOKEN_TOUCHPOINTS, author="Jess")
    shown = env.store.events_after(session_id, after, kind="proposal")
    assert len(shown) == 1 and shown[0].data["pending"] is True
    assert (
        "Instagram" in str(shown[0].data["proposal"]["drafts"])
        and shown[0].data["proposal"]["question"] == "touchpoints"
    )
    engine.handle(session_id, "the first one is consideration", author="Sam")  # still pending, changed
    engine.handle(session_id, "yes", author="Sam")
    settled = env.store.events_after(session_id, shown[0].seq, kind="proposal")
    assert [e.data["pending"] for e in settled] == [True, False]
    document = env.store.events_after(session_id, after, kind="document")[-1]
    assert document.data["author"] == "Sam" and "touchpoints[0]" in document.data["fields"]


@pytest.mark.parametrize(
    ("language", "answer", "correction", "yes"),
    [
        ("en", "The shop window: people walking past see it.", "the first is awareness", "yes"),
        ("it", "La vetrina: la vede chi passa, ci scoprono così.", "il primo è notorietà", "sì"),
    ],
)
def test_a_correction_that_repeats_the_value_read_confirms_it_rather_than_becoming_an_answer(
    env: Env, engine: Engine, language: str, answer: str, correction: str, yes: str
) -> None:
    session_id = at_touchpoints(env, engine, language=language)
    assert engine.handle(session_id, answer).kind == "proposal"
    assert engine.handle(session_id, correction).kind == "proposal", "shown again, not saved as a touchpoint"
    engine.handle(session_id, yes)
    touchpoints = env.store.load_document(session_id)[1].touchpoints
    assert [(t.name, t.journey_stage) for t in touchpoints] == [(touchpoints[0].name, "awareness")]
    assert touchpoints[0].name in ("shop window", "vetrina")


@pytest.mark.parametrize(
    ("language", "answer", "correction", "guess"),
    [
        (
            "en",
            "The post-trip photo email that goes out to everyone. "
            "The members' WhatsApp where they plan trips together.",
            "the first one is retention",
            "(my guess)",
        ),
        (
            "it",
            "La mail con le foto dopo la gita, che arriva a tutti. "
            "Il gruppo WhatsApp dei soci dove organizzano le uscite.",
            "il primo è fidelizzazione",
            "(da confermare)",
        ),
    ],
)
def test_a_value_read_from_meaning_is_shown_as_a_guess_until_the_team_says_it(
    env: Env, engine: Engine, language: str, answer: str, correction: str, guess: str
) -> None:
    """Words that name no stage, rung or mode are still read for what they mean; the proposal says which values
    are such guesses, and a value the team gives is theirs."""
    session_id = at_touchpoints(env, engine, language=language)
    shown = engine.handle(session_id, answer)
    first = shown.message.split("\n1. ")[1].split("\n")[0]
    assert guess in first
    corrected = engine.handle(session_id, correction)
    first = corrected.message.split("\n1. ")[1].split("\n")[0]
    stage = next(part for part in first.split(" · ") if "retention" in part or "fidelizzazione" in part)
    assert guess not in stage
