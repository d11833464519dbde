"""The README is the settings' documentation: every field of the settings object appears in its table."""

from pathlib import Path

from assistant.config import Settings

README = Path(__file__).parents[1] / "README.md"


def test_every_setting_is_documented() -> None:
    table = {line.split("`")[1] for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `")}
    missing = [name for name in Settings.model_fields if f"BRANDPLAN_{name.upper()}" not in table]
    assert not missing, f"settings missing from the README table: {missing}"
