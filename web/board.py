"""The canvas as a board for the room: the touchpoint grid the exported canvas draws, as a page people can act on.

The axes are the export's (`assistant.exports.canvas`: journey stages as columns, engagement levels as rows,
co-creation on top) and the cards are numbered T1, T2… in document order as the report numbers them, so the
board, the printed canvas and the report name a touchpoint the same way.
"""

from dataclasses import dataclass, field

from assistant.document import StrategyDocument, Touchpoint
from assistant.exports.canvas import LEVELS, STAGES
from assistant.exports.report import RELATIONSHIP, objective_refs
from web.i18n import Translator

MARKERS = {"broadcast": "→", "dialogue": "⇄", "enabling": "✦", "": "·"}  # one way, both ways, lets people act


@dataclass(frozen=True)
class Card:
    """One touchpoint: its number, its name and its interaction mode in words and as a marker."""

    id: str
    number: str
    name: str
    channel: str
    stage: str
    level: str
    mode: str  # the mode's value, "" when not set: the card's colour class
    mode_label: str
    marker: str
    missing: str = ""  # for the tray: which of stage and level is not set


@dataclass(frozen=True)
class Axis:
    value: str
    label: str
    rank: int = 0


@dataclass
class Board:
    """The grid's axes, its cards by cell, the tray of unplaced cards, the legend and what surrounds the grid."""

    columns: list[Axis]
    rows: list[Axis]
    cells: dict[tuple[str, str], list[Card]]
    unplaced: list[Card]
    legend: list[tuple[str, str, str]]  # mode value, marker, label
    purpose: str
    audience: list[tuple[str, str]]  # each segment's name and what it needs
    objectives: list[tuple[str, str]]  # B1 / D1 and the objective's text
    kpis: list[tuple[str, str, str]] = field(default_factory=list)  # K1, the name, its target and time frame
    relationship: list[tuple[str, str]] = field(default_factory=list)  # what keeps it going, by field, in words

    def cards(self, stage: str, level: str) -> list[Card]:
        return self.cells.get((stage, level), [])


def _mode_label(mode: str, t: Translator) -> str:
    return t.enum(mode) if mode else t("board_mode_unset")


def _card(index: int, touchpoint: Touchpoint, t: Translator) -> Card:
    mode = touchpoint.interaction_mode.value if touchpoint.interaction_mode else ""
    stage = touchpoint.journey_stage.value if touchpoint.journey_stage else ""
    level = touchpoint.engagement_level.value if touchpoint.engagement_level else ""
    missing = [t.field(name) for name, value in (("journey_stage", stage), ("engagement_level", level)) if not value]
    return Card(
        id=touchpoint.id,
        number=f"T{index}",
        name=touchpoint.name,
        channel=touchpoint.channel,
        stage=stage,
        level=level,
        mode=mode,
        mode_label=_mode_label(mode, t),
        marker=MARKERS[mode],
        missing=f"{t('board_not_set')}: {', '.join(missing)}" if missing else "",
    )


def build_board(document: StrategyDocument, t: Translator) -> Board:
    """The board of `document`, in the words of `t`."""
    cells: dict[tuple[str, str], list[Card]] = {}
    unplaced = []
    for index, touchpoint in enumerate(document.touchpoints, start=1):
        card = _card(index, touchpoint, t)
        if card.stage and card.level:
            cells.setdefault((card.stage, card.level), []).append(card)
        else:
            unplaced.append(card)
    refs = objective_refs(document)
    digital = document.digital
    kpis = [
        (f"K{index}", kpi.name, " · ".join(part for part in (kpi.target, kpi.time_frame) if part))
        for index, kpi in enumerate(document.kpis, start=1)
    ]
    return Board(
        columns=[Axis(stage.value, t.enum(stage.value)) for stage in STAGES],
        rows=[Axis(level.value, t.enum(level.value), level.rank) for level in LEVELS],
        cells=cells,
        unplaced=unplaced,
        legend=[(mode, marker, _mode_label(mode, t)) for mode, marker in MARKERS.items()],
        purpose=document.purpose.statement,
        audience=[(segment.name, segment.needs) for segment in document.purpose.audience],
        objectives=[(refs[o.id], o.text) for o in digital.brand_objectives]
        + [(refs[o.id], o.text) for o in digital.digital_objectives],
        kpis=kpis,
        relationship=_relationship(document, t),
    )


def _relationship(document: StrategyDocument, t: Translator) -> list[tuple[str, str]]:
    """Reverse marketing, the plan for a conversation out of control, the value around the sale and what keeps the
    relationship alive without paid push: the ideas the touchpoints on the grid should carry."""
    said = [(name, getattr(document.digital.relationship, name)) for name in RELATIONSHIP]
    return [(t.field(name), "; ".join(value) if isinstance(value, list) else value) for name, value in said if value]
