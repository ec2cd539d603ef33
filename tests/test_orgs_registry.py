"""ROR loaders: the official dump shapes (JSON v1/v2, CSV, zip), the 2021 names file, bad lines."""

from __future__ import annotations

import csv
import gzip
import json
import logging
import zipfile
from pathlib import Path

import pytest

from tracker.orgs.matcher import Matcher
from tracker.orgs.registry import LoadStats, Registry, iter_ror, load_registry

NAMES_2021 = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ror" / "names-2021"

V1 = {"id": "https://ror.org/00f54p054", "name": "Stanford University", "status": "active",
      "aliases": ["Leland Stanford Junior University"], "acronyms": ["SU"], "types": ["Education"],
      "labels": [{"label": "Universidad Stanford", "iso639": "es"}],
      "country": {"country_code": "US", "country_name": "United States"},
      "addresses": [{"city": "Stanford"}], "links": ["https://www.stanford.edu"]}
V2 = {"id": "https://ror.org/03cve4549", "status": "active", "types": ["education", "funder"],
      "names": [{"value": "Tsinghua University", "types": ["ror_display", "label"], "lang": "en"},
                {"value": "清华大学", "types": ["label"], "lang": "zh"},
                {"value": "THU", "types": ["acronym"], "lang": None}],
      "locations": [{"geonames_details": {"country_code": "CN", "country_name": "China", "name": "Beijing"}}],
      "domains": ["tsinghua.edu.cn"]}
WITHDRAWN = {"id": "https://ror.org/0000000xx", "name": "Gone Institute", "status": "withdrawn",
             "country": {"country_code": "FR"}, "types": ["Facility"]}


def test_json_v1_and_v2_records(tmp_path: Path) -> None:
    path = tmp_path / "ror.json"
    path.write_text(json.dumps([V1, V2, WITHDRAWN]))
    stats = LoadStats()
    entries = {e.name: e for e in iter_ror(path, stats)}
    assert stats.loaded == 2 and stats.skipped == 1  # the withdrawn record
    su = entries["Stanford University"]
    assert (su.key, su.country, su.type, su.city) == ("ror:00f54p054", "US", "education", "Stanford")
    assert "Universidad Stanford" in su.aliases and su.acronyms == ["SU"] and su.domains == ["stanford.edu"]
    thu = entries["Tsinghua University"]
    assert (thu.country, thu.acronyms, thu.domains) == ("CN", ["THU"], ["tsinghua.edu.cn"])
    assert "清华大学" in thu.aliases


def test_official_zip_dump_prefers_schema_v2(tmp_path: Path) -> None:
    path = tmp_path / "v1.50-2024-07-29-ror-data.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("v1.50-2024-07-29-ror-data.json", json.dumps([V1]))
        zf.writestr("v1.50-2024-07-29-ror-data_schema_v2.json", json.dumps([V2]))
    assert [e.name for e in iter_ror(path)] == ["Tsinghua University"]


def test_csv_v2_columns(tmp_path: Path) -> None:
    path = tmp_path / "ror.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "names.types.ror_display", "names.types.alias", "names.types.acronym", "names.types.label",
                    "locations.geonames_details.country_code", "types", "status", "domains"])
        w.writerow(["https://ror.org/01an7q238", "University of California, Berkeley*en", "UC Berkeley*en",
                    "UCB", "", "US", "education", "active", "berkeley.edu"])
        w.writerow(["https://ror.org/bad", "", "", "", "", "", "", "active", ""])  # no name: skipped
    stats = LoadStats()
    entries = list(iter_ror(path, stats))
    assert (stats.loaded, stats.skipped) == (1, 1)
    assert entries[0].name == "University of California, Berkeley" and entries[0].aliases == ["UC Berkeley"]
    assert entries[0].acronyms == ["UCB"] and entries[0].country == "US"


def test_jsonl_with_bad_lines_is_read_with_a_logged_skip_count(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "orgs.jsonl.gz"
    lines = [json.dumps({"name": "University of Andorra", "country_code": "AD", "types": ["Education"]}),
             "{not json", "", "[1, 2]", json.dumps({"country_code": "FR"}),  # no name
             json.dumps({"name": "Hong Kong Baptist University", "country_code": "CN", "types": ["Education"]}),
             "\x00\xff garbage"]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    reg = Registry()
    with caplog.at_level(logging.WARNING, logger="tracker.orgs.registry"):
        stats = reg.load_ror(path)
    assert (stats.loaded, stats.skipped) == (2, 4)
    assert "skipped 4 bad records" in caplog.text
    # the 2021 files list Hong Kong under CN; ISO 3166 gives it its own code
    assert reg.get("hong-kong-baptist-university").country == "HK"  # type: ignore[union-attr]


def test_truncated_json_array_falls_back_to_lines(tmp_path: Path) -> None:
    path = tmp_path / "ror.json"
    path.write_text("[\n" + json.dumps(V1) + ",\n" + json.dumps(V2)[:40] + "\n")
    stats = LoadStats()
    assert [e.name for e in iter_ror(path, stats)] == ["Stanford University"]
    assert stats.skipped == 1


def test_missing_dump_gives_curated_labs_only(tmp_path: Path) -> None:
    reg = load_registry(tmp_path / "nope.zip")
    assert reg.get("deepseek") is not None and len(reg) >= 80
    assert all(e.curated for e in reg.entries.values())


def test_curated_labs_have_known_countries() -> None:
    reg = load_registry(with_ror=False)
    expect = {"deepseek": "CN", "google-deepmind": "GB", "mistral-ai": "FR", "moonshot-ai": "CN", "zhipu-ai": "CN",
              "01-ai": "CN", "tii": "AE", "allen-ai": "US", "cohere": "CA", "openai": "US", "meta": "US"}
    assert {k: reg.get(k).country for k in expect} == expect  # type: ignore[union-attr]


@pytest.mark.skipif(not NAMES_2021.exists(), reason=f"shared data not found at {NAMES_2021}")
def test_names_2021_loads_every_record_and_matches() -> None:
    reg = load_registry(NAMES_2021)
    assert reg.stats[str(NAMES_2021)].loaded == 100_467 and reg.stats[str(NAMES_2021)].skipped == 0
    m = Matcher(reg)
    res = m.match("Department of Pharmacology, Qazvin University of Medical Sciences, Qazvin, Iran.")
    assert (res.name, res.country) == ("Qazvin University of Medical Sciences", "IR")
