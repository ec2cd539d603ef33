"""The graph store contract: the same test bodies against the embedded store and a real Neo4j.

``any_store`` (conftest) gives a fresh empty store of each backend; the Neo4j half runs against the
server ``NEO4J_URI`` points at (``.ci/run`` starts one with ``scripts/neo4j_local.sh``).
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from graph.store import (
    GraphStore,
    IngestRunInfo,
    QuerySyntaxError,
    QueryTimeout,
    ReadOnlyViolation,
)
from tests.conftest import make_store
from tracker.entities import (
    ExtractedBenchmark,
    ExtractedModel,
    ExtractedOrganization,
    ExtractedResult,
    PaperExtraction,
)
from tracker.records import PaperRecord, author_key
from tracker.sources.snapshot import SnapshotSource


@pytest.fixture(scope="module")
def real_records(snapshot_path: Path) -> list[PaperRecord]:
    """The first 300 papers of the real snapshot."""
    return list(islice(SnapshotSource(snapshot_path), 300))


def _paper(arxiv_id: str = "2501.00001", version: int = 1, **kw: Any) -> PaperRecord:
    base: dict[str, Any] = {
        "arxiv_id": arxiv_id, "version": version, "title": f"A paper {arxiv_id}v{version}",
        "abstract": "We study things.", "authors": ["Ada Lovelace", "Alan Turing"], "categories": ["cs.LG", "cs.AI"],
        "published": date(2025, 1, 2), "updated": date(2025, 1, 2 + version),
    }
    return PaperRecord(**{**base, **kw})


def _extraction(arxiv_id: str, *, value: float = 66.6, org_country: str = "US") -> PaperExtraction:
    return PaperExtraction(
        arxiv_id=arxiv_id,
        models=[
            ExtractedModel(name="Llama 3 8B", key="llama-3-8b", role="introduced", family="llama", params_b=8,
                           accessibility="open_weights", is_open=True, developer="meta", base_model="llama-2-7b",
                           license="llama3", confidence=0.9),
            ExtractedModel(name="GPT-4o", key="gpt-4o", role="evaluated", family="gpt", accessibility="api"),
        ],
        results=[ExtractedResult(model="llama-3-8b", benchmark="mmlu", metric="accuracy", value=value,
                                 setting="5-shot", self_reported=True, confidence=0.8)],
        benchmarks=[ExtractedBenchmark(key="mmlu", name="MMLU", aliases=["mmlu"], task="knowledge", metric="accuracy")],
        organizations=[
            ExtractedOrganization(name="Meta AI", key="meta", country=org_country, type="company", source="arxiv",
                                  confidence=0.9, authors=[0]),
            ExtractedOrganization(name="Institute of Nowhere, Atlantis", source="pdf"),
        ],
    )


def _props(store: GraphStore, arxiv_id: str) -> dict[str, Any]:
    rows = store.papers_by_ids([arxiv_id])
    assert len(rows) == 1
    return rows[0]


# -- upserts ----------------------------------------------------------------------------------------
def test_new_papers_are_stored_with_every_field(any_store: GraphStore, real_records: list[PaperRecord]) -> None:
    counts = any_store.write_batch(real_records)
    assert counts.papers_new == len(real_records) == any_store.count_papers()
    assert counts.authorships == sum(len(r.authors) for r in real_records)
    rec = real_records[7]
    got = _props(any_store, rec.arxiv_id)
    assert got["title"] == rec.title and got["abstract"] == rec.abstract and got["version"] == rec.version
    assert got["published"] == rec.published and isinstance(got["published"], date)
    assert list(got["categories"]) == rec.categories and got["primary_category"] == rec.categories[0]
    assert [a["name"] for a in any_store.paper_authors(rec.arxiv_id)] == rec.authors
    assert any_store.counts()["nodes"]["Author"] == len({author_key(a) for r in real_records for a in r.authors})


def test_writing_the_same_batch_twice_changes_nothing(any_store: GraphStore, real_records: list[PaperRecord]) -> None:
    any_store.write_batch(real_records[:100], [_extraction(real_records[0].arxiv_id)])
    before = any_store.dump()
    again = any_store.write_batch(real_records[:100], [_extraction(real_records[0].arxiv_id)])
    assert (again.papers_new, again.papers_updated, again.papers_unchanged) == (0, 0, 100)
    assert again.authors_new == 0
    assert any_store.dump() == before


def test_new_version_updates_in_place_and_replaces_authors_and_categories(any_store: GraphStore) -> None:
    any_store.write_batch([_paper(version=1)])
    counts = any_store.write_batch([_paper(version=2, title="Renamed", authors=["Grace Hopper", "Alan Turing"],
                                           categories=["cs.CL"])])
    assert (counts.papers_new, counts.papers_updated) == (0, 1)
    got = _props(any_store, "2501.00001")
    assert (got["version"], got["title"], list(got["categories"])) == (2, "Renamed", ["cs.CL"])
    assert [(a["name"], a["position"]) for a in any_store.paper_authors("2501.00001")] == [
        ("Grace Hopper", 0), ("Alan Turing", 1)]
    assert any_store.count_papers() == 1
    rels = any_store.counts()["relationships"]
    assert (rels["AUTHORED"], rels["IN_CATEGORY"]) == (2, 1)
    # Ada's Author node stays (authors are shared), only the edge went.
    assert any_store.counts()["nodes"]["Author"] == 3


def test_an_older_or_equal_version_is_left_alone(any_store: GraphStore) -> None:
    any_store.write_batch([_paper(version=3, title="v3")])
    counts = any_store.write_batch([_paper(version=2, title="v2"), _paper(version=3, title="v3 again")])
    assert (counts.papers_new, counts.papers_updated, counts.papers_unchanged) == (0, 0, 1)
    assert _props(any_store, "2501.00001")["title"] == "v3"


def test_a_batch_carrying_two_versions_keeps_the_latest(any_store: GraphStore) -> None:
    counts = any_store.write_batch([_paper(version=2, title="new"), _paper(version=1, title="old")])
    assert counts.papers_new == 1
    assert _props(any_store, "2501.00001")["title"] == "new"


def test_extractions_land_and_a_reextraction_replaces_them(any_store: GraphStore) -> None:
    any_store.write_batch([_paper()], [_extraction("2501.00001", value=66.6)])
    c = any_store.counts()
    assert c["nodes"]["Model"] == 3  # llama-3-8b, gpt-4o, and the base model llama-2-7b
    assert (c["nodes"]["Result"], c["nodes"]["Benchmark"], c["nodes"]["Country"]) == (1, 1, 1)
    assert (c["relationships"]["INTRODUCES"], c["relationships"]["EVALUATES"]) == (1, 1)
    assert (c["relationships"]["BASED_ON"], c["relationships"]["DEVELOPED_BY"]) == (1, 1)
    assert (c["relationships"]["WORKS_AT"], c["relationships"]["LOCATED_IN"]) == (1, 1)
    assert any_store.unresolved_affiliations() == [{"text": "Institute of Nowhere, Atlantis", "papers": 1}]
    value = "MATCH (r:Result) RETURN r.value AS v, r.setting AS s, r.self_reported AS sr"
    assert any_store.read_only_query(value).rows == [[66.6, "5-shot", True]]

    any_store.write_batch([_paper()], [_extraction("2501.00001", value=70.1)])
    c2 = any_store.counts()
    assert c2 == c  # replaced, not added
    assert any_store.read_only_query(value).rows == [[70.1, "5-shot", True]]
    model = any_store.read_only_query("MATCH (m:Model {key: 'llama-3-8b'}) RETURN m.params_b AS p, m.is_open AS o")
    assert model.rows == [[8.0, True]]


def test_extractions_of_unknown_papers_are_ignored(any_store: GraphStore) -> None:
    counts = any_store.write_batch([_paper()], [_extraction("2501.99999")])
    assert counts.extractions == 0
    assert any_store.counts()["nodes"]["Model"] == 0


# -- named reads ----------------------------------------------------------------------------------------
def test_named_reads(any_store: GraphStore) -> None:
    papers = [
        _paper("2501.00001", published=date(2025, 1, 2), categories=["cs.LG", "cs.AI"]),
        _paper("2501.00002", published=date(2025, 2, 2), categories=["cs.CV"], authors=["Ada Lovelace"]),
        _paper("2501.00003", version=2, published=date(2025, 3, 2), categories=["cs.CL", "cs.LG"]),
    ]
    any_store.write_batch(papers)
    ids = [p.arxiv_id for p in papers]
    assert any_store.paper_versions(ids) == {"2501.00001": 1, "2501.00002": 1, "2501.00003": 2}
    assert any_store.paper_versions() == any_store.paper_versions(ids)
    assert any_store.paper_versions([]) == {}
    assert [t[0] for t in sorted(any_store.paper_texts(ids))] == ids
    assert sorted(any_store.paper_texts(["2501.00002"]))[0][2:] == ("A paper 2501.00002v1", "We study things.")
    assert [p["arxiv_id"] for p in any_store.papers_by_ids(["2501.00003", "2501.00001", "nope"])] == [
        "2501.00003", "2501.00001"]
    assert any_store.filter_papers(ids, since=date(2025, 2, 1)) == {"2501.00002", "2501.00003"}
    assert any_store.filter_papers(ids, until=date(2025, 2, 2)) == {"2501.00001", "2501.00002"}
    assert any_store.filter_papers(ids, category="cs.LG") == {"2501.00001", "2501.00003"}
    assert any_store.filter_papers(ids, since=date(2025, 1, 1), until=date(2025, 12, 31), category="cs.CV") == {
        "2501.00002"}
    assert any_store.filter_papers([]) == set()
    assert any_store.newest_paper_date() == date(2025, 3, 2)
    cats = {r["category"]: (r["primary"], r["total"]) for r in any_store.category_counts()}
    assert cats == {"cs.LG": (1, 2), "cs.AI": (0, 1), "cs.CV": (1, 1), "cs.CL": (1, 1)}
    counts = any_store.counts()
    assert counts["nodes"]["Paper"] == 3 and counts["relationships"]["AUTHORED"] == 5
    stats = any_store.stats()
    assert stats["backend"] == any_store.backend and stats["newest_paper"] == "2025-03-02"


def test_watermark_moves_only_with_an_ok_run_that_has_a_window_end(any_store: GraphStore) -> None:
    assert any_store.watermark("arxiv-api") is None
    ok = IngestRunInfo(source="arxiv-api", window_from=datetime(2025, 1, 1))
    any_store.start_run(ok)
    assert any_store.watermark("arxiv-api") is None
    any_store.finish_run(ok, "ok", {"fetched": 3}, window_to=datetime(2025, 1, 2, 6, 30))
    assert any_store.watermark("arxiv-api") == datetime(2025, 1, 2, 6, 30)
    failed = IngestRunInfo(source="arxiv-api", window_from=datetime(2025, 1, 2))
    any_store.start_run(failed)
    any_store.finish_run(failed, "failed", {"fetched": 0}, "arXiv down", window_to=datetime(2025, 1, 3))
    assert any_store.watermark("arxiv-api") == datetime(2025, 1, 2, 6, 30)
    assert any_store.watermark("snapshot:x") is None
    runs = any_store.last_runs(5)
    assert {r["run_id"]: r["status"] for r in runs} == {ok.run_id: "ok", failed.run_id: "failed"}
    assert isinstance(runs[0]["started"], datetime)


def test_similar_edges_are_replaced_per_source_paper(any_store: GraphStore) -> None:
    any_store.write_batch([_paper(f"2501.0000{i}") for i in range(1, 5)])
    any_store.upsert_similar([("2501.00001", "2501.00002", 0.9, 1), ("2501.00001", "2501.00003", 0.8, 2),
                              ("2501.00002", "2501.00001", 0.9, 1), ("2501.00001", "2509.99999", 0.7, 3)])
    assert any_store.counts()["relationships"]["SIMILAR_TO"] == 3  # the unknown paper is skipped
    any_store.upsert_similar([("2501.00001", "2501.00004", 0.95, 1)])
    edges = sorted(tuple(e[:2]) for e in any_store.dump()["SIMILAR_TO"])
    assert edges == [("2501.00001", "2501.00004"), ("2501.00002", "2501.00001")]


# -- the read-only console --------------------------------------------------------------------------------
WRITES = {
    "create": "CREATE (n:Paper {arxiv_id: '2509.00001'})",
    "merge": "MERGE (n:Paper {arxiv_id: '2509.00001'})",
    "set": "MATCH (p:Paper) SET p.title = 'x'",
    "delete": "MATCH (p:Paper) DELETE p",
    "detach_delete": "MATCH (p:Paper) DETACH DELETE p",
    "remove": "MATCH (p:Paper) REMOVE p.title",
    "drop": "DROP TABLE Paper",
    "create_index": "CREATE INDEX paper_title IF NOT EXISTS FOR (p:Paper) ON (p.title)",
    "create_constraint": "CREATE CONSTRAINT c IF NOT EXISTS FOR (p:Paper) REQUIRE p.doi IS UNIQUE",
    "load_csv": "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "writing_procedure": "CALL db.createLabel('Hacked')",
    "lowercase_and_comment": "match (p:Paper) /* harmless? */ set p.title = 'x'",
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_the_console_refuses_writes(any_store: GraphStore, name: str) -> None:
    any_store.write_batch([_paper()])
    before = any_store.dump()
    with pytest.raises(ReadOnlyViolation) as err:
        any_store.read_only_query(WRITES[name])
    assert str(err.value).startswith("refused:") and "\n" not in str(err.value)
    assert any_store.dump() == before


def test_the_engine_refuses_writes_even_past_the_console_check(any_store: GraphStore,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: with the pre-check switched off, the engine's read-only transaction refuses."""
    monkeypatch.setattr("graph.console.checked_query", lambda query: query)
    any_store.write_batch([_paper()])
    with pytest.raises(ReadOnlyViolation) as err:
        any_store.read_only_query("MATCH (p:Paper) SET p.title = 'changed'")
    assert "\n" not in str(err.value)
    assert _props(any_store, "2501.00001")["title"] == "A paper 2501.00001v1"


def test_the_console_has_a_time_limit(any_store: GraphStore, real_records: list[PaperRecord]) -> None:
    any_store.write_batch(real_records)
    slow = ("MATCH (a:Paper), (b:Paper), (c:Paper), (d:Paper) "
            "WHERE a.title < b.title AND b.title < c.title AND c.title < d.title RETURN count(*) AS n")
    with pytest.raises(QueryTimeout) as err:
        any_store.read_only_query(slow, timeout_s=1)
    assert str(err.value) == "query stopped after the 1 s time limit"
    assert any_store.read_only_query("MATCH (p:Paper) RETURN count(p) AS n").rows == [[len(real_records)]]


def test_the_console_caps_rows(any_store: GraphStore, real_records: list[PaperRecord]) -> None:
    any_store.write_batch(real_records)
    res = any_store.read_only_query("MATCH (p:Paper) RETURN p.arxiv_id AS id ORDER BY id", row_cap=25)
    assert res.truncated and len(res.rows) == 25 and res.columns == ["id"]
    assert [r[0] for r in res.rows] == sorted(r.arxiv_id for r in real_records)[:25]
    full = any_store.read_only_query("MATCH (p:Paper) RETURN p.arxiv_id AS id", row_cap=len(real_records))
    assert not full.truncated and len(full.rows) == len(real_records)


def test_the_console_reports_a_syntax_error_in_one_line(any_store: GraphStore) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        any_store.read_only_query("MATCH (p:Paper RETURN p")
    assert str(err.value).startswith("query error:") and "\n" not in str(err.value)


def test_the_console_takes_parameters(any_store: GraphStore) -> None:
    any_store.write_batch([_paper("2501.00001"), _paper("2501.00002")])
    res = any_store.read_only_query("MATCH (p:Paper) WHERE p.arxiv_id = $id RETURN p.title AS t", {"id": "2501.00002"})
    assert res.records() == [{"t": "A paper 2501.00002v1"}]


# -- across backends ----------------------------------------------------------------------------------------
@pytest.mark.neo4j
def test_both_backends_store_the_same_graph(real_records: list[PaperRecord], tmp_path: Path) -> None:
    """Real papers with real extractions (plus one of every kind of fact) give identical dumps."""
    from tracker.pipeline import default_extractor

    extractor = default_extractor()
    assert extractor is not None
    extractions = [extractor(r) for r in real_records]
    extractions.append(_extraction(real_records[0].arxiv_id))
    updated = real_records[5].model_copy(update={"version": real_records[5].version + 1, "title": "Updated"})
    dumps = []
    for backend in ("embedded", "neo4j"):
        store = make_store(backend, tmp_path)
        try:
            for i in range(0, len(real_records), 120):
                batch = real_records[i:i + 120]
                ids = {r.arxiv_id for r in batch}
                store.write_batch(batch, [e for e in extractions if e.arxiv_id in ids])
            store.write_batch([updated], [_extraction(updated.arxiv_id, value=1.5, org_country="FR")])
            store.upsert_similar([(real_records[0].arxiv_id, real_records[1].arxiv_id, 0.5, 1)])
            dumps.append(store.dump())
        finally:
            store.close()
    embedded, neo4j = dumps
    assert embedded.keys() == neo4j.keys()
    for table in embedded:
        assert neo4j[table] == embedded[table], f"{table} differs between the backends"
    assert len(embedded["Paper"]) == len(real_records)
