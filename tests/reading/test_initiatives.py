"""Initiatives said in prose, in English and Italian: one a line or a sentence, each clause a field."""

import pytest

from assistant.config import Settings
from assistant.parsing import Reader
from assistant.stages import StageBook

READER = Reader(StageBook(Settings().stages_dir).vocabulary)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "The bottle refill station: Greta handles it, ready by March, roughly 1,200 pounds for the pump. Honestly "
            "it's a heavy job (effort high) and I'd say the impact is high too. Next one, a tasting newsletter, Omar "
            "writes it, from May, nothing to pay, light effort, medium impact.",
            [
                {"name": "The bottle refill station", "owner": "Greta", "due": "ready by March", "effort": "high",
                 "impact": "high"},
                {"name": "a tasting newsletter", "owner": "Omar", "due": "from May", "budget": "nothing to pay",
                 "effort": "low", "impact": "medium"},
            ],
        ),
        (
            "La stazione di ricarica delle bottiglie, la gestisce Greta, pronta per marzo, sui 1.200 euro; impegno "
            "alto e impatto alto. Poi la newsletter delle degustazioni: Omar, da maggio, costo zero, impegno basso, "
            "impatto medio",
            [
                {"name": "La stazione di ricarica delle bottiglie", "owner": "Greta", "due": "pronta per marzo",
                 "budget": "sui 1.200 euro", "effort": "high", "impact": "high"},
                {"name": "la newsletter delle degustazioni", "owner": "Omar", "due": "da maggio",
                 "budget": "costo zero", "effort": "low", "impact": "medium"},
            ],
        ),
    ],
)  # fmt: skip
def test_initiatives_said_in_prose_are_split_and_each_clause_fills_a_field(
    answer: str, expected: list[dict[str, str]]
) -> None:
    drafts = READER.prose("initiative", answer)
    assert [{k: d.fields.get(k) for k in e} for d, e in zip(drafts, expected, strict=False)] == expected
    assert len(drafts) == len(expected)
    assert "1,200 pounds" in drafts[0].fields.get("budget", "") or "1.200" in drafts[0].fields.get("budget", "")


@pytest.mark.parametrize(
    ("line", "owner", "effort", "impact"),
    [
        ("loyalty app - me (Ines), after the summer, maybe 3k, effort medium, impact high-ish... no, high", "Ines",
         "medium", "high"),
        ("app fedeltà - io (Ines), dopo l'estate, forse 3.000 euro, impatto alto, impegno medio", "Ines", "medium",
         "high"),
    ],
)  # fmt: skip
def test_a_prose_line_among_columns_is_read_into_fields(line: str, owner: str, effort: str, impact: str) -> None:
    draft = READER.item("initiative", [line])
    assert draft.fields["name"] in ("loyalty app", "app fedeltà")
    assert (draft.fields.get("owner"), draft.fields.get("effort"), draft.fields.get("impact")) == (
        owner,
        effort,
        impact,
    )
    assert draft.fields.get("due") and draft.fields.get("budget")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "right, three ideas basically. The refill corner, our florist Mina will handle it from April, about 300 "
            "pounds, it's a real slog but it makes a big difference. Next one, a tasting evening, Joe can run it, by "
            "June, dead easy, won't change much.",
            [
                {"name": "The refill corner", "owner": "Mina", "due": "from April", "effort": "high", "impact": "high"},
                {"name": "a tasting evening", "owner": "Joe", "due": "by June", "effort": "low", "impact": "low"},
            ],
        ),
        (
            "allora, due cose. La serata di degustazione se ne occupa la Bea, da aprile, circa 300 euro, è una "
            "faticaccia però fa la differenza. Poi l'angolo ricariche ci pensa il Marco, entro giugno, si fa in un "
            "attimo ma cambia poco.",
            [
                {"name": "La serata di degustazione", "owner": "Bea", "due": "da aprile", "effort": "high",
                 "impact": "high"},
                {"name": "l'angolo ricariche", "owner": "Marco", "due": "entro giugno", "effort": "low",
                 "impact": "low"},
            ],
        ),
    ],
)  # fmt: skip
def test_a_count_of_initiatives_names_none_and_who_leads_or_levels_said_in_passing_are_read(
    answer: str, expected: list[dict[str, str]]
) -> None:
    """A preamble counting the items is no initiative; an owner said inside the name's clause ("X se ne occupa la
    Bea") or before the due date ("Mina will handle it from April") ends the name; a level said without its noun
    ("a real slog", "fa la differenza") is read."""
    drafts = READER.prose("initiative", answer)
    assert [{k: d.fields.get(k) for k in e} for d, e in zip(drafts, expected, strict=False)] == expected
    assert len(drafts) == len(expected)
