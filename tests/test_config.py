"""Configuration: every numeric setting has a range, checked on the resolved configuration."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

import pytest

import chronicle
from chronicle.config import LIMITS, Config, load_config, validate
from chronicle.errors import ConfigError


def numeric_settings(obj: Any = None, prefix: str = "") -> dict[str, Any]:
    """Every int or float setting (bools aside) by dotted name, with its default."""
    out: dict[str, Any] = {}
    obj = Config() if obj is None else obj
    for f in fields(obj):
        value = getattr(obj, f.name)
        if is_dataclass(value):
            out |= numeric_settings(value, f"{prefix}{f.name}.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[prefix + f.name] = value
    return out


def test_every_numeric_setting_has_a_range_its_default_is_in() -> None:
    settings = numeric_settings()
    assert sorted(LIMITS) == sorted(settings)
    for key, default in settings.items():
        assert LIMITS[key].allows(default), key


def outside(key: str) -> list[float]:
    limit = LIMITS[key]
    values = [limit.lo if limit.open_lo else limit.lo - 1, float("nan")]
    if limit.hi is not None:
        values.append(limit.hi + 1)
    return values


@pytest.mark.parametrize("key", sorted(numeric_settings()))
def test_a_value_outside_the_range_is_refused_naming_the_setting(key: str) -> None:
    for value in outside(key):
        if isinstance(numeric_settings()[key], int) and value == value:
            value = int(value)
        elif isinstance(numeric_settings()[key], int):
            continue  # an int setting never holds nan: coercion refuses it first
        with pytest.raises(ConfigError, match=rf"`{key}` must be .*\(got "):
            load_config(overrides={key: value}, env={})


def test_the_api_checks_a_config_it_is_given(tmp_path: Any) -> None:
    bad = Config(batch_size=0)
    with pytest.raises(ConfigError, match="`batch_size` must be at least 1"):
        validate(bad)
    with pytest.raises(ConfigError, match="`batch_size`"):
        chronicle.open(tmp_path / "c.db", bad)
    assert not (tmp_path / "c.db").exists()
