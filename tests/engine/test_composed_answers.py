"""Framework questions get a short answer composed of the cards' own sentences, each cited, then what the team's
documents say when they bear on it, then the pending question; nothing answers a question off the subject."""

import html
import io
import re
import zipfile

import pytest

from assistant.engine import Engine
from assistant.engine.reply import Reply
from assistant.exports import EXPORTERS, build_context
from assistant.stages import StageBook
from tests.engine.conftest import Env

# The team's notes say co-creation in their own words, never by its name (issue 15)
NOTES = (
    "# Loaf Club: notes from the spring meeting\n\n"
    "The Loaf Club has 240 members who collect a loaf every Saturday morning.\n\n"
    "This year we want to let Loaf Club members vote on the seasonal loaf. The five most active members will be "
    "invited to bake it with Anna on a Sunday morning, and their names will go on the label.\n\n"
    "The WhatsApp line is used for orders and pickup reminders."
)
APPUNTI = (
    "# Club del Pane: appunti\n\n"
    "Il Club del Pane conta 120 soci che ritirano il pane ogni sabato.\n\n"
    "Quest'anno vogliamo far votare ai soci del club il pane di stagione, e invitare i cinque soci più attivi "
    "a sfornarlo con noi una domenica mattina, con il loro nome sull'etichetta."
)
# A near miss: the bakery's own notes, on something else
HOURS = {
    "en": "# Opening hours\n\nThe bakery opens at seven on weekdays and at eight on Saturdays.\n\n"
    "On Sundays we close at noon, and in August the shop is shut for two weeks.",
    "it": "# Orari\n\nIl panificio apre alle sette nei giorni feriali e alle otto il sabato.\n\n"
    "La domenica chiudiamo a mezzogiorno, e ad agosto il negozio resta chiuso due settimane.",
}
HANDBOOK = (
    "# Staff handbook\n\nHolidays are requested in the shared calendar at least two weeks ahead.\n\n"
    "The staff car park is behind the building; visitors park on the street."
)
QUESTION = {"en": "What does co-creation mean for a bakery?", "it": "Cosa vuol dire co-creazione per un panificio?"}
FROM_DOCUMENTS = {"en": "**From your documents:**", "it": "**Dai vostri documenti:**"}
CITED_SENTENCE = re.compile(r"(.+?) \[(\d+)\](?: |$)")


def asked(env: Env, engine: Engine, language: str, question: str, documents: dict[str, str]) -> tuple[Reply, str]:
    trade = "bakery" if language == "en" else "panificio"
    session = env.session(language=language, brand="Forno Rossi", industry=trade)
    for name, text in documents.items():
        assert env.knowledge.ingest_bytes(session.workspace_id, name, text.encode()).passages > 0
    engine.start(session.id)
    return engine.handle(session.id, question), session.workspace_id


def quoted(reply: Reply, paragraph: int, env: Env, workspace_id: str, language: str) -> list[tuple[str, int]]:
    """A paragraph's sentences with their citation numbers, each checked to be word for word in its source: the
    passage the citation shows, and the card or the uploaded document it comes from."""
    chunks = {c.filename: " ".join(c.text.split()) for c in env.store.list_chunks(workspace_id)}
    text = reply.message.split("\n\n")[paragraph].removeprefix(FROM_DOCUMENTS[language]).strip()
    found = []
    for sentence, number in CITED_SENTENCE.findall(text):
        sentence = re.sub(r"\\(.)", r"\1", sentence)  # as written before it was escaped for Markdown
        source = reply.citations[int(number) - 1]
        assert sentence in source.passage
        if source.kind == "card":
            card = env.knowledge.card(str(source.card_id), language)  # type: ignore[arg-type]
            assert card is not None
            assert sentence in " ".join(f"{card.intro} {card.coach} {card.example}".split())
        else:
            assert sentence in chunks[str(source.file)]
        found.append((sentence, int(number)))
    return found


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_answer_quotes_a_few_cited_sentences_then_the_teams_notes(env: Env, engine: Engine, language: str) -> None:
    notes = {"loaf-club.md": NOTES} if language == "en" else {"club-del-pane.md": APPUNTI}
    reply, workspace_id = asked(env, engine, language, QUESTION[language], notes)
    assert reply.kind == "answer"
    framework = quoted(reply, 0, env, workspace_id, language)
    assert 2 <= len(framework) <= 4
    assert reply.citations[framework[0][1] - 1].card_id == "engagement-co-creation"
    assert reply.message.split("\n\n")[1].startswith(FROM_DOCUMENTS[language])
    documents = quoted(reply, 1, env, workspace_id, language)
    assert 1 <= len(documents) <= 2
    assert {reply.citations[number - 1].file for _, number in documents} == set(notes)
    assert any(word in sentence for sentence, _ in documents for word in ("vote on", "votare"))
    assert reply.message.endswith(reply.question or "") and reply.question


@pytest.mark.parametrize("language", ["en", "it"])
def test_without_documents_there_is_no_documents_line(env: Env, engine: Engine, language: str) -> None:
    reply, workspace_id = asked(env, engine, language, QUESTION[language], {})
    assert FROM_DOCUMENTS[language] not in reply.message
    assert 2 <= len(quoted(reply, 0, env, workspace_id, language)) <= 4
    assert all(source.kind == "card" for source in reply.citations)


@pytest.mark.parametrize(
    "language",
    [
        "en",
        pytest.param(
            "it",
            marks=pytest.mark.xfail(
                strict=True,
                reason="MiniLM finds an Italian note on opening hours as near as the card: the team's route lets it in",
            ),
        ),
    ],
)
def test_notes_on_something_else_get_no_documents_line(env: Env, engine: Engine, language: str) -> None:
    reply, workspace_id = asked(env, engine, language, QUESTION[language], {"hours.md": HOURS[language]})
    assert FROM_DOCUMENTS[language] not in reply.message
    assert not [source for source in reply.citations if source.kind == "document"]
    assert 2 <= len(quoted(reply, 0, env, workspace_id, language)) <= 4


def test_another_teams_documents_never_appear(env: Env, engine: Engine) -> None:
    asked(env, engine, "en", QUESTION["en"], {"loaf-club.md": NOTES})
    reply, workspace_id = asked(env, engine, "en", QUESTION["en"], {"handbook.md": HANDBOOK})
    assert "Loaf Club" not in reply.message
    assert not [source for source in reply.citations if source.kind == "document"], "the handbook is off the subject"
    assert quoted(reply, 0, env, workspace_id, "en")


NOTHING = {
    "en": "Nothing in the framework cards or your documents answers that",
    "it": "Nelle schede e nei vostri documenti non c'è niente che risponda",
}


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("en", "What's the weather on Mars?"),
        ("en", "Who won the football match yesterday?"),
        ("it", "Che tempo fa su Marte?"),
        ("it", "Chi ha vinto la partita di calcio ieri?"),
        ("it", "Qual è la ricetta della pizza margherita?"),
        ("it", "Come si cura il raffreddore?"),  # a card has "cura"; the card the model likes best does not
    ],
)
def test_the_team_is_told_when_nothing_answers_a_question(
    env: Env, engine: Engine, language: str, question: str
) -> None:
    notes = {"loaf-club.md": NOTES} if language == "en" else {"club-del-pane.md": APPUNTI}
    reply, _ = asked(env, engine, language, question, notes)
    assert reply.kind == "answer" and not reply.citations
    assert reply.message.startswith(NOTHING[language])
    assert reply.message.endswith(reply.question or "") and reply.question


def _exported_text(data: bytes) -> str:
    """An export's text: the file itself, or every part of an Office file (slides and speaker notes included)."""
    if not data.startswith(b"PK"):
        return html.unescape(data.decode("utf-8"))
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        return html.unescape(" ".join(parts.read(name).decode("utf-8", "replace") for name in parts.namelist()))


@pytest.mark.parametrize(("language", "card_id"), [("en", "reverse-marketing"), ("it", "engagement-relationship")])
def test_a_cards_everyday_questions_find_it_but_are_never_shown(
    env: Env, engine: Engine, language: str, card_id: str
) -> None:
    """The `## Questions` of a card rank it first; the answer cites it (its sentences are ordered by how well they
    answer, so a neighbouring card's may come first); the answer, its citations and the exports quote the card,
    never its questions."""
    card = env.knowledge.card(card_id, language)  # type: ignore[arg-type]
    assert card is not None
    assert env.knowledge.search(card.questions[0], top=1)[0].citation.card_id == card_id
    session = env.session(language=language)
    engine.start(session.id)
    reply = engine.handle(session.id, card.questions[0])
    assert reply.kind == "answer"
    cited = [c.card_id for c in reply.citations]
    assert card_id in cited and cited.count(card_id) >= len(cited) / 2
    context = build_context(env.store, session.id, None, env.knowledge, stages=StageBook(env.settings.stages_dir))
    shown = [reply.message, *(c.passage for c in reply.citations)]
    shown += [_exported_text(EXPORTERS[name].render(context)) for name in ("md", "html", "docx", "pptx")]
    questions = [q for c in env.knowledge.cards for q in c.questions]
    assert not [q for q in questions for text in shown if q in " ".join(text.split())]


@pytest.mark.parametrize(
    ("question", "cards"),
    [
        # "ciao" and "dobbiamo" are how it is asked, not what: counted, they halved the share of words a card says
        ("ma i like contano qualcosa o dobbiamo misurare altro?", {"qualitative-first-kpis", "kpi-definition"}),
        # MiniLM liked a sentence of the ladder card, which the search ranks second, better than the first card's
        ("ciao, cosa vuol dire co-creazione per un forno come il nostro?", {"engagement-co-creation"}),
    ],
)
def test_an_italian_question_asked_as_people_talk_opens_with_the_right_card(
    env: Env, engine: Engine, question: str, cards: set[str]
) -> None:
    reply, _ = asked(env, engine, "it", question, {})
    assert reply.kind == "answer" and reply.citations, reply.message
    assert reply.citations[0].card_id in cards, reply.message
