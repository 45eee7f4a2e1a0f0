import tomllib
from pathlib import Path

import pytest
from streamlit import config as streamlit_config

from components.settings import DEFAULTS, format_settings_table, get_setting


@pytest.mark.parametrize(("name", "raw", "value"), [("yake_top", "7", 7), ("sentiment_threshold", "0.1", 0.1), ("yake_language", "de", "de")])
def test_environment_overrides_default(monkeypatch: pytest.MonkeyPatch, name: str, raw: str, value: object) -> None:
    assert get_setting(name) == DEFAULTS[name]
    monkeypatch.setenv(f"NEWSSCOPE_{name.upper()}", raw)
    assert get_setting(name) == value


def test_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_YAKE_TOP", "many")
    with pytest.raises(ValueError, match="NEWSSCOPE_YAKE_TOP='many' is not a valid int"):
        get_setting("yake_top")


def test_unknown_setting_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        get_setting("no_such_setting")


def test_settings_table_has_a_row_per_setting() -> None:
    assert len(format_settings_table().splitlines()) == 2 + len(DEFAULTS)


def test_a_text_setting_with_choices_refuses_any_other_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_ACTOR_TONE", "sentence")
    assert get_setting("actor_tone") == "sentence"
    monkeypatch.setenv("NEWSSCOPE_ACTOR_TONE", "whole")
    with pytest.raises(ValueError, match="NEWSSCOPE_ACTOR_TONE='whole' is not one of target, sentence"):
        get_setting("actor_tone")


def test_streamlit_config_spares_every_click_its_fixed_costs() -> None:
    """`.streamlit/config.toml` turns off the garbage collection after every script run and the
    watching of the source files (README, Performance); the option names are Streamlit's own."""
    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
    assert config["server"]["fileWatcherType"] == "none"
    for section, options in config.items():
        for option in options:
            assert f"{section}.{option}" in streamlit_config._config_options_template, f"{section}.{option}"
