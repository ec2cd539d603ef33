"""The write plan: what a batch of papers and extractions does to the graph, as data.

One pure function (:func:`plan_write`) turns rows and the versions already stored into an ordered
list of operations; each backend only implements the primitives of :class:`Writer` (look up keys,
upsert nodes, add edges, delete a paper's owned edges) and runs :func:`apply` inside one
transaction. So the two backends cannot drift apart in what they write, only in how.

Organisations are resolved before the write: callers pass ``orgs`` (key -> name, aliases, type,
ror_id, country, country_name, parent) built by the extraction layer; the graph layer never reaches
into curated knowledge itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

from graph.entities import PaperExtraction
from graph.records import PaperRecord
from graph.rows import ExtractionRows, Row, dedupe_latest, extraction_rows, paper_rows
from graph.schema import NODE_BY_LABEL

Mode = Literal["replace", "coalesce", "create_missing"]
"""``replace``: set every property; ``coalesce``: a null never overwrites a stored value;
``create_missing``: create new keys only, leave existing nodes untouched (authors, categories)."""

ORG_PROPS = ("name", "aliases", "type", "ror_id", "country")
MODEL_PROPS = ("name", "family", "params_b", "accessibility", "is_open", "release_date", "license", "developer")
BENCH_PROPS = ("name", "aliases", "task", "domain", "metric", "higher_is_better")


def props_of(label: str) -> tuple[str, ...]:
    """Every schema property of a label but its key (what a full replace sets)."""
    node = NODE_BY_LABEL[label]
    return tuple(p for p, _ in node.properties if p != node.key)


def extra_props(label: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """``known`` plus any schema property added later (so new columns are written without a code change)."""
    return known + tuple(p for p in props_of(label) if p not in known)


@dataclass(frozen=True)
class DeleteOwned:
    """Delete the edges of ``rel`` owned by the papers ``ids`` (they are rewritten in this plan)."""
    rel: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class DeleteResults:
    """Delete the papers' ``Result`` nodes (re-extracted papers get theirs anew)."""
    ids: tuple[str, ...]


@dataclass(frozen=True)
class DeleteAuthorLinks:
    """Delete the ``WORKS_AT`` edges recorded from the papers ``ids``."""
    ids: tuple[str, ...]


@dataclass(frozen=True)
class UpsertNodes:
    label: str
    rows: tuple[Row, ...]
    props: tuple[str, ...]
    mode: Mode
    count_as: str | None = None
    """The :class:`WriteCounts` field that takes the number of nodes created."""
    existing: frozenset[str] | None = None
    """Keys known to exist already (the plan read them), so the backend need not look them up."""


@dataclass(frozen=True)
class AddEdges:
    """Edges between existing nodes. ``only_missing`` edges (global facts such as ``LOCATED_IN``)
    are created once per pair; owned edges were deleted first, so they are simply created."""
    rel: str
    rows: tuple[Row, ...]
    only_missing: bool = False


Op = DeleteOwned | DeleteResults | DeleteAuthorLinks | UpsertNodes | AddEdges


@dataclass
class WriteCounts:
    papers_new: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    authors_new: int = 0
    authorships: int = 0
    extractions: int = 0

    def add(self, other: WriteCounts) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)


@dataclass
class WritePlan:
    ops: list[Op] = field(default_factory=list)
    counts: WriteCounts = field(default_factory=WriteCounts)


class Writer(Protocol):
    """The primitives a backend implements, all inside one open transaction."""

    def versions(self, ids: Sequence[str]) -> dict[str, int]: ...

    def paper_authors(self, arxiv_id: str) -> list[str]: ...

    def upsert_nodes(self, label: str, rows: Sequence[Row], props: tuple[str, ...], mode: Mode,
                     existing: frozenset[str] | None = None) -> int:
        """Upsert by key; returns how many nodes were created. ``existing``: keys known to be stored."""
        ...

    def add_edges(self, rel: str, rows: Sequence[Row], *, only_missing: bool) -> None: ...

    def delete(self, op: DeleteOwned | DeleteResults | DeleteAuthorLinks) -> None: ...


OrgTable = Mapping[str, Mapping[str, Any]]


def _sorted(rows: Mapping[str, Row]) -> tuple[Row, ...]:
    return tuple(rows[k] for k in sorted(rows))


def plan_papers(records: Sequence[PaperRecord], have: Mapping[str, int], run_id: str | None = None) -> WritePlan:
    """New papers are created, newer versions replace the stored paper and its owned edges; both are
    stamped with the writing run's id (``Paper.ingest_run``) when one is given."""
    plan = WritePlan()
    new = [r for r in records if r.arxiv_id not in have]
    changed = [r for r in records if r.arxiv_id in have and r.version > have[r.arxiv_id]]
    plan.counts.papers_new, plan.counts.papers_updated = len(new), len(changed)
    plan.counts.papers_unchanged = len(records) - len(new) - len(changed)
    rows = paper_rows(new + changed)
    if run_id is not None:
        for row in rows.papers:
            row["ingest_run"] = run_id
    if changed:
        ids = tuple(r.arxiv_id for r in changed)
        plan.ops += [DeleteOwned("AUTHORED", ids), DeleteOwned("IN_CATEGORY", ids)]
    plan.ops += [
        UpsertNodes("Paper", tuple(rows.papers), props_of("Paper"), "replace",
                    existing=frozenset(r.arxiv_id for r in changed)),
        UpsertNodes("Author", _sorted(rows.authors), ("name",), "create_missing", count_as="authors_new"),
        UpsertNodes("Category", _sorted(rows.categories), ("name",), "create_missing"),
        AddEdges("AUTHORED", tuple(rows.authored)),
        AddEdges("IN_CATEGORY", tuple(rows.in_category)),
    ]
    plan.counts.authorships = len(rows.authored)
    return plan


def plan_extraction_rows(ext: ExtractionRows, reextracted: Sequence[str]) -> list[Op]:
    """A re-extracted paper's results and owned edges are replaced; shared nodes are coalesced."""
    ops: list[Op] = []
    if reextracted:
        ids = tuple(reextracted)
        ops.append(DeleteResults(ids))
        ops += [DeleteOwned(rel, ids) for rel in ("INTRODUCES", "EVALUATES", "AFFILIATED_WITH",
                                                   "MENTIONS_AFFILIATION")]
        ops.append(DeleteAuthorLinks(ids))
    for label, rows, props in (("Country", ext.countries, ("name",)),
                               ("Organization", ext.organizations, extra_props("Organization", ORG_PROPS)),
                               ("Model", ext.models, extra_props("Model", MODEL_PROPS)),
                               ("Benchmark", ext.benchmarks, extra_props("Benchmark", BENCH_PROPS)),
                               ("Affiliation", ext.affiliations, ("text",))):
        if rows:
            ops.append(UpsertNodes(label, _sorted(rows), props, "coalesce"))
    ops.append(UpsertNodes("Result", tuple(ext.results.values()), props_of("Result"), "replace"))
    for rel, edge_rows in (("INTRODUCES", ext.introduces), ("EVALUATES", ext.evaluates), ("REPORTS", ext.reports),
                           ("OF_MODEL", ext.of_model), ("ON_BENCHMARK", ext.on_benchmark),
                           ("AFFILIATED_WITH", ext.affiliated_with), ("WORKS_AT", ext.works_at),
                           ("MENTIONS_AFFILIATION", ext.mentions)):
        ops.append(AddEdges(rel, tuple(edge_rows)))
    for rel, pairs in (("DEVELOPED_BY", ext.developed_by), ("BASED_ON", ext.based_on),
                       ("LOCATED_IN", ext.located_in), ("PART_OF", ext.part_of)):
        ops.append(AddEdges(rel, tuple({"from": a, "to": b} for a, b in sorted(pairs)), only_missing=True))
    return ops


def plan_write(records: Sequence[PaperRecord], extractions: Sequence[PaperExtraction], have: Mapping[str, int],
               authors_of: Mapping[str, list[str]], orgs: OrgTable | None = None, run_id: str | None = None
               ) -> WritePlan:
    """The whole batch: papers first, then the extractions of papers that exist after it.

    ``records`` are deduplicated already; ``have`` maps stored ids to versions; ``authors_of`` holds
    the author names of every paper with an extraction (for author-level links).
    """
    plan = plan_papers(records, have, run_id)
    known = set(have) | {r.arxiv_id for r in records}
    items = [e for e in extractions if e.arxiv_id in known]
    if items:
        table = orgs or {}
        ext = extraction_rows(items, dict(authors_of), table.get if orgs is not None else None,
                              {v["country"]: v["country_name"] for v in table.values()
                               if v.get("country") and v.get("country_name")})
        plan.ops += plan_extraction_rows(ext, [e.arxiv_id for e in items if e.arxiv_id in have])
        plan.counts.extractions = len(items)
    return plan


def apply(plan: WritePlan, writer: Writer) -> WriteCounts:
    """Run the plan's operations in order through the backend's primitives."""
    counts = plan.counts
    for op in plan.ops:
        if isinstance(op, UpsertNodes):
            if op.rows:
                created = writer.upsert_nodes(op.label, op.rows, op.props, op.mode, op.existing)
                if op.count_as:
                    setattr(counts, op.count_as, created)
        elif isinstance(op, AddEdges):
            if op.rows:
                writer.add_edges(op.rel, op.rows, only_missing=op.only_missing)
        elif op.ids:
            writer.delete(op)
    return counts


def write_batch(writer: Writer, records: Sequence[PaperRecord], extractions: Sequence[PaperExtraction],
                orgs: OrgTable | None = None, run_id: str | None = None) -> WriteCounts:
    """Read what the plan needs through ``writer``, plan, apply: the body of every backend's batch
    transaction (so a Neo4j retry redoes it whole)."""
    records = dedupe_latest(records)
    have = writer.versions([r.arxiv_id for r in records]) if records else {}
    authors_of = {r.arxiv_id: list(r.authors) for r in records}
    known = set(have) | set(authors_of)
    for e in extractions:
        if e.arxiv_id in known and e.arxiv_id not in authors_of:
            authors_of[e.arxiv_id] = writer.paper_authors(e.arxiv_id)
    return apply(plan_write(records, extractions, have, authors_of, orgs, run_id), writer)


Resolver = Callable[[Sequence[PaperExtraction]], OrgTable]
"""Builds the organisation table of a batch's extractions (the extraction layer supplies it)."""
