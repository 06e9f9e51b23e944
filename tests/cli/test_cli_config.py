"""Settings are checked before anything runs, wherever they come from: a bad one is one line
naming the setting and its range, exit 2, and no database is created."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chronicle.cli import app

runner = CliRunner()


def invoke(*args: object, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, [str(a) for a in args], env=env)


@pytest.mark.parametrize(("flags", "env", "toml", "expected"), [
    (["--near-threshold", "5"], {}, "",
     "In command line (--near-threshold): `dedup.near_threshold` must be greater than 0 and"
     " at most 0.95 (got 5.0)"),
    (["--near-threshold", "0"], {}, "", "`dedup.near_threshold` must be greater than 0"),
    (["--batch-size", "0"], {}, "",
     "In command line (--batch-size): `batch_size` must be at least 1 (got 0)"),
    ([], {"CHRONICLE_WORKERS": "-2"}, "",
     "In environment (CHRONICLE_WORKERS): `workers` must be between 0 and 1024 (got -2)"),
    ([], {"CHRONICLE_DEDUP_NUM_PERM": "nan"}, "", "`dedup.num_perm` expects int, got 'nan'"),
    ([], {"CHRONICLE_INGEST_MAX_FILE_MB": "inf"}, "",
     "`ingest.max_file_mb` must be greater than 0 (got inf)"),
    ([], {"CHRONICLE_CLEAN_MIN_ARTICLE_WORDS": "1e9"}, "",
     "`clean.min_article_words` expects int, got '1e9'"),
    ([], {"CHRONICLE_DEDUP_SAME_URL": "maybe"}, "",
     "`dedup.same_url` expects true or false, got 'maybe'"),
    ([], {}, "[stories]\nthreshold = 2\n",
     "`stories.threshold` must be between 0 and 1 (got 2.0)"),
    ([], {}, "batch_size = 2.5\n", "`batch_size` expects int, got 2.5"),
    # a flag overrides the file: the file's bad value never counts
    (["--batch-size", "10"], {}, "batch_size = 0\n", None),
], ids=["flag-high", "flag-zero", "flag-batch", "env-negative", "env-nan", "env-inf", "env-float",
        "env-bool", "toml-high", "toml-fraction", "overridden"])
def test_bad_settings_stop_the_run_before_it_starts(
        tmp_path: Path, flags: list[str], env: dict[str, str], toml: str,
        expected: str | None) -> None:
    (tmp_path / "in.txt").write_text("", encoding="utf-8")
    config = tmp_path / "chronicle.toml"
    config.write_text(toml, encoding="utf-8")
    db = tmp_path / "c.db"
    result = invoke("run", tmp_path / "in.txt", "--db", db, "--config", config, "-q", *flags,
                    env=env)
    if expected is None:
        assert result.exit_code == 1, result.output  # ran: the one input is empty
        return
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
    if toml:
        assert str(config) in result.stderr
    assert not db.exists()
