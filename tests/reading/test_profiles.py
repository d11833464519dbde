"""A segment described in prose: each piece goes to the part of the profile its words say."""

import pytest

from assistant.document import catalogue
from assistant.reading.profiles import cues, profile

PARTS = catalogue.lists()["audience"].free_columns  # needs, habits, where they meet the brand, unknowns


def test_every_part_with_cues_is_a_part_of_a_segments_profile() -> None:
    assert set(cues()) == set(PARTS)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "they ask us for gluten-free loaves, they order by phone on Fridays, often for the whole week, "
            "we have no idea what they bake at home",
            {
                "needs": "they ask us for gluten-free loaves",
                "habits": "they order by phone on Fridays, often for the whole week",
                "unknowns": "we have no idea what they bake at home",
            },
        ),
        (
            "cercano torte per le feste, ci hanno conosciuto al mercato del sabato, ordinano una volta al mese",
            {
                "needs": "cercano torte per le feste",
                "meeting_points": "ci hanno conosciuto al mercato del sabato",
                "habits": "ordinano una volta al mese",
            },
        ),
        ("bread that keeps for three days", {"needs": "bread that keeps for three days"}),  # no cue: the needs
    ],
)
def test_each_piece_fills_the_part_its_cue_names(said: str, expected: dict[str, str]) -> None:
    assert profile([said], PARTS) == expected
