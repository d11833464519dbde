"""Corrections said in the chat, as people say them: undo, delete, change, rename and move, in English and
Italian; a list answered again asks whether to replace or add; a revisited question shows what it holds."""

import pytest

from assistant.config import Settings
from assistant.engine import Engine
from assistant.engine.intents import classify
from assistant.stages import StageBook
from tests.engine.conftest import Env

VOCABULARY = StageBook(Settings().stages_dir).vocabulary


def at(env: Env, engine: Engine, stage: str, question: str, language: str = "en") -> str:
    """A session with nothing in its document yet, at the question given: every version is the chat's."""
    session = env.session(language=language, industry=None)
    engine.start(session.id)
    engine.open_question(session.id, stage, question)
    return session.id


def document(env: Env, session_id: str):  # type: ignore[no-untyped-def]
    return env.store.load_document(session_id)[1]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("undo", "undo"),
        ("Undo that, please!", "undo"),
        ("annulla l'ultima modifica", "undo"),
        ("torna indietro di una modifica", "undo"),
        ("hmm actually, those four were brand objectives, not channels… can you move them?", "move"),
        ("these are channels, not touchpoints", "move"),
        ("ah no, erano obiettivi di brand", "move"),
        ("spostali negli obiettivi di brand", "move"),
        ("Actually, let's change the purpose. We want it to be: bread for everyone.", "change"),
        ("cambia lo scopo: pane per tutti", "change"),
        ("rename Instagram to Instagram Stories", "change"),
        ("rinomina la newsletter in lettera mensile", "change"),
        ("ok, can you delete the second one?", "delete"),
        ("please delete the objective about loyalty", "delete"),
        ("cancellali", "delete"),
        ("elimina gli ultimi due", "delete"),
    ],
)
def test_corrections_are_told_apart_from_answers(text: str, kind: str) -> None:
    assert classify(text, VOCABULARY).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "remove barriers that stop small farmers selling direct",
        "we want to change how people in town eat",
        "honesty, craft and patience",
        "Cambiare il modo in cui il quartiere fa colazione",
    ],
)
def test_answers_that_start_like_corrections_stay_answers(text: str) -> None:
    assert classify(text, VOCABULARY).kind == "answer"


def test_a_change_of_the_purpose_is_not_saved_as_a_personality_trait(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "personality")
    reply = engine.handle(
        session_id, "Actually, let's change the purpose. We want it to be: we bake honest bread for the neighbourhood."
    )
    doc = document(env, session_id)
    assert doc.purpose.personality == []
    assert doc.purpose.statement == "we bake honest bread for the neighbourhood"
    assert reply.kind == "correction" and reply.question_id == "personality"
    assert "Changed purpose statement: “(empty)” → “we bake honest bread for the neighbourhood”" in reply.message
    again = engine.handle(session_id, "hmm, change the purpose to feeding the town well")
    assert document(env, session_id).purpose.statement == "feeding the town well"
    assert "“we bake honest bread for the neighbourhood” → “feeding the town well”" in again.message


def test_cambia_lo_scopo_in_italian(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values", language="it")
    reply = engine.handle(session_id, "Allora, cambia lo scopo: facciamo pane onesto per il quartiere")
    assert document(env, session_id).purpose.statement == "facciamo pane onesto per il quartiere"
    assert document(env, session_id).purpose.values == []
    assert "Ho cambiato purpose: «(vuoto)» → «facciamo pane onesto per il quartiere»" in reply.message


def test_change_without_a_value_opens_that_question(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values")
    engine.handle(session_id, "Cantina Aurora makes wine that tastes of the hill for people who visit")
    reply = engine.handle(session_id, "hmm actually let's change the purpose")
    assert reply.question_id == "statement" and "Sure, let's change purpose statement." in reply.message


def test_delete_the_last_two_then_undo_twice(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values")
    engine.handle(session_id, "honesty\ncraft\npatience")
    deleted = engine.handle(session_id, "hmm, actually remove the last two")
    assert document(env, session_id).purpose.values == ["honesty"]
    assert deleted.kind == "correction" and "Deleted from values: craft; patience." in deleted.message
    undone = engine.handle(session_id, "undo that")
    assert document(env, session_id).purpose.values == ["honesty", "craft", "patience"]
    assert "Undone: the last change (to values)" in undone.message
    engine.handle(session_id, "undo")  # the answer itself
    assert document(env, session_id).purpose.values == []
    nothing = engine.handle(session_id, "undo")
    assert "There is nothing to undo" in nothing.message and document(env, session_id).purpose.values == []
    notes = [v.note for v in env.store.list_versions(session_id)]
    assert notes[-2:] == ["undo v3", "undo v2"], "each undo is a version of its own"


def test_nothing_to_undo_in_a_new_session(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "statement", language="it")
    reply = engine.handle(session_id, "annulla")
    assert "Non c'è niente da annullare" in reply.message and reply.question_id == "statement"


def test_undo_a_canvas_edit(env: Env, engine: Engine) -> None:
    from assistant.document.edits import Edit

    session_id = at(env, engine, "purpose", "statement")
    engine.edit(session_id, Edit(op="set", path="brand.industry", value="wine"))
    reply = engine.handle(session_id, "oops, undo")
    assert document(env, session_id).brand.industry == "" and "(to industry)" in reply.message


def test_delete_by_words_and_in_italian(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "digital-alignment", "brand_objectives")
    engine.handle(session_id, "Sell more bottles directly\nGrow the wine club to 300 members\nEarn loyalty in town")
    reply = engine.handle(session_id, "please delete the objective about the wine club")
    assert [o.text for o in document(env, session_id).digital.brand_objectives] == [
        "Sell more bottles directly",
        "Earn loyalty in town",
    ]
    assert "Deleted from brand objectives: Grow the wine club to 300 members." in reply.message

    session_id = at(env, engine, "purpose", "values", language="it")
    engine.handle(session_id, "onestà\nartigianato\npazienza")
    reply = engine.handle(session_id, "ehm, elimina il secondo")
    assert document(env, session_id).purpose.values == ["onestà", "pazienza"]
    assert "Eliminato da valori: artigianato." in reply.message


def test_delete_them_removes_what_the_last_answer_added(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values", language="it")
    engine.handle(session_id, "onestà")
    engine.open_question(session_id, "purpose", "personality")
    engine.handle(session_id, "caloroso\ntestardo")
    reply = engine.handle(session_id, "no aspetta, cancellali")
    doc = document(env, session_id)
    assert doc.purpose.personality == [] and doc.purpose.values == ["onestà"]
    assert "Eliminati da personalità: caloroso; testardo." in reply.message


def test_unclear_delete_deletes_nothing(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values")
    engine.handle(session_id, "honesty\ncraft")
    engine.open_question(session_id, "purpose", "values")
    reply = engine.handle(session_id, "delete the one about zebras")
    assert document(env, session_id).purpose.values == ["honesty", "craft"]
    assert "I could not tell what to delete from values. There is: honesty; craft." in reply.message


def test_those_four_were_brand_objectives_not_channels(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "digital-alignment", "channels")
    engine.handle(session_id, "Instagram | shop window\nNewsletter\nShop counter\nWine club")
    reply = engine.handle(
        session_id, "hmm actually, those four were brand objectives, not channels… can you move them?"
    )
    doc = document(env, session_id)
    assert doc.digital.channels == []
    assert [o.text for o in doc.digital.brand_objectives] == ["Instagram", "Newsletter", "Shop counter", "Wine club"]
    assert "Moved from channels to brand objectives: Instagram; Newsletter; Shop counter; Wine club." in reply.message
    assert "Brand objectives have no role, so I left that out." in reply.message
    assert reply.question_id == "channels" and "still needs" not in reply.message
    engine.handle(session_id, "undo")
    doc = document(env, session_id)
    assert [c.name for c in doc.digital.channels] == ["Instagram", "Newsletter", "Shop counter", "Wine club"]
    assert doc.digital.brand_objectives == []


def test_erano_obiettivi_di_brand(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "digital-alignment", "channels", language="it")
    engine.handle(session_id, "Instagram\nNewsletter")
    reply = engine.handle(session_id, "ah no scusate, erano obiettivi di brand")
    doc = document(env, session_id)
    assert [o.text for o in doc.digital.brand_objectives] == ["Instagram", "Newsletter"]
    assert doc.digital.channels == []
    assert "Spostati da canali a obiettivi di marca: Instagram; Newsletter." in reply.message


def test_rename_an_item_in_both_languages(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "digital-alignment", "channels")
    engine.handle(session_id, "Instagram\nNewsletter")
    reply = engine.handle(session_id, "rename Instagram to Instagram Stories")
    assert [c.name for c in document(env, session_id).digital.channels] == ["Instagram Stories", "Newsletter"]
    assert "Renamed in channels: “Instagram” → “Instagram Stories”." in reply.message

    session_id = at(env, engine, "purpose", "values", language="it")
    engine.handle(session_id, "onestà\nartigianato")
    reply = engine.handle(session_id, "rinomina artigianato in cura del mestiere")
    assert document(env, session_id).purpose.values == ["onestà", "cura del mestiere"]
    assert "Rinominato in valori: «artigianato» → «cura del mestiere»." in reply.message


def test_answering_a_list_again_asks_replace_or_add(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values")
    engine.handle(session_id, "honesty\ncraft")
    revisited = engine.handle(session_id, "back")
    assert revisited.question_id == "values" and "*Now:* honesty; craft." in (revisited.question or "")
    asked = engine.handle(session_id, "kindness")
    assert asked.kind == "proposal" and "Values already has: honesty; craft." in asked.message
    assert document(env, session_id).purpose.values == ["honesty", "craft"], "nothing saved before the choice"
    engine.handle(session_id, "add")
    assert document(env, session_id).purpose.values == ["honesty", "craft", "kindness"]

    engine.open_question(session_id, "purpose", "values")
    engine.handle(session_id, "patience\ncare")
    engine.handle(session_id, "replace")
    assert document(env, session_id).purpose.values == ["patience", "care"]


def test_sostituisci_and_a_new_answer_instead_of_the_choice(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values", language="it")
    engine.handle(session_id, "onestà")
    opened = engine.open_question(session_id, "purpose", "values")
    assert "*Ora:* onestà." in (opened.question or "")
    asked = engine.handle(session_id, "gentilezza")
    assert "Valori contiene già: onestà." in asked.message and "**sostituire**" in asked.message
    again = engine.handle(session_id, "pazienza")  # neither: a new answer, asked about again
    assert again.kind == "proposal" and "«pazienza»" in again.message
    engine.handle(session_id, "sostituisci")
    assert document(env, session_id).purpose.values == ["pazienza"]


def test_a_revisited_text_question_shows_its_value(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "statement")
    engine.handle(session_id, "We bake real sourdough every night so that people in the neighbourhood eat well.")
    opened = engine.open_question(session_id, "purpose", "statement")
    assert "*Now:* We bake real sourdough every night" in (opened.question or "")


def test_an_answer_that_repeats_every_item_adds_without_asking(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values")
    engine.handle(session_id, "clarity; reliability")
    engine.handle(session_id, "back")
    reply = engine.handle(session_id, "clarity; reliability; candour")
    assert reply.kind != "proposal" and document(env, session_id).purpose.values == [
        "clarity",
        "reliability",
        "candour",
    ]


def test_lines_and_items_move_both_ways(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values")
    engine.handle(session_id, "honesty\ncraft")
    reply = engine.handle(session_id, "oh wait, those were brand objectives")
    doc = document(env, session_id)
    assert doc.purpose.values == [] and [o.text for o in doc.digital.brand_objectives] == ["honesty", "craft"]
    assert "Moved from values to brand objectives: honesty; craft. Say *undo* to put them back." in reply.message

    session_id = at(env, engine, "digital-alignment", "brand_objectives", language="it")
    engine.handle(session_id, "Vendere più bottiglie\nFar crescere il club")
    reply = engine.handle(session_id, "spostali nei valori")
    doc = document(env, session_id)
    assert doc.purpose.values == ["Vendere più bottiglie", "Far crescere il club"]
    assert doc.digital.brand_objectives == []
    assert "Spostati da obiettivi di marca a valori" in reply.message


def test_a_move_names_kpis_as_kpis(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "digital-alignment", "brand_objectives")
    engine.handle(session_id, "Sell more bottles\nGrow the club")
    reply = engine.handle(session_id, "move them to KPIs")
    assert [k.name for k in document(env, session_id).kpis] == ["Sell more bottles", "Grow the club"]
    assert "Moved from brand objectives to KPIs: Sell more bottles; Grow the club." in reply.message


def test_naming_a_list_with_its_values_is_an_answer(env: Env, engine: Engine) -> None:
    assert classify("these are our values: honesty, craft", VOCABULARY).kind == "answer"
    assert classify("go to touchpoints", VOCABULARY).kind == "goto"


def test_annulla_restores_what_a_delete_removed(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "digital-alignment", "channels", language="it")
    engine.handle(session_id, "Instagram\nNewsletter\nFacebook")
    engine.handle(session_id, "per favore elimina gli ultimi due")
    assert [c.name for c in document(env, session_id).digital.channels] == ["Instagram"]
    reply = engine.handle(session_id, "ehm... annulla")
    assert [c.name for c in document(env, session_id).digital.channels] == ["Instagram", "Newsletter", "Facebook"]
    assert "Annullato: l'ultima modifica (canali) non c'è più" in reply.message
    assert reply.kind == "correction" and reply.question_id == "channels"


@pytest.mark.parametrize(
    ("language", "entries", "said", "expected"),
    [
        ("en", "Young families; office workers; the cafés we supply", "change office workers to students", "students"),
        ("it", "Famiglie giovani; impiegati; i bar", "sostituisci impiegati con studenti", "studenti"),
    ],
)
def test_change_x_to_y_renames_the_entry_its_words_name(
    env: Env, engine: Engine, language: str, entries: str, said: str, expected: str
) -> None:
    session_id = at(env, engine, "purpose", "audience", language)
    engine.handle(session_id, entries)
    reply = engine.handle(session_id, said)
    assert reply.kind == "correction"
    audience = [segment.name for segment in document(env, session_id).purpose.audience]
    assert audience[1] == expected and len(audience) == 3


def test_a_change_that_names_no_entry_is_an_answer(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "statement")
    engine.handle(session_id, "Change every loaf into a reason for neighbours to meet.")
    assert document(env, session_id).purpose.statement == "Change every loaf into a reason for neighbours to meet."


def test_those_were_brand_objectives_said_to_a_proposal_saves_it_where_it_belongs(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "digital-alignment", "digital_objectives")
    shown = engine.handle(session_id, "more Loaf Club members, grow repeat visits and open a second shop")
    assert shown.kind == "proposal"
    reply = engine.handle(session_id, "hmm, those were brand objectives actually")
    assert reply.kind == "correction"
    digital = document(env, session_id).digital
    assert [o.text for o in digital.brand_objectives] == [
        "more Loaf Club members",
        "grow repeat visits",
        "open a second shop",
    ]
    assert digital.digital_objectives == []


def test_undo_asks_again_the_question_whose_answer_it_took_back(env: Env, engine: Engine) -> None:
    session_id = at(env, engine, "purpose", "values")
    moved_on = engine.handle(session_id, "honesty; craft; patience")
    assert moved_on.question_id == "personality"
    reply = engine.handle(session_id, "undo")
    assert (reply.kind, reply.question_id) == ("correction", "values")
    assert document(env, session_id).purpose.values == []
