"""One settings object: every variable the README's configuration table names is a described Settings field
with the same default, and the other way round, so the table cannot drift from the code."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from tracker.config import ConfigError, Settings, env_table, from_env, load_settings

ROOT = Path(__file__).resolve().parents[1]
_VAR = re.compile(r"`((?:SOTAGRAPH|NEO4J)_[A-Z0-9_]+)`")
_LITERAL = re.compile(r"^`([^`]*)`(?:\s*\([^)]*\))?$")
"""A default cell part the test compares: one backticked literal, optionally with a note in brackets
(``\\`bf16\\` where the CPU has it`` states a condition, not a value, and is not compared)."""


def readme_table() -> dict[str, str | None]:
    """Variable -> the README's default for it (``None`` when the README states none)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    table: dict[str, str | None] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not _VAR.search(cells[0]):
            continue
        names = _VAR.findall(cells[0])
        parts = [p.strip() for p in cells[1].split(", ")]
        if len(parts) != len(names):
            parts = [cells[1]] * len(names)
        for name, part in zip(names, parts, strict=True):
            m = _LITERAL.match(part)
            table[name] = m.group(1) if m else None
    return table


def rendered(value: object) -> str | None:
    """A Settings default as the README writes it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


def test_every_field_is_described() -> None:
    for f in fields(Settings):
        assert f.metadata.get("env") and f.metadata.get("help"), f"Settings.{f.name} has no env/help description"


def test_readme_table_and_settings_name_the_same_variables() -> None:
    documented = set(readme_table())
    declared = {env for env, _, _ in env_table()}
    assert documented - declared == set(), "in the README's configuration table but not in Settings"
    assert declared - documented == set(), "in Settings but not in the README's configuration table"


def test_readme_defaults_match_settings_defaults() -> None:
    table = readme_table()
    for env, default, _ in env_table():
        stated = table.get(env)
        if stated is not None:
            assert rendered(default) == stated, f"{env}: README says {stated!r}, Settings has {default!r}"


def test_code_reads_sotagraph_variables_only_in_config() -> None:
    """No module outside tracker/config.py reads a SOTAGRAPH_* variable from the environment."""
    read = re.compile(r"(?:environ\.get|environ\[|getenv)\(?\s*[\"']SOTAGRAPH_")
    offenders = [str(p.relative_to(ROOT)) for d in ("tracker", "graph", "dashboard", "scripts")
                 for p in (ROOT / d).rglob("*.py") if p.name != "config.py" and read.search(p.read_text("utf-8"))]
    assert offenders == []


def test_environment_is_parsed_by_field_type(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOTAGRAPH_HOME", str(tmp_path))
    monkeypatch.setenv("SOTAGRAPH_CATEGORIES", "cs.LG, cs.CL")
    monkeypatch.setenv("SOTAGRAPH_FULLTEXT", "off")
    monkeypatch.setenv("SOTAGRAPH_SIMILAR_K", "7")
    monkeypatch.setenv("SOTAGRAPH_DASHBOARD_TTL_S", "1.5")
    monkeypatch.setenv("SOTAGRAPH_ROR", str(tmp_path / "ror.zip"))
    s = from_env()
    assert (s.home, s.categories, s.fulltext_enabled, s.similar_k, s.dashboard_ttl_s, s.ror) == \
        (tmp_path, ("cs.LG", "cs.CL"), False, 7, 1.5, tmp_path / "ror.zip")
    monkeypatch.setenv("SOTAGRAPH_THREADS", "many")
    with pytest.raises(ConfigError, match="SOTAGRAPH_THREADS must be a number"):
        load_settings()


def test_password_stays_out_of_repr_and_describe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-value")
    s = load_settings()
    assert s.neo4j_password == "s3cret-value"
    assert "s3cret-value" not in repr(s) and "s3cret-value" not in str(s.describe())
