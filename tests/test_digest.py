"""``sotagraph digest``: after two nightly runs over loopback it lists exactly what the second run brought."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from tests.conftest import ReplayServer, load_recording, run_cli
from tracker.digest import new_frontier_points, select_runs


def _page(name: str, *, bump: str | None = None) -> str:
    """A recorded search page as a whole answer (derived: ``totalResults`` set to the entries it holds, so
    the client stops after it; ``bump`` turns one paper's v1 into a v2, as arXiv serves a revision)."""
    body = load_recording(name)["body"]
    n = body.count("<entry>")
    body = re.sub(r"(<opensearch:totalResults[^>]*>)\d+(<)", rf"\g<1>{n}\g<2>", body)
    if bump:
        body = body.replace(f"{bump}v1", f"{bump}v2")
    return body


def _ids(body: str) -> list[str]:
    return [re.sub(r"v\d+$", "", i) for i in re.findall(r"<id>http://arxiv.org/abs/([^<]+)</id>", body)]


def test_digest_lists_exactly_what_the_second_run_added(replay: ReplayServer, tmp_path: Path) -> None:
    first, second = _page("q_testing_s0_m10_"), _page("q_testing_s5_m10_", bump="1202.4527")
    overlap = set(_ids(first)) & set(_ids(second))
    assert len(overlap) == 5  # the nightly windows overlap: half of the second page was already stored
    for body in (first, second):
        replay.add(search_query="*", start=0, max_results=100, answers=[(200, body, {})])
    env = {"SOTAGRAPH_HOME": str(tmp_path / "home"), "SOTAGRAPH_GRAPH": "embedded", "SOTAGRAPH_EMBED": "0",
           "SOTAGRAPH_FULLTEXT": "0", "SOTAGRAPH_ARXIV_API_URL": replay.url, "SOTAGRAPH_REQUEST_INTERVAL": "0",
           "SOTAGRAPH_PAGE_SIZE": "100"}
    for _ in range(2):
        proc = run_cli("ingest", env=env)
        assert proc.returncode == 0, proc.stderr[-1500:]
    assert not replay.unused()

    proc = run_cli("digest", "--json", env=env)
    assert proc.returncode == 0, proc.stderr[-1500:]
    out = json.loads(proc.stdout)
    # the new papers of the second page, and the one whose new version it brought; not the unchanged overlap
    want = (set(_ids(second)) - overlap) | {"1202.4527"}
    assert {p["arxiv_id"] for p in out["papers"]} == want
    assert len(out["runs"]) == 1
    assert {m["arxiv_id"] for m in out["models"]} <= want

    md = run_cli("digest", "--markdown", env=env)
    assert md.returncode == 0 and md.stdout.startswith("# sotagraph digest")
    assert all(f"[{aid}](https://arxiv.org/abs/{aid})" in md.stdout for aid in want)
    assert "2202.12139" not in md.stdout  # first run only

    both = json.loads(run_cli("digest", "--json", "--since", date.today().isoformat(), env=env).stdout)
    assert len(both["runs"]) == 2 and {p["arxiv_id"] for p in both["papers"]} == set(_ids(first)) | want

    bad = run_cli("digest", "--since", "yesterday", env=env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_digest_on_an_empty_home_says_so(tmp_path: Path) -> None:
    env = {"SOTAGRAPH_HOME": str(tmp_path / "home"), "SOTAGRAPH_GRAPH": "embedded"}
    proc = run_cli("digest", env=env)
    assert "Traceback" not in proc.stderr
    assert proc.returncode != 0 or "No successful ingest run yet" in proc.stdout


def _r(model: str, aid: str, day: str, value: float, is_open: bool | None, bench: str = "fid-coco",
       higher: bool | None = None) -> dict:
    return {"benchmark": bench, "benchmark_name": bench, "metric": "FID", "higher_is_better": higher, "model": model,
            "model_name": model, "arxiv_id": aid, "published": date.fromisoformat(day), "value": value,
            "is_open": is_open}


def test_new_points_respect_metric_direction() -> None:
    rows = [_r("a", "old1", "2025-01-01", 10.0, False), _r("b", "old2", "2025-02-01", 12.0, True),
            _r("c", "new1", "2025-03-01", 9.0, True),   # lower FID: a new state of the art, open and overall
            _r("d", "new2", "2025-03-02", 11.0, False)]  # worse than the closed best: nothing new
    sota, frontier = new_frontier_points(rows, {"new1", "new2"})
    assert [(s["model"], s["value"]) for s in sota] == [("c", 9.0)]
    assert [(f["model"], f["side"]) for f in frontier] == [("c", "open")]


def test_select_runs() -> None:
    runs = [{"run_id": "b", "started": date(2026, 3, 2)}, {"run_id": "a", "started": date(2026, 3, 1)}]
    assert [r["run_id"] for r in select_runs(runs)] == ["b"]
    assert [r["run_id"] for r in select_runs(runs, date(2026, 3, 1))] == ["b", "a"]
    assert select_runs([], None) == []
