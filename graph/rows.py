"""Records and extractions flattened into row dicts, the same for both backends (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.entities import PaperExtraction
from graph.records import PaperRecord, author_key, normalise_space
from graph.schema import CATEGORY_NAMES

Row = dict[str, Any]
OrgLookup = Callable[[str], "dict[str, Any] | None"]


def paper_row(rec: PaperRecord) -> Row:
    return {
        "arxiv_id": rec.arxiv_id, "version": rec.version, "title": rec.title, "abstract": rec.abstract,
        "published": rec.published, "updated": rec.updated, "primary_category": rec.primary_category,
        "categories": list(rec.categories), "comment": rec.comment, "journal_ref": rec.journal_ref,
        "doi": rec.doi, "pdf_url": rec.pdf_url,
    }


@dataclass
class PaperRows:
    papers: list[Row] = field(default_factory=list)
    authors: dict[str, Row] = field(default_factory=dict)
    authored: list[Row] = field(default_factory=list)
    categories: dict[str, Row] = field(default_factory=dict)
    in_category: list[Row] = field(default_factory=list)


def paper_rows(records: Iterable[PaperRecord]) -> PaperRows:
    out = PaperRows()
    for rec in records:
        out.papers.append(paper_row(rec))
        for pos, name in enumerate(rec.authors):
            key = author_key(name)
            out.authors.setdefault(key, {"key": key, "name": name})
            out.authored.append({"from": key, "to": rec.arxiv_id, "position": pos})
        for i, cat in enumerate(rec.categories):
            out.categories.setdefault(cat, {"code": cat, "name": CATEGORY_NAMES.get(cat, cat)})
            out.in_category.append({"from": rec.arxiv_id, "to": cat, "primary": i == 0})
    return out


def dedupe_latest(records: Sequence[PaperRecord]) -> list[PaperRecord]:
    """One record per id, the highest version (a batch may carry a paper twice)."""
    best: dict[str, PaperRecord] = {}
    for rec in records:
        cur = best.get(rec.arxiv_id)
        if cur is None or rec.version >= cur.version:
            best[rec.arxiv_id] = rec
    return list(best.values())


def affiliation_key(text: str) -> str:
    return hashlib.sha1(normalise_space(text).casefold().encode()).hexdigest()[:16]


@dataclass
class ExtractionRows:
    """Node rows keyed by their key (merged), and edge rows (owned by a paper, or global)."""

    models: dict[str, Row] = field(default_factory=dict)
    organizations: dict[str, Row] = field(default_factory=dict)
    countries: dict[str, Row] = field(default_factory=dict)
    benchmarks: dict[str, Row] = field(default_factory=dict)
    results: dict[str, Row] = field(default_factory=dict)
    affiliations: dict[str, Row] = field(default_factory=dict)
    introduces: list[Row] = field(default_factory=list)
    evaluates: list[Row] = field(default_factory=list)
    reports: list[Row] = field(default_factory=list)
    of_model: list[Row] = field(default_factory=list)
    on_benchmark: list[Row] = field(default_factory=list)
    affiliated_with: list[Row] = field(default_factory=list)
    works_at: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    developed_by: set[tuple[str, str]] = field(default_factory=set)
    based_on: set[tuple[str, str]] = field(default_factory=set)
    located_in: set[tuple[str, str]] = field(default_factory=set)
    part_of: set[tuple[str, str]] = field(default_factory=set)

    def paper_ids(self) -> set[str]:
        return {r["from"] for r in self.introduces + self.evaluates + self.reports + self.affiliated_with
                + self.mentions}


def _org_row(key: str, lookup: OrgLookup | None, name: str | None = None, **extra: Any) -> Row:
    info = (lookup(key) if lookup else None) or {}
    return {
        "key": key, "name": info.get("name") or name or key, "aliases": list(info.get("aliases") or []),
        "type": info.get("type") or extra.get("type"), "ror_id": info.get("ror_id") or extra.get("ror_id"),
        "country": info.get("country") or extra.get("country"), "parent": info.get("parent"),
    }


def _model_row(key: str, name: str) -> Row:
    return {"key": key, "name": name, "family": None, "params_b": None, "accessibility": None, "is_open": None,
            "release_date": None, "license": None, "developer": None}


def extraction_rows(items: Iterable[PaperExtraction], authors_of: dict[str, list[str]] | None = None,
                    org_lookup: OrgLookup | None = None, country_names: dict[str, str] | None = None
                    ) -> ExtractionRows:
    """Flatten extractions; ``authors_of`` maps paper id -> author names (for author-level links)."""
    out = ExtractionRows()
    names = country_names or {}

    def add_org(key: str, name: str | None = None, **extra: Any) -> None:
        row = out.organizations.get(key) or _org_row(key, org_lookup, name, **extra)
        for k in ("country", "type", "ror_id"):
            row[k] = row.get(k) or extra.get(k)
        out.organizations[key] = row
        if row.get("country"):
            code = row["country"]
            out.countries.setdefault(code, {"code": code, "name": names.get(code, code)})
            out.located_in.add((key, code))
        if row.get("parent") and row["parent"] != key:
            parent = row["parent"]
            if parent not in out.organizations:
                add_org(parent)
            out.part_of.add((key, parent))

    for ext in items:
        pid = ext.arxiv_id
        for m in ext.models:
            row = out.models.get(m.key) or _model_row(m.key, m.name)
            for k in ("family", "params_b", "accessibility", "license", "developer"):
                value = getattr(m, k)
                if k == "accessibility" and value == "unknown":
                    value = None  # "not stated here" must not overwrite a curated or earlier label
                if value is not None and (row.get(k) is None or m.role == "introduced"):
                    row[k] = value
            if m.accessibility != "unknown" or row.get("is_open") is None:
                row["is_open"] = m.is_open if m.accessibility != "unknown" else row.get("is_open")
            out.models[m.key] = row
            edge = {"from": pid, "to": m.key, "source": m.source, "confidence": m.confidence}
            (out.introduces if m.role == "introduced" else out.evaluates).append(edge)
            if m.developer:
                add_org(m.developer)
                out.developed_by.add((m.key, m.developer))
            if m.base_model and m.base_model != m.key:
                out.models.setdefault(m.base_model, _model_row(m.base_model, m.base_model))
                out.based_on.add((m.key, m.base_model))
        for b in ext.benchmarks:
            out.benchmarks[b.key] = {"key": b.key, "name": b.name, "aliases": list(b.aliases), "task": b.task,
                                     "domain": b.domain, "metric": b.metric, "higher_is_better": b.higher_is_better}
        for r in ext.results:
            key = r.result_key(pid)
            out.models.setdefault(r.model, _model_row(r.model, r.model))
            out.benchmarks.setdefault(r.benchmark, {"key": r.benchmark, "name": r.benchmark, "aliases": [],
                                                    "task": None, "domain": None, "metric": r.metric,
                                                    "higher_is_better": True})
            if key in out.results:
                continue
            out.results[key] = {"key": key, "value": r.value, "metric": r.metric, "setting": r.setting,
                                "source": r.source, "self_reported": r.self_reported, "confidence": r.confidence,
                                "value_raw": r.value_raw, "page": r.page, "table": r.table,
                                "row_label": r.row_label, "col_label": r.col_label,
                                "higher_is_better": r.higher_is_better}
            out.reports.append({"from": pid, "to": key})
            out.of_model.append({"from": key, "to": r.model})
            out.on_benchmark.append({"from": key, "to": r.benchmark})
        seen_orgs: set[str] = set()
        for o in ext.organizations:
            if o.key is None:
                akey = affiliation_key(o.name)
                out.affiliations.setdefault(akey, {"key": akey, "text": normalise_space(o.name)})
                out.mentions.append({"from": pid, "to": akey, "source": o.source})
                continue
            add_org(o.key, o.name, country=o.country, type=o.type, ror_id=o.ror_id)
            if o.key not in seen_orgs:
                seen_orgs.add(o.key)
                out.affiliated_with.append({"from": pid, "to": o.key, "source": o.source, "confidence": o.confidence,
                                            "positions": sorted(set(o.authors))})
            else:  # the same organisation twice (two sources): one edge, positions united
                edge = next(e for e in out.affiliated_with if e["from"] == pid and e["to"] == o.key)
                edge["positions"] = sorted(set(edge.get("positions") or []) | set(o.authors))
            names_list = (authors_of or {}).get(pid, [])
            for pos in o.authors:
                if 0 <= pos < len(names_list):
                    out.works_at.append({"from": author_key(names_list[pos]), "to": o.key, "arxiv_id": pid,
                                         "source": o.source, "confidence": o.confidence})
    return out
