"""What a version changed, as the history says it: field names in the session's language, values before and
after, an item added or removed whole, and one line in words."""

from assistant.document.changes import changes, describe
from assistant.document.models import Touchpoint
from tests.factories import winery_document


def test_each_change_is_named_with_its_values_in_both_languages() -> None:
    old = winery_document()
    new = old.model_copy(deep=True)
    new.kpis[0].target = "55%"
    new.purpose.values.append("honesty")
    english = {c.label: (c.before, c.after) for c in changes(old, new, "en")}
    assert english["values"] == ("craft; hospitality; land care", "craft; hospitality; land care; honesty")
    assert english[f"target of “{old.kpis[0].name}”"] == (old.kpis[0].target, "55%")
    italian = [c.label for c in changes(old, new, "it")]
    assert italian == ["valori", f"target di “{old.kpis[0].name}”"]


def test_the_line_says_who_did_what_added_and_removed_items_included() -> None:
    old = winery_document()
    added = old.model_copy(deep=True)
    added.touchpoints.append(Touchpoint(name="Supper club"))
    assert describe(changes(old, added, "en"), who="Sam", language="en") == "Sam added “Supper club”"
    assert describe(changes(added, old, "it"), who="Sam", language="it") == "Sam ha tolto “Supper club”"
    assert describe(changes(old, old, "en"), who="", language="en") == "The assistant saved it unchanged"
    both = added.model_copy(deep=True)
    both.brand.market = "Turin"
    line = describe(changes(old, both, "en"), who="Ana", language="en")
    assert line == "Ana changed the market, and 1 more"
