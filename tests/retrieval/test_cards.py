from collections import Counter
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval.cards import CardError, load_card, load_cards

CARDS = load_cards(Settings().knowledge_dir)
BY_LANGUAGE = {lang: {c.id: c for c in CARDS if c.language == lang} for lang in ("en", "it")}

FRAMEWORKS_OF_THE_SOURCES = [
    "relationship-activation",
    "purchase-as-relationship-mode",
    "activations-express-relationship",
    "qualitative-first-kpis",
    "digital-strategy-child-of-brand",
    "coherence-evidence",
    "objectives-with-owners",
    "channel-value-proposition",
    "broadcast-to-dialogue",
    "reverse-marketing",
    "marketing-of-conversations",
    "always-connected-customer",
    "real-time-marketing-pitfalls",
    "customer-lifetime-value",
    "personalisation",
    "communities-and-narratives",
    "marketing-automation",
    "real-time-measurement",
    "engagement-ladder",
    "engagement-promotional-communication",
    "engagement-relationship",
    "engagement-collaboration",
    "engagement-community",
    "engagement-co-creation",
    "customer-journey-stages",
    "smart-objectives",
    "purpose-statement",
    "kpi-definition",
]


def test_there_are_at_least_thirty_cards_in_each_language() -> None:
    assert len(BY_LANGUAGE["en"]) >= 30
    assert set(BY_LANGUAGE["en"]) == set(BY_LANGUAGE["it"]), "every card needs an English and an Italian version"


@pytest.mark.parametrize("card_id", FRAMEWORKS_OF_THE_SOURCES)
def test_each_framework_has_its_card(card_id: str) -> None:
    assert card_id in BY_LANGUAGE["en"]


@pytest.mark.parametrize("card_id", sorted(BY_LANGUAGE["en"]))
def test_language_pairs_agree_on_everything_but_the_words(card_id: str) -> None:
    english, italian = BY_LANGUAGE["en"][card_id], BY_LANGUAGE["it"][card_id]
    assert (english.stage, english.tags, english.related) == (italian.stage, italian.tags, italian.related)
    assert english.sources == italian.sources
    assert english.intro != italian.intro
    for related in english.related:
        assert related in BY_LANGUAGE["en"], f"{card_id} relates to missing card {related}"
    for source in english.sources:
        assert source.article in {"000", "001", "002", "003", "004", "external"}


def test_every_seed_article_is_drawn_on() -> None:
    articles = Counter(s.article for c in BY_LANGUAGE["en"].values() for s in c.sources)
    assert {"000", "001", "002", "003", "004", "external"} <= set(articles)


def test_a_malformed_card_names_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "cards" / "en"
    folder.mkdir(parents=True)
    bad = folder / "broken.md"
    bad.write_text("---\nid: broken\ntitle: Broken\nstage: nowhere\n---\nText\n", encoding="utf-8")
    with pytest.raises(CardError, match=r"broken\.md"):
        load_card(bad)
    bad.write_text(
        "---\nid: other\ntitle: T\nstage: general\ntags: [a]\nlanguage: en\n"
        "sources: [{author: A, title: B, article: external}]\n---\nIntro\n## Coach\nc\n## Ask\na\n## Example\ne\n",
        encoding="utf-8",
    )
    with pytest.raises(CardError, match="differs from the file name"):
        load_card(bad)


@pytest.mark.parametrize(
    ("language", "questions"),
    [
        ("en", ["Our fans keep asking for a smaller bottle. Should we make one?", "Do we sell what people ask for?"]),
        ("it", ["I clienti ci chiedono una bottiglia più piccola. La facciamo?", "Vendiamo quello che ci chiedono?"]),
    ],
)
def test_the_questions_a_card_answers_are_read_in_either_language(
    tmp_path: Path, language: str, questions: list[str]
) -> None:
    folder = tmp_path / "cards" / language
    folder.mkdir(parents=True)
    path = folder / "asked.md"
    listed = "".join(f"- {q}\n" for q in questions)
    path.write_text(
        f"---\nid: asked\ntitle: T\nstage: general\ntags: [a]\nlanguage: {language}\n"
        "sources: [{author: A, title: B, article: external}]\n---\nIntro\n## Coach\nc\n## Ask\n- a?\n"
        f"## Example\ne\n\n## Questions\n\n{listed}",
        encoding="utf-8",
    )
    card = load_card(path)
    assert card.questions == questions
    assert card.example == "e" and card.ask == "- a?"
    assert not any(q in card.text for q in questions)  # searched as questions, not as the card's own text


@pytest.mark.parametrize("language", ["en", "it"])
def test_every_card_lists_its_own_everyday_questions(language: str) -> None:
    asked = [q for card in BY_LANGUAGE[language].values() for q in card.questions]
    for card in BY_LANGUAGE[language].values():
        assert 6 <= len(card.questions) <= 12, card.id
        assert all(q.endswith("?") for q in card.questions), card.id
    assert len(asked) == len(set(asked)), "a question belongs to one card"
