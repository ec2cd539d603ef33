"""Every CLI command against a real store in a temp dir; the README documents each command."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tracker.cli import build_parser


@pytest.fixture
def loaded_home(snapshot_path: Path, tmp_path: Path, home: Path) -> Path:
    import gzip

    sub = tmp_path / "s.jsonl.gz"
    with gzip.open(snapshot_path, "rt") as fh, gzip.open(sub, "wt") as out:
        for i, line in enumerate(fh):
            if i >= 500:
                break
            out.write(line)
    proc = run_cli("backfill", "--from", str(sub), "--no-embed")
    assert proc.returncode == 0, proc.stderr[-1500:]
    return home


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [c for c in _commands() if not re.search(rf"sotagraph {c}\b", readme)]
    assert missing == [], f"commands missing from README.md: {missing}"


@pytest.mark.parametrize("command", _commands())
def test_help_of_each_command(command: str) -> None:
    proc = run_cli(command, "--help")
    assert proc.returncode == 0
    assert f"sotagraph {command}" in proc.stdout


def test_stats_table_and_json(loaded_home: Path) -> None:
    data = json.loads(run_cli("stats", "--json").stdout)
    assert data["backend"] == "embedded" and data["nodes"]["Paper"] == 500
    assert data["last_runs"][0]["status"] == "ok"
    text = run_cli("stats").stdout
    assert re.search(r"Paper\s+500", text)


def test_cypher_table_json_csv(loaded_home: Path) -> None:
    q = "MATCH (p:Paper) WHERE p.arxiv_id = '1812.06145' RETURN p.arxiv_id AS id, p.title AS title"
    rows = json.loads(run_cli("cypher", "--json", q).stdout)
    assert rows == [{"id": "1812.06145", "title": "Improving the Performance of Unimodal Dynamic Hand-Gesture "
                     "Recognition with Multimodal Training"}]
    table = run_cli("cypher", q).stdout
    assert "1812.06145" in table and "(1 rows)" in table
    parsed = list(csv.reader(io.StringIO(run_cli("cypher", "--csv", q).stdout)))
    assert parsed[0] == ["id", "title"] and parsed[1][0] == "1812.06145"


def test_cypher_row_cap(loaded_home: Path) -> None:
    proc = run_cli("cypher", "--json", "--limit", "7", "MATCH (p:Paper) RETURN p.arxiv_id")
    assert len(json.loads(proc.stdout)) == 7
    assert "cut at 7 rows" in proc.stderr


@pytest.mark.parametrize("query", [
    "CREATE (p:Paper {arxiv_id: 'x'})",
    "MATCH (p:Paper) SET p.title = 'x'",
    "MATCH (p:Paper) DETACH DELETE p",
    "MERGE (c:Category {code: 'x'})",
])
def test_cypher_refuses_writes(loaded_home: Path, query: str) -> None:
    proc = run_cli("cypher", query)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("error: refused: the console is read-only")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert json.loads(run_cli("stats", "--json").stdout)["nodes"]["Paper"] == 500


def test_cypher_syntax_error_is_one_line(loaded_home: Path) -> None:
    proc = run_cli("cypher", "MATCH (p:Paper RETURN p")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: query error:") and len(proc.stderr.strip().splitlines()) == 1


def test_orgs_lists_unresolved(loaded_home: Path) -> None:
    proc = run_cli("orgs", "--json")
    assert proc.returncode == 0 and isinstance(json.loads(proc.stdout), list)


def test_stats_on_missing_store_is_clear(home: Path) -> None:
    proc = run_cli("stats")
    assert proc.returncode == 1
    assert "no graph store at" in proc.stderr and "sotagraph ingest" in proc.stderr


def test_bad_config_exits_2(home: Path) -> None:
    proc = run_cli("stats", env={"SOTAGRAPH_GRAPH": "mongodb"})
    assert proc.returncode == 2 and "SOTAGRAPH_GRAPH must be" in proc.stderr


def test_ingest_without_network_points_to_snapshot(home: Path) -> None:
    env = {"SOTAGRAPH_ARXIV_API_URL": "http://127.0.0.1:9/api/query", "SOTAGRAPH_HTTP_RETRIES": "0"}
    proc = run_cli("ingest", "--no-embed", env=env)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert "cannot fetch from arXiv" in last and "--from FILE" in last and "SOTAGRAPH_SNAPSHOT" in last


def test_missing_snapshot_file_is_usage_error(home: Path, tmp_path: Path) -> None:
    proc = run_cli("backfill", "--from", str(tmp_path / "nope.jsonl.gz"))
    assert proc.returncode == 2 and "snapshot file not found" in proc.stderr
