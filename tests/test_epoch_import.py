"""``sotagraph import epoch``: Epoch AI's real files (../shared/data/epoch-benchmarks) into both stores, reruns,
a changed value, corrupt and truncated files, the loopback download, and the dashboard page against Cypher."""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED_DATA, make_store, run_cli

from graph.cypher import curated as cq
from tracker.curated import lags
from tracker.curated.epoch import EpochFormatError, import_epoch, load
from tracker.curated.names import KeyIndex, resolve, split_version

EPOCH = SHARED_DATA / "epoch-benchmarks"
ECI_CSV = EPOCH / "data" / "website" / "epoch_capabilities_index.csv"
APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
pytestmark = pytest.mark.usefixtures("shared_data")


def _eci_rows() -> list[dict[str, str]]:
    with ECI_CSV.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _zip_of(folder: Path, dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(folder).as_posix())
    return dst


# ---- names -----------------------------------------------------------------------------------
def _paper_key(name: str) -> str:
    """The key extraction gives a name written in a paper (the identity resolver, else the mention grammar)."""
    try:
        from tracker.extract.identity import resolve as identity_resolve
    except ImportError:
        from tracker.extract.models import find_mentions

        return find_mentions(name)[0].key
    ident = identity_resolve(name)
    assert ident is not None, name
    return ident.key


@pytest.mark.parametrize(("version_id", "paper_name", "setting"), [
    ("gpt-5-2025-08-07_high", "GPT-5", ["reasoning effort high", "snapshot 2025-08-07"]),
    ("claude-3-5-sonnet-20241022", "Claude 3.5 Sonnet", ["snapshot 20241022"]),
    ("claude-opus-4-1-20250805_16K", "Claude Opus 4.1", ["thinking budget 16K", "snapshot 20250805"]),
    ("chutes/DeepSeek-R1-0528", "DeepSeek-R1-0528", ["served by chutes"]),
    ("Meta-Llama-3-70B-Instruct", "Llama-3-70B-Instruct", []),
    ("o3-mini-2025-01-31_medium", "o3-mini", ["reasoning effort medium", "snapshot 2025-01-31"]),
    ("Qwen2.5-Coder-32B-Instruct", "Qwen2.5-Coder-32B-Instruct", []),
])
def test_epoch_version_ids_meet_the_keys_papers_make(version_id: str, paper_name: str, setting: list[str]) -> None:
    r = resolve(version_id, KeyIndex([]))
    assert (r.key, r.version.setting_parts()) == (_paper_key(paper_name), setting)


def test_an_existing_key_is_reused_never_duplicated() -> None:
    """A paper wrote "Llama 2 7B" (key llama-2-7b); Epoch's "Llama-2-7b" lands on it, and a loose spelling
    of a stored key ("qwen-2.5-7b-instruct" vs the store's "qwen2.5-7b-instruct") is reused too."""
    index = KeyIndex(["llama-2-7b", "qwen2.5-7b-instruct"])
    assert resolve("Llama-2-7b", index).key == "llama-2-7b" and resolve("Llama-2-7b", index).matched
    assert resolve("qwen-2.5-7b-instruct", index).key == "qwen2.5-7b-instruct"
    assert split_version("QwQ-32B (16K thinking)").name == "QwQ-32B"
    # folding separators must not join numbers: LLaMA 33B is not Llama 3 3B
    assert not resolve("LLaMA-33B", KeyIndex(["llama-3-3b"])).matched
    assert resolve("gemini-1.5-flash-002", KeyIndex(["gemini-1.5-flash"])).key == "gemini-1.5-flash"


# ---- the import on the real files ------------------------------------------------------------
def _store_path(home: Path) -> Path:
    from tracker.config import load_settings

    return load_settings(home=home, graph="embedded").store_path


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """One embedded home with the real files imported once (the other tests copy it)."""
    from graph.embedded import EmbeddedStore

    if not SHARED_DATA.is_dir():
        pytest.skip("no shared data")
    home = tmp_path_factory.mktemp("epoch") / "home"
    with EmbeddedStore(_store_path(home)) as s:
        summary = import_epoch(s, EPOCH)
    return home, summary


def _copy_home(imported: tuple[Path, Any], tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(imported[0], home)
    return home


def _check_import(store: Any, first: Any) -> None:
    eci_scored = [r for r in _eci_rows() if r["ECI Score"].strip()]
    assert first.results_added > 2000 and first.bad_rows == 0
    assert first.versions >= len(_eci_rows())
    eci = store.read_named(cq.eci_results())
    assert len(eci) == len(eci_scored)  # one ECI result per Epoch version with a score
    gpt5 = next(r for r in eci if "gpt-5-2025-08-07_high" in r["setting"])
    want = next(float(r["ECI Score"]) for r in eci_scored if r["Model version"] == "gpt-5-2025-08-07_high")
    assert gpt5["model"] == "gpt-5" and abs(gpt5["value"] - want) < 1e-6 and gpt5["is_open"] is False
    facts = {r["key"]: r for r in store.read_named(cq.epoch_models())}
    assert facts["gpt-5"]["accessibility"] == "api" and facts["gpt-5"]["accessibility_source"] == "epoch"
    assert facts["gpt-oss-120b"]["is_open"] is True and facts["gpt-oss-120b"]["countries"] == ["US"]
    assert facts["deepseek-v3"]["countries"] == ["CN"] and facts["deepseek-v3"]["origin"] == "epoch"
    dev = store.read_named(cq.developed_by_pairs(), {"rows": [{"from": "gpt-5", "to": "openai"}]})
    assert dev == [{"src": "gpt-5", "dst": "openai", "source": "epoch"}]
    assert store.counts()["relationships"]["REPORTS"] == 0  # curated results belong to no paper
    sources = {(r["source"], r["self_reported"]): r for r in store.read_named(cq.curated_summary())}
    assert ("epoch", False) in sources and ("Aider LLM Leaderboards", False) in sources
    # a developer's own report, as Epoch cites it, is not an independent score
    assert ("Qwen Technical Report", True) in sources and ("Qwen Technical Report", False) in sources


def _rerun_is_a_no_op(store: Any, first: Any) -> None:
    before = store.dump()
    again = import_epoch(store, EPOCH)
    assert (again.results_added, again.results_updated, again.models_added, again.models_updated) == (0, 0, 0, 0)
    assert again.results_unchanged == first.results_added and again.versions_matched > 0.95 * again.versions
    assert store.dump() == before


def test_real_files_import_idempotently_with_curated_facts(imported: tuple[Path, Any], tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    with EmbeddedStore(_store_path(_copy_home(imported, tmp_path))) as store:
        _check_import(store, imported[1])
        _rerun_is_a_no_op(store, imported[1])


@pytest.mark.neo4j
def test_real_files_import_idempotently_on_neo4j(imported: tuple[Path, Any], tmp_path: Path) -> None:
    """Neo4j: the same facts, a no-op rerun, and the same graph as the embedded store."""
    from graph.embedded import EmbeddedStore

    store = make_store("neo4j", tmp_path)
    try:
        first = import_epoch(store, EPOCH)
        _check_import(store, first)
        _rerun_is_a_no_op(store, first)
        with EmbeddedStore(_store_path(imported[0]), read_only=True) as embedded:
            assert store.dump() == embedded.dump()
    finally:
        store.close()


def test_a_zip_loads_like_the_folder(imported: tuple[Path, Any], tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    with EmbeddedStore(_store_path(tmp_path / "zip-home")) as zip_store:
        import_epoch(zip_store, _zip_of(EPOCH, tmp_path / "epoch.zip"))
        with EmbeddedStore(_store_path(imported[0]), read_only=True) as folder_store:
            assert zip_store.dump() == folder_store.dump()


def _edited_copy(tmp_path: Path, version: str, new_value: str) -> Path:
    copy = tmp_path / "epoch-copy"
    shutil.copytree(EPOCH, copy)
    path = copy / "data" / "website" / "epoch_capabilities_index.csv"
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    col = rows[0].index("ECI Score")
    hit = [r for r in rows if r and r[0] == version]
    assert len(hit) == 1
    hit[0][col] = new_value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return copy


def test_a_changed_value_updates_in_place_and_is_logged(imported: tuple[Path, Any], tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    from graph.embedded import EmbeddedStore

    with EmbeddedStore(_store_path(_copy_home(imported, tmp_path))) as store:
        n_results = store.counts()["nodes"]["Result"]
        changed = _edited_copy(tmp_path, "gpt-5-2025-08-07_high", "151.5")
        with caplog.at_level(logging.INFO, logger="tracker.curated.epoch"):
            summary = import_epoch(store, changed)
        assert (summary.results_updated, summary.results_added) == (1, 0)
        assert store.counts()["nodes"]["Result"] == n_results
        gpt5 = [r for r in store.read_named(cq.eci_results()) if "gpt-5-2025-08-07_high" in r["setting"]]
        assert len(gpt5) == 1 and gpt5[0]["value"] == 151.5
        assert any("gpt-5 on eci" in m and "-> 151.5" in m for m in caplog.messages)
        assert "updated 1" in summary.line()


def test_bad_rows_are_counted_named_and_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from graph.embedded import EmbeddedStore

    bad = _edited_copy(tmp_path, "gpt-5-2025-08-07_high", "n/a")
    with EmbeddedStore(_store_path(tmp_path / "home")) as store:
        with caplog.at_level(logging.WARNING):
            summary = import_epoch(store, bad)
        assert summary.bad_rows == 1
        named = [m for m in caplog.messages if m.startswith("bad row:")]
        assert len(named) == 1 and "gpt-5-2025-08-07_high: ECI score is not a number ('n/a')" in named[0]
        assert not [r for r in store.read_named(cq.eci_results()) if "gpt-5-2025-08-07_high" in r["setting"]]
        assert summary.results_added > 2000


# ---- malformed input: one line, non-zero exit, nothing written -------------------------------
def _truncated_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "truncated"
    shutil.copytree(EPOCH, copy)
    runs = copy / "data" / "benchmarks_runs.csv"
    data = runs.read_bytes()
    runs.write_bytes(data[: len(data) // 2])  # a download cut off mid-row
    return copy


def _corrupt_zip(tmp_path: Path) -> Path:
    good = _zip_of(EPOCH, tmp_path / "good.zip").read_bytes()
    bad = tmp_path / "corrupt.zip"
    bad.write_bytes(good[: len(good) * 2 // 3])
    return bad


def _garbled_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "garbled"
    shutil.copytree(EPOCH, copy)
    target = copy / "data" / "external_benchmark_mmlu.csv"
    target.write_bytes(target.read_bytes()[:400] + b"\xff\xfe\x00garbage\x00" + target.read_bytes()[400:])
    return copy


@pytest.mark.parametrize("make_bad", [_truncated_copy, _corrupt_zip, _garbled_copy])
def test_malformed_files_fail_in_one_line_and_write_nothing(make_bad: Any, imported: tuple[Path, Any],
                                                            tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    bad = make_bad(tmp_path)
    with pytest.raises(EpochFormatError):
        load(bad)
    home = _copy_home(imported, tmp_path)
    with EmbeddedStore(_store_path(home), read_only=True) as s:
        before, runs = s.dump(), len(s.last_runs(100))
    res = run_cli("import", "epoch", str(bad), env={"SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "embedded"})
    assert res.returncode != 0
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "nothing was written" in errors[0] and "Traceback" not in res.stderr
    with EmbeddedStore(_store_path(home), read_only=True) as s:
        assert s.dump() == before and len(s.last_runs(100)) == runs


# ---- nightly: a URL fetched over loopback -----------------------------------------------------
@pytest.fixture
def zip_server(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "www"
    root.mkdir()
    _zip_of(EPOCH, root / "epoch-benchmarks.zip")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_nightly_imports_from_url_over_loopback_and_a_missing_url_fails_cleanly(
        zip_server: str, tmp_path: Path, snapshot_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT, write_subset

    from graph.embedded import EmbeddedStore

    home = tmp_path / "home"
    env = {**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": "embedded",
           "SOTAGRAPH_SNAPSHOT": str(write_subset(snapshot_path, tmp_path / "day.jsonl.gz", 20)),
           "SOTAGRAPH_EPOCH_URL": f"{zip_server}/epoch-benchmarks.zip", "SOTAGRAPH_FULLTEXT": "0"}
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "nightly_ingest.py"), "--no-embed", "--no-extract"], env=env,
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "epoch import finished with exit code 0" in (home / "logs" / "nightly.log").read_text()
    with EmbeddedStore(_store_path(home), read_only=True) as s:
        assert s.count_papers() == 20
        assert len(s.read_named(cq.eci_results())) == sum(1 for r in _eci_rows() if r["ECI Score"].strip())
    env["SOTAGRAPH_EPOCH_URL"] = f"{zip_server}/missing.zip"
    res = run_cli("import", "epoch", env=env)
    assert res.returncode == 1 and "HTTP 404" in res.stderr and "Traceback" not in res.stderr


# ---- the dashboard page, checked against Cypher ----------------------------------------------
@pytest.fixture(scope="module")
def dash_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DeepSeek-V3 report (its tables compare DeepSeek, Qwen, Llama, GPT-4o, Claude) and Epoch's data,
    imported after the paper so Epoch's names meet the keys the paper made."""
    from devsupport.devdata import ingest_pdf_papers

    from graph.embedded import EmbeddedStore

    if not SHARED_DATA.is_dir():
        pytest.skip("no shared data")
    root = tmp_path_factory.mktemp("independent")
    pdfs = root / "pdfs"
    pdfs.mkdir()
    (pdfs / "deepseek-v3_2412.19437.pdf").symlink_to(SHARED_DATA / "pdfs" / "deepseek-v3_2412.19437.pdf")
    home = root / "home"
    with EmbeddedStore(_store_path(home)) as store:
        assert ingest_pdf_papers(store, pdfs) == 1
        import_epoch(store, EPOCH)
    return home


def test_independent_page_numbers_match_cypher(dash_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from graph.embedded import EmbeddedStore

    with EmbeddedStore(_store_path(dash_home), read_only=True) as s:
        pairs = s.read_named(cq.self_vs_independent())
        eci = s.read_named(cq.eci_results())
        by_lab = s.read_named(cq.self_vs_independent_by_lab())
    assert pairs, "the DeepSeek tables and Epoch share models and benchmarks"
    monkeypatch.setenv("SOTAGRAPH_HOME", str(dash_home))
    monkeypatch.setenv("SOTAGRAPH_GRAPH", "embedded")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/independent.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Comparisons"] == f"{len(pairs):,}"
    oc, us = lags.open_closed_lag(eci), lags.us_china_lag(eci)
    assert shown["Open weights vs closed: lag at the newest step (months)"] == f"{oc.latest_lag:.1f}"
    assert shown["Open weights vs closed: n (leading / trailing)"] == f"{oc.n_leading} / {oc.n_trailing}"
    assert shown["China vs US: median lag, last 12 months"] == f"{us.median_lag_12m:.1f}"
    assert shown["China vs US: Epoch's published lag (months)"] == "7 (4–14)"
    table = next(d.value for d in at.dataframe if "independent_value" in d.value.columns)
    assert len(table) == len(pairs)
    if by_lab:
        labs_df = next(d.value for d in at.dataframe if "mean_difference" in d.value.columns)
        assert list(labs_df["n"]) == [r["n"] for r in by_lab]
