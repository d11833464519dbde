"""Enumerated values read from what a remark means where no word of the vocabulary says them, in both languages;
the model is not loaded when the words are enough."""

import pytest
import yaml

from assistant.config import KNOWLEDGE_DIR, Settings
from assistant.document import catalogue
from assistant.parsing import Reader
from assistant.reading.meanings import meanings
from assistant.retrieval import prototypes
from assistant.stages import StageBook

READER = Reader(StageBook(Settings().stages_dir).vocabulary)


@pytest.mark.parametrize(
    "answer",
    [
        "The newsletter: we mail the recipes out every week and nobody writes back.",
        "La newsletter: mandiamo le ricette ogni settimana e nessuno ci scrive.",
    ],
)
def test_a_touchpoint_nobody_answers_goes_one_way_though_no_word_says_so(answer: str) -> None:
    assert READER.enum("interaction_mode", answer, anywhere=True) is None, "the words alone say nothing here"
    (newsletter,) = READER.prose("touchpoint", answer)
    assert newsletter.fields["interaction_mode"] == "broadcast"


def test_a_remark_too_short_to_mean_anything_sets_nothing() -> None:
    assert meanings().meant("touchpoint", "journey_stage", "Jess") is None
    assert meanings().meant("kpi", "engagement_level", "members vote on the menu") is None  # no phrases for it


def test_words_that_say_every_value_leave_the_model_unloaded() -> None:
    before = prototypes._cached.cache_info()
    (shop,) = READER.prose("touchpoint", "The shop counter: regulars come back, we chat with them, a real dialogue.")
    assert shop.fields["journey_stage"] == "retention" and shop.fields["interaction_mode"] == "dialogue"
    assert prototypes._cached.cache_info() == before


def test_the_phrases_name_the_documents_kinds_fields_and_values_in_both_languages() -> None:
    data = yaml.safe_load((KNOWLEDGE_DIR / "language" / "meanings.yaml").read_text(encoding="utf-8"))
    del data["accept"]
    enums = catalogue.enums()
    for kind, fields in data.items():
        assert set(fields) <= set(catalogue.kinds()[kind].choices), kind
        for name, values in fields.items():
            assert set(values) == set(enums[name]), (kind, name)
            assert all(said["en"] and said["it"] for said in values.values()), (kind, name)
