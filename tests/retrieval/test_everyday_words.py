"""Everyday questions padded with fillers, or asked in words the cards do not use, still find their card."""

import pytest
import yaml

from assistant.retrieval.knowledge import KnowledgeBase
from assistant.retrieval.text import load_stopwords, words


@pytest.mark.parametrize(
    ("language", "query", "card_id", "within"),
    [
        # fillers ("allora", "facciamo", "roba", "stesse") no longer match whichever card happens to use them
        (
            "it",
            "Allora, facciamo sempre le stesse cose: volantini, annunci, roba così. "
            "Come facciamo a passare dal parlare al dialogare con i clienti?",
            "broadcast-to-dialogue",
            1,
        ),
        # personalisation that turns nosy
        (
            "it",
            "Un'enoteca sa cosa compra ogni cliente. Quando i consigli su misura diventano indiscreti?",
            "personalisation",
            1,
        ),
        # something for people to chat about beyond the products
        (
            "it",
            "La nostra cantina pubblica solo foto delle etichette. Di cosa potrebbero chiacchierare i clienti?",
            "marketing-of-conversations",
            1,
        ),
        # a new channel needs someone behind it, and training
        (
            "en",
            "We're opening a WhatsApp line for bookings at the gym. Who on the staff runs it, and who shows them"
            " how to reply?",
            "organisational-impact",
            3,
        ),
    ],
)
def test_an_everyday_question_finds_its_card_near_the_top(
    kb: KnowledgeBase, language: str, query: str, card_id: str, within: int
) -> None:
    hits = kb.search(query, language=language)
    assert card_id in [h.citation.card_id for h in hits[:within]]


def test_no_glossary_phrase_loses_a_word_to_the_fillers(kb: KnowledgeBase) -> None:
    """A filler inside a phrase ("come mai", "prima volta") would shrink it to a word that means something else."""
    language = kb.settings.knowledge_dir / "language"
    fillers = load_stopwords(language / "fillers.yaml")
    entries = yaml.safe_load((language / "glossary.yaml").read_text(encoding="utf-8"))
    phrases = [(lang, variant) for entry in entries for lang in ("en", "it") for variant in entry[lang]]
    cut = [v for lang, v in phrases if len(found := words(v)) > 1 and set(found) & fillers[lang]]
    assert cut == []
