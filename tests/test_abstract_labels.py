"""The hand-labelled abstract sample (tests/data/abstract_labels.yaml) is what it claims to be.

``benchmarks/abstract_eval.py`` measures the extractor against these labels, so the file must hold
exactly the papers drawn with the stated seeds (the random sample and the stated-facts supplement),
in draw order, and every label must be well typed.
No extractor figure is asserted here: the benchmark prints those.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "abstract_labels.yaml"
MODEL_FIELDS = {"name", "aliases", "developer", "open_weights", "params_b", "active_params_b"}
SCORE_FIELDS = {"model", "benchmark", "benchmark_aliases", "metric", "value"}
PAPER_FIELDS = {"n", "id", "title", "introduced_models", "scores", "borderline_models", "borderline_scores", "note"}


def _label_sample() -> Any:
    spec = importlib.util.spec_from_file_location("label_sample", ROOT / "benchmarks" / "label_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    with open(LABELS, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_header_states_seed_and_size(labels: dict[str, Any]) -> None:
    assert labels["seed"] == 2026
    assert labels["size"] == len(labels["papers"]) == 200
    assert labels["snapshot_lines"] == 74728
    assert [p["n"] for p in labels["papers"]] == list(range(1, 201))
    ids = [p["id"] for p in labels["papers"]]
    assert len(set(ids)) == 200


def _all_papers(labels: dict[str, Any]) -> list[dict[str, Any]]:
    return labels["papers"] + labels["supplement"]["papers"]


def test_supplement_header(labels: dict[str, Any]) -> None:
    supp = labels["supplement"]
    assert supp["seed"] == 2027 and supp["size"] == len(supp["papers"]) == 60
    assert supp["cue"] == _label_sample().STATED_CUE.pattern
    assert [p["n"] for p in supp["papers"]] == list(range(1, 61))
    ids = [p["id"] for p in supp["papers"]]
    assert len(set(ids)) == 60 and not set(ids) & {p["id"] for p in labels["papers"]}


def test_every_label_is_well_typed(labels: dict[str, Any]) -> None:
    for paper in _all_papers(labels):
        where = f"paper {paper.get('n')} {paper.get('id')}"
        assert set(paper) <= PAPER_FIELDS, where
        assert re.fullmatch(r"\d{4}\.\d{4,5}", paper["id"]), where
        assert isinstance(paper["title"], str) and paper["title"].strip(), where
        assert isinstance(paper["introduced_models"], list), where
        assert isinstance(paper["scores"], list), where
        assert isinstance(paper.get("note", ""), str), where
        for m in paper["introduced_models"] + paper.get("borderline_models", []):
            assert isinstance(m, dict) and set(m) <= MODEL_FIELDS and "name" in m, where
            assert isinstance(m["name"], str) and m["name"].strip(), where
            assert isinstance(m.get("aliases", []), list), where
            assert all(isinstance(a, str) and a.strip() for a in m.get("aliases", [])), where
            assert isinstance(m.get("developer", ""), str), where
            assert isinstance(m.get("open_weights", False), bool), where
            for size in ("params_b", "active_params_b"):
                if size in m:
                    assert isinstance(m[size], (int, float)) and not isinstance(m[size], bool), where
                    assert 0 < m[size] < 100_000, where
        for s in paper["scores"] + paper.get("borderline_scores", []):
            assert isinstance(s, dict) and set(s) <= SCORE_FIELDS, where
            assert {"model", "benchmark", "value"} <= set(s), where
            for field in ("model", "benchmark", "value"):
                assert isinstance(s[field], str) and s[field].strip(), f"{where}: {field} must be a string"
            assert isinstance(s.get("metric", ""), str), where
            assert all(isinstance(a, str) and a.strip() for a in s.get("benchmark_aliases", [])), where
            # the value as printed: a number, never a delta
            assert re.search(r"\d", s["value"]) and not s["value"].lstrip().startswith(("+", "-")), where
        # a name is either an introduced model or a borderline one, never both
        borderline = {m["name"] for m in paper.get("borderline_models", [])}
        assert not borderline & {m["name"] for m in paper["introduced_models"]}, where


@pytest.fixture(scope="module")
def lines(snapshot_path: Path) -> list[str]:
    """Every line of the real snapshot, read once for the module."""
    return _label_sample().snapshot_lines(snapshot_path.parent)


def _small_snapshot(path: Path, lines: list[str]) -> Path:
    path.mkdir()
    with gzip.open(path / "part.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(lines)
    return path


def test_ids_are_the_seeded_draw_from_the_snapshot(labels: dict[str, Any], lines: list[str]) -> None:
    sample = _label_sample()
    assert len(lines) == labels["snapshot_lines"]
    drawn = sample.draw(lines, labels["seed"], labels["size"])
    assert [o["id"] for o in drawn] == [p["id"] for p in labels["papers"]]
    for obj, paper in zip(drawn, labels["papers"], strict=True):
        assert " ".join(obj["title"].split()) == paper["title"]
    supp = labels["supplement"]
    drawn = sample.supplement(lines, labels["seed"], supp["seed"], supp["size"], labels["size"])
    assert [o["id"] for o in drawn] == [p["id"] for p in supp["papers"]]
    for obj, paper in zip(drawn, supp["papers"], strict=True):
        assert " ".join(obj["title"].split()) == paper["title"]
        assert sample.STATED_CUE.search(obj["summary"])


def test_label_sample_script_prints_the_draw(lines: list[str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The script prints the ids that ``draw`` picks (on a 2,000-line slice of the real snapshot)."""
    sample = _label_sample()
    snap = _small_snapshot(tmp_path / "snap", lines[:2000])
    assert sample.main(["--seed", "7", "--size", "5", "--snapshot", str(snap)]) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    assert printed == [o["id"] for o in sample.draw(lines[:2000], 7, 5)]


def test_label_sample_script_refuses_a_missing_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _label_sample().main(["--snapshot", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1


def _abstract_eval() -> Any:
    spec = importlib.util.spec_from_file_location("abstract_eval", ROOT / "benchmarks" / "abstract_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eval_script_reports_and_writes_misses(labels: dict[str, Any], lines: list[str], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The benchmark runs end to end on a slice of the labels (figures are printed, not asserted)."""
    small = {k: v for k, v in labels.items() if k != "supplement"}
    small["papers"] = labels["papers"][:3]
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump(small), encoding="utf-8")
    ids = {p["id"] for p in small["papers"]}
    heads = tuple(f'{{"id": "{i}"' for i in ids)
    chosen = [line for line in lines if line.startswith(heads)]
    assert len(chosen) == 3
    snap = _small_snapshot(tmp_path / "snap", chosen)
    misses = tmp_path / "misses.txt"
    code = _abstract_eval().main(["--labels", str(path), "--snapshot", str(snap),
                                  "--misses", str(misses), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "papers: 3" in out and "introduced models: precision" in out and "scores: recall" in out
    assert misses.read_text(encoding="utf-8").startswith("== random sample ==")


def test_eval_script_refuses_a_missing_label_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _abstract_eval().main(["--labels", str(tmp_path / "none.yaml"), "--misses", str(tmp_path / "m.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1
