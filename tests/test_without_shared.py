"""The package stands alone: a copy of the package directories in a folder with no ``../shared`` beside
it resolves the same organisations and countries as the working repository (which has ``../shared``
beside it), for ``sotagraph backfill`` of a 2,000-paper JSON-lines file and ``sotagraph extract --pdf``
on a report, and for university affiliations only the packaged ROR table knows. The inputs are copied into a temporary folder first, so only the code's own lookups differ.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = "infllm-v2.pdf"  # authors at universities and a lab: registry lookups, not only curated labs
ORGS = ("MATCH (o:Organization) OPTIONAL MATCH (o)-[:LOCATED_IN]->(c:Country) "
        "RETURN o.key AS org, c.code AS country ORDER BY org, country")
AFFILIATIONS = ("University of Tartu, Estonia",  # universities the curated labs do not list: the ROR table
                "Department of Computer Science, Universidade Federal de Minas Gerais, Brazil")
MATCH = ("import json, sys; from tracker.orgs.matcher import default_matcher; m = default_matcher(); "
         "print(json.dumps([[r.key, r.country] for r in map(m.match, sys.argv[1:])]))")
EDGES = ("MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization) "
         "RETURN p.arxiv_id AS paper, o.key AS org ORDER BY paper, org")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, snapshot_path: Path) -> dict[str, Path]:
    report = snapshot_path.parents[1] / "reports" / REPORT
    if not report.is_file():
        pytest.skip(f"{report} is absent")
    work = tmp_path_factory.mktemp("standalone")
    papers = work / "papers.jsonl"
    with gzip.open(snapshot_path, "rt", encoding="utf-8") as src:
        papers.write_text("".join(islice(src, 2000)), encoding="utf-8")
    pdf = work / REPORT
    shutil.copyfile(report, pdf)
    copy = work / "alone" / "repo"  # ../shared of this copy is work/alone/shared: absent
    for name in ("tracker", "graph", "dashboard"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "pyproject.toml", copy / "pyproject.toml")
    assert not (copy.parent / "shared").exists()
    return {"work": work, "papers": papers, "pdf": pdf, "copy": copy}


def _env(home: Path, package_root: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOTAGRAPH_", "PYTHONPATH"))}
    env.update(SOTAGRAPH_HOME=str(home), SOTAGRAPH_FULLTEXT="0", SOTAGRAPH_EMBED="0")
    if package_root is not None:
        env["PYTHONPATH"] = str(package_root)
    return env


def _cli(env: dict[str, str], cwd: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "tracker.cli", "--no-progress", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _run(inputs: dict[str, Path], name: str, package_root: Path | None) -> dict[str, Any]:
    env = _env(inputs["work"] / f"home-{name}", package_root)
    cwd = inputs["work"]
    where = subprocess.run([sys.executable, "-c", "import graph, tracker; print(tracker.__file__, graph.__file__)"],
                           env=env, cwd=cwd, capture_output=True, text=True, check=True).stdout.split()
    _cli(env, cwd, "backfill", "--from", str(inputs["papers"]), "--no-embed")
    orgs = json.loads(_cli(env, cwd, "cypher", ORGS, "--json", "--limit", "100000"))
    edges = json.loads(_cli(env, cwd, "cypher", EDGES, "--json", "--limit", "100000"))
    extracted = json.loads(_cli(env, cwd, "extract", "--pdf", str(inputs["pdf"])))
    matched = json.loads(subprocess.run([sys.executable, "-c", MATCH, *AFFILIATIONS], env=env, cwd=cwd,
                                        capture_output=True, text=True, check=True).stdout)
    return {"where": where, "orgs": orgs, "edges": edges, "matched": matched,
            "pdf": sorted((o["key"], str(o["country"]), str(o["ror_id"])) for o in extracted["organizations"])}


def test_same_organisations_and_countries_without_shared(inputs: dict[str, Path]) -> None:
    with_shared = _run(inputs, "repo", None)
    alone = _run(inputs, "copy", inputs["copy"])
    assert all(Path(p).is_relative_to(ROOT) for p in with_shared["where"])
    assert all(Path(p).is_relative_to(inputs["copy"]) for p in alone["where"])
    assert with_shared["edges"] and with_shared["pdf"]
    assert {r["country"] for r in with_shared["orgs"]} - {None}
    assert alone["orgs"] == with_shared["orgs"]
    assert alone["edges"] == with_shared["edges"]
    assert alone["pdf"] == with_shared["pdf"]
    assert all(key and country for key, country in with_shared["matched"])
    assert alone["matched"] == with_shared["matched"]
