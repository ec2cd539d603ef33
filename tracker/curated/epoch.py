"""``sotagraph import epoch PATH``: Epoch AI's data (ECI, Epoch's own runs, external leaderboards) as a
curated, source-tagged layer beside what papers report.

Three steps, so a bad file never leaves half an import behind:

1. **read and validate** every file (:func:`load`): a corrupt zip, an undecodable or truncated CSV, a
   row with the wrong number of fields or a missing required column raises :class:`EpochFormatError`
   (one line) before anything is written. Rows that parse but carry a bad value (a score that is not a
   number, a date that is not a date) are *bad rows*: counted, named one line each, skipped.
2. **plan** (:func:`plan_import`): each Epoch model version resolves through the extraction's identity
   rules (:mod:`tracker.curated.names`) to a model key; keys already in the store are reused, new ones
   become models with ``origin='epoch'``. Results get stable keys (model, benchmark, metric, setting,
   origin), so a rerun finds them: unchanged ones are not rewritten, changed ones are updated in place
   and logged.
3. **write** the plan in one transaction (``GraphStore.write_curated``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import math
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from graph.curated_write import CURATED_MODEL_PROPS, CuratedBatch
from graph.cypher import curated as cq
from graph.cypher import reads
from tracker.curated import sources as src
from tracker.curated.names import KeyIndex, Resolution, resolve
from tracker.knowledge import lookup_benchmark, lookup_model, slug

log = logging.getLogger(__name__)

SOURCE = "epoch"
"""``Result.source`` of Epoch's own results (ECI and its benchmark runs) and ``accessibility_source``."""
ECI_KEY = "eci"


class EpochFormatError(ValueError):
    """A file cannot be read as Epoch data; the message is one line and names the file."""


# ---- step 1: read and validate ---------------------------------------------------------------
@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    """(line number, row) pairs."""


def _collect(path: Path) -> dict[str, tuple[str, bytes]]:
    """CSV files by base name -> (where, bytes), from a folder (recursively) or a zip."""
    wanted = (src.ECI_FILE, src.RUNS_FILE, src.VERSIONS_FILE)
    out: dict[str, tuple[str, bytes]] = {}

    def keep(name: str, where: str, load: Any) -> None:
        base = name.rsplit("/", 1)[-1]
        if base in wanted or (base.startswith(src.EXTERNAL_PREFIX) and base.endswith(".csv")):
            if base in out and len(out[base][0]) <= len(where):
                return  # the shallower copy wins (a zip with both data/ and a flat copy)
            out[base] = (where, load())

    if path.is_dir():
        for p in sorted(path.rglob("*.csv")):
            keep(p.name, str(p.relative_to(path)), p.read_bytes)
        return out
    if not path.is_file():
        raise FileNotFoundError(f"no such file or folder: {path}")
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            if bad is not None:
                raise EpochFormatError(f"{path.name}: corrupt zip member {bad} (CRC mismatch)")
            for info in zf.infolist():
                if not info.is_dir() and info.filename.endswith(".csv"):
                    keep(info.filename, info.filename, lambda info=info: zf.read(info))
    except zipfile.BadZipFile as exc:
        raise EpochFormatError(f"{path.name}: not a readable zip ({exc}); is the download complete?") from exc
    except (OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise EpochFormatError(f"{path.name}: cannot read the zip ({exc})") from exc
    return out


def parse_table(name: str, data: bytes, required: tuple[str, ...]) -> Table:
    """A CSV as rows, or :class:`EpochFormatError` when it is not a complete, well-formed table."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EpochFormatError(f"{name}: not UTF-8 text (byte {exc.start}); the file is corrupt") from exc
    if "\x00" in text:
        raise EpochFormatError(f"{name}: contains NUL bytes; the file is corrupt")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise EpochFormatError(f"{name}: empty file")
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise EpochFormatError(f"{name}: missing column(s) {', '.join(repr(c) for c in missing)}; "
                                   f"not an Epoch data file of this name")
        rows: list[tuple[int, dict[str, str]]] = []
        for fields in reader:
            line = reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise EpochFormatError(f"{name}: line {line} has {len(fields)} fields, the header {len(header)}; "
                                       f"the file is truncated or corrupt")
            rows.append((line, dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        raise EpochFormatError(f"{name}: line {reader.line_num}: {exc}; the file is truncated or corrupt") from exc
    return Table(name, header, rows)


@dataclass
class Files:
    eci: Table | None = None
    runs: Table | None = None
    versions: Table | None = None
    external: list[Table] = field(default_factory=list)


def load(path: Path) -> Files:
    """Read and validate every Epoch file under ``path`` (folder or zip)."""
    found = _collect(path)
    if not found:
        raise EpochFormatError(f"{path}: no Epoch data files ({src.ECI_FILE}, {src.RUNS_FILE}, "
                               f"{src.EXTERNAL_PREFIX}*.csv) found")
    files = Files()
    for base, (where, data) in sorted(found.items()):
        if base == src.ECI_FILE:
            files.eci = parse_table(where, data, src.ECI_COLUMNS)
        elif base == src.RUNS_FILE:
            files.runs = parse_table(where, data, src.RUNS_COLUMNS)
        elif base == src.VERSIONS_FILE:
            files.versions = parse_table(where, data, src.VERSIONS_COLUMNS)
        else:
            files.external.append(parse_table(where, data, src.EXTERNAL_COLUMNS))
    return files


# ---- step 1b: rows -> facts and results ------------------------------------------------------
@dataclass
class VersionFacts:
    version_id: str
    name: str | None = None
    release_date: date | None = None
    organizations: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    accessibility: str | None = None


@dataclass
class RawResult:
    version_id: str
    benchmark: str
    benchmark_name: str
    scale: str
    metric: str | None
    value: float
    value_raw: str
    setting: list[str]
    source: str
    self_reported: bool
    when: date | None
    where: str
    higher_is_better: bool = True
    entry: str | None = None
    """The leaderboard row's own record id (Epoch's tables keep it across downloads): part of the key."""


@dataclass
class Parsed:
    versions: dict[str, VersionFacts] = field(default_factory=dict)
    results: list[RawResult] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


_RECORD_ID = re.compile(r"^rec[A-Za-z0-9]{10,20}$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d %B %Y %I:%M%p", "%d %B %Y")


def parse_date(text: str | None) -> date | None:
    """Dates as Epoch writes them (2025-08-07, 23/7/2024, 17 November 2025 4:28pm); ``ValueError`` if not one."""
    raw = (text or "").strip()
    if not raw:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {raw!r}")


def parse_value(cell: str, scale: str) -> float | None:
    """A score cell as a number on the benchmark's scale (percent cells to points); ``None`` when empty."""
    raw = cell.strip().replace(",", "")
    if not raw:
        return None
    value = float(raw.rstrip("%").strip())
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {cell!r}")
    return value


def _country_codes(text: str) -> list[str]:
    from tracker.knowledge.labs import load_countries

    names, _ = load_countries()
    variants = sorted(((v.casefold(), c) for v, c in names.items()), key=lambda t: -len(t[0]))
    out: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        low = part.casefold()
        if not low:
            continue
        code = next((c for v, c in variants if v == low), None)
        if code is None:  # "United Kingdom of Great Britain and Northern Ireland": the longest listed name inside
            code = next((c for v, c in variants if len(v) > 3 and re.search(rf"\b{re.escape(v)}\b", low)), None)
        if code and code not in out:
            out.append(code)
    return out


def _stem(word: str) -> str:
    return re.sub(r"\d+$", "", word.casefold())


def _publication_is_own(source: str, link: str, model_name: str) -> bool:
    """A leaderboard row cited from a publication whose title names the model's family (the "Qwen Technical
    Report" for Qwen-7B, "Llama 2: Open Foundation ..." for Llama-2-13b) is the developer's own claim, not an
    independent measurement."""
    if not re.search(r"arxiv\.org|\.pdf\b|openreview|aclanthology|jmlr", link, re.IGNORECASE) and \
            not re.search(r"technical report|model card|system card|\bpaper\b", source, re.IGNORECASE):
        return False
    heads = {_stem(re.split(r"[\s\-_.:/(]+", model_name.strip())[0])}
    info = lookup_model(model_name)
    if info is not None:
        heads.add(_stem(re.split(r"[\-_.]", info.family)[0]))
    words = {_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", source)}
    return bool({h for h in heads if len(h) >= 2} & words)


def parse(files: Files) -> Parsed:
    """Every file's rows as version facts and results; bad rows named and skipped."""
    out = Parsed()
    if files.versions is not None:
        for line, row in files.versions.rows:
            vid = row["id"].strip()
            if not vid:
                continue
            facts = out.versions.setdefault(vid, VersionFacts(vid))
            facts.name = facts.name or (row.get("Display name") or row.get("Model") or "").strip() or None
            try:
                facts.release_date = parse_date(row.get("Version release date"))
            except ValueError as exc:
                out.bad.append(f"{files.versions.name}:{line}: {vid}: bad release date ({exc})")
    if files.eci is not None:
        _parse_eci(files.eci, out)
    if files.runs is not None:
        _parse_runs(files.runs, out)
    for table in files.external:
        _parse_external(table, out)
    return out


def _parse_eci(table: Table, out: Parsed) -> None:
    for line, row in table.rows:
        vid = row["Model version"].strip()
        if not vid:
            out.skipped["no model version"] += 1
            continue
        facts = out.versions.setdefault(vid, VersionFacts(vid))
        facts.name = (row.get("Model name") or "").strip() or (row.get("Display name") or "").strip() or facts.name
        try:
            facts.release_date = parse_date(row["Release date"]) or facts.release_date
        except ValueError as exc:
            out.bad.append(f"{table.name}:{line}: {vid}: bad release date ({exc})")
            continue
        facts.organizations = [o.strip() for o in row["Organization"].split(",") if o.strip()]
        facts.countries = _country_codes(row["Country"])
        facts.accessibility = src.accessibility_of(row["Model accessibility"])
        cell = row["ECI Score"].strip()
        if not cell:
            out.skipped["no ECI score"] += 1
            continue
        try:
            value = parse_value(cell, "index")
        except ValueError:
            out.bad.append(f"{table.name}:{line}: {vid}: ECI score is not a number ({cell!r})")
            continue
        assert value is not None
        out.results.append(RawResult(vid, ECI_KEY, "Epoch Capabilities Index", "index", "ECI", value, cell, [],
                                     SOURCE, False, facts.release_date, f"{table.name}:{line}"))


def _parse_runs(table: Table, out: Parsed) -> None:
    latest: dict[tuple[str, str], tuple[date | None, RawResult]] = {}
    for line, row in table.rows:
        vid, task = row["model"].strip(), row["task"].strip()
        if not vid or not task:
            out.skipped["no model version"] += 1
            continue
        if (row.get("Status") or "Success").strip().casefold() not in ("success", ""):
            out.skipped["run not successful"] += 1
            continue
        cell = row["Best score (across scorers)"].strip()
        try:
            value = parse_value(cell, "percent")
            when = parse_date(row.get("started_at"))
        except ValueError as exc:
            out.bad.append(f"{table.name}:{line}: {vid} on {task}: {exc}")
            continue
        if value is None:
            out.skipped["no score"] += 1
            continue
        if not cell.endswith("%") and value <= 1.0:
            value *= 100.0  # Epoch's runs score 0-1; papers and leaderboards write points
        bench = lookup_benchmark(task)
        result = RawResult(vid, bench.key if bench else slug(task), bench.name if bench else task, "percent",
                           "accuracy", round(value, 6), cell, [], SOURCE, False, when, f"{table.name}:{line}",
                           bench.higher_is_better if bench else True)
        key = (task, vid)
        prev = latest.get(key)
        if prev is None or (when or date.min) >= (prev[0] or date.min):
            latest[key] = (when, result)  # reruns of one task: the latest run counts
        out.skipped["earlier rerun"] += prev is not None
    out.results.extend(r for _, r in latest.values())


def _parse_external(table: Table, out: Parsed) -> None:
    stem = src.stem_of(table.name)
    board = src.LEADERBOARDS.get(stem)
    if board is None:
        col = src.guess_score_column(table.header, [r for _, r in table.rows])
        if col is None:
            out.warnings.append(f"{table.name}: an unlisted leaderboard with no numeric score column; skipped")
            return
        name = stem.replace("_", " ").title()
        board = src.Leaderboard(name, (src.Score(col, name, metric=col),))
    scores = [s for s in board.scores if s.column in table.header]
    if not scores:
        raise EpochFormatError(f"{table.name}: none of the score columns "
                               f"{', '.join(repr(s.column) for s in board.scores)}; not the {board.name} leaderboard")
    seen: set[tuple[str, ...]] = set()
    for line, row in table.rows:
        vid = row["Model version"].strip()
        if not vid:
            out.skipped["no model version"] += 1
            continue
        source = (row.get("Source") or "").strip() or board.name
        link = (row.get("Source link") or row.get("Source link (site from table)") or "").strip()
        setting = [f"{c.lower()} {row[c].strip()}" for c in src.SETTING_COLUMNS if (row.get(c) or "").strip()
                   and row[c].strip().casefold() not in ("none", "n/a")]
        label = (row.get("Name") or row.get("Model") or "").strip()
        if label and stem in ("videomme", "the_agent_company", "osuniverse"):
            setting.append(f"system {label}")  # a system built around the model, named by the leaderboard
        try:
            when = next((parse_date(row[c]) for c in src.DATE_COLUMNS if (row.get(c) or "").strip()), None)
        except ValueError as exc:
            out.bad.append(f"{table.name}:{line}: {vid}: {exc}")
            continue
        own = _publication_is_own(source, link, vid)
        entry = next((row[c].strip() for c in ("id", "ID", "UUID") if _RECORD_ID.match((row.get(c) or "").strip())),
                     None)
        for score in scores:
            cell = (row.get(score.column) or "").strip()
            try:
                value = parse_value(cell, score.scale)
            except ValueError:
                out.bad.append(f"{table.name}:{line}: {vid}: {score.column} is not a number ({cell!r})")
                continue
            if value is None:
                out.skipped["no score"] += 1
                continue
            bench = lookup_benchmark(score.benchmark)
            ident = (score.benchmark, vid, source, entry or "", *setting)
            if ident in seen:
                out.skipped["duplicate row"] += 1
                log.info("%s:%d: duplicate of an earlier row (%s on %s); kept the first", table.name, line, vid,
                         score.benchmark)
                continue
            seen.add(ident)
            out.results.append(RawResult(
                vid, bench.key if bench else slug(score.benchmark), bench.name if bench else score.benchmark,
                score.scale, score.metric, round(value, 6), cell, setting, source, own, when, f"{table.name}:{line}",
                score.higher_is_better if bench is None else bench.higher_is_better, entry))


# ---- step 2: plan ----------------------------------------------------------------------------
@dataclass
class Summary:
    files: int = 0
    versions: int = 0
    versions_matched: int = 0
    models_added: int = 0
    models_updated: int = 0
    models_unchanged: int = 0
    results_added: int = 0
    results_updated: int = 0
    results_unchanged: int = 0
    bad_rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    resolutions: dict[str, Resolution] = field(default_factory=dict)

    def line(self) -> str:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())) or "none"
        return (f"epoch import: {self.files} files, {self.versions} model versions "
                f"({self.versions_matched} matched to stored models); models added {self.models_added}, "
                f"updated {self.models_updated}, unchanged {self.models_unchanged}; results added "
                f"{self.results_added}, updated {self.results_updated}, unchanged {self.results_unchanged}; "
                f"bad rows {self.bad_rows}; skipped: {skipped}")

    def counts(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("changes", "resolutions")}


def result_key(model: str, benchmark: str, metric: str | None, setting: str, origin: str) -> str:
    """Stable key: model, benchmark, metric, setting and origin (docs/architecture.md), like a paper result's."""
    raw = "|".join([model, benchmark, metric or "", setting, origin])
    return hashlib.sha1(raw.encode()).hexdigest()[:20]


def _org_key(name: str, labs_by_name: dict[str, str]) -> str:
    from tracker.orgs.matcher import normalise

    return labs_by_name.get(normalise(name)) or slug(name)


def _labs_by_name() -> dict[str, str]:
    from tracker.knowledge.labs import load_labs
    from tracker.orgs.matcher import normalise

    out: dict[str, str] = {}
    for lab in load_labs().values():
        for n in (lab.name, *lab.aliases, lab.key):
            out.setdefault(normalise(n), lab.key)
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9
    if hasattr(b, "to_native"):
        b = b.to_native()
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return list(a or []) == list(b or [])
    return a == b


def plan_import(parsed: Parsed, store: Any) -> tuple[CuratedBatch, Summary]:
    """What to write, from the parsed files and what the store holds (nothing is written here)."""
    from tracker.knowledge.labs import load_labs
    from tracker.knowledge_lookup import country_names

    summary = Summary(bad_rows=len(parsed.bad), skipped=dict(parsed.skipped))
    index = KeyIndex(r["key"] for r in store.read_named(cq.model_keys()))
    version_ids = sorted(set(parsed.versions) | {r.version_id for r in parsed.results})
    res = {vid: resolve(vid, index, parsed.versions[vid].name if vid in parsed.versions else None)
           for vid in version_ids}
    summary.resolutions = res
    summary.versions = len(version_ids)
    summary.versions_matched = sum(r.matched for r in res.values())

    # models: facts of every version that resolves to a key, the newest version's facts first
    by_key: dict[str, list[VersionFacts]] = defaultdict(list)
    for vid in version_ids:
        by_key[res[vid].key].append(parsed.versions.get(vid) or VersionFacts(vid))
    labs = load_labs()
    labs_by_name = _labs_by_name()
    names = country_names()
    batch = CuratedBatch()
    model_rows: dict[str, dict[str, Any]] = {}
    org_rows: dict[str, dict[str, Any]] = {}
    developed: set[tuple[str, str]] = set()
    for key, facts in sorted(by_key.items()):
        dated = sorted(facts, key=lambda f: (f.release_date or date.max, f.version_id))
        access = Counter(f.accessibility for f in facts if f.accessibility)
        accessibility = access.most_common(1)[0][0] if access else None
        orgs = [o for f in dated for o in f.organizations]
        org_keys = list(dict.fromkeys(_org_key(o, labs_by_name) for o in orgs))
        countries = list(dict.fromkeys(c for f in dated for c in f.countries))
        release = next((f.release_date for f in dated if f.release_date), None)
        if accessibility is None and release is None and not org_keys and not countries:
            continue  # a version known only from a leaderboard row: no curated fact about the model
        # None = Epoch says nothing: an update never blanks what a paper (or an earlier fact) gave
        row = {"key": key, "accessibility": accessibility,
               "is_open": accessibility == "open_weights" if accessibility else None,
               "accessibility_source": SOURCE if accessibility else None, "release_date": release,
               "developer": org_keys[0] if org_keys else None, "countries": countries or None}
        model_rows[key] = row
        for o_name, o_key in zip(dict.fromkeys(orgs), org_keys, strict=False):
            lab = labs.get(o_key)
            country = lab.country if lab else (countries[0] if len(countries) == 1 and len(org_keys) == 1 else None)
            org_rows.setdefault(o_key, {"key": o_key, "name": lab.name if lab else o_name, "aliases": [],
                                        "type": lab.type if lab else None, "ror_id": None, "country": country})
            developed.add((key, o_key))
    # models that exist: compare the curated facts; new keys (matched or not) become Epoch-origin models
    all_keys = sorted(set(model_rows) | {res[r.version_id].key for r in parsed.results})
    stored = {r["key"]: r for r in store.read_named(cq.models_by_keys(), {"keys": all_keys})}
    for key in all_keys:
        row = model_rows.get(key)
        if key in stored:
            if row is None:
                continue
            old = stored[key]
            diff = [p for p in CURATED_MODEL_PROPS if row.get(p) is not None and not _same(row.get(p), old.get(p))]
            if diff:
                summary.models_updated += 1
                batch.models_update.append(row)
                summary.changes.append(f"model {key}: " + ", ".join(f"{p} {old.get(p)!r} -> {row.get(p)!r}"
                                                                   for p in diff))
            else:
                summary.models_unchanged += 1
            continue
        first = next((res[v] for v in version_ids if res[v].key == key), None)
        facts = next((parsed.versions[v] for v in version_ids if res[v].key == key and v in parsed.versions), None)
        info = lookup_model(first.version.name) if first else None
        new = {"key": key, "name": (facts.name if facts and facts.name else None) or (first.version.name if first else key),
               "family": info.family if info else None, "origin": SOURCE, **(row or {})}
        new["accessibility"] = new.get("accessibility") or "unknown"
        batch.models_new.append(new)
        summary.models_added += 1
    existing_orgs = {r["key"] for r in store.read_named(reads.existing_keys("Organization"), {"keys": list(org_rows)})}
    batch.organizations = [r for k, r in sorted(org_rows.items()) if k not in existing_orgs]
    codes = sorted({r["country"] for r in batch.organizations if r["country"]})
    existing_countries = {r["key"] for r in store.read_named(reads.existing_keys("Country"), {"keys": codes})}
    batch.countries = [{"code": c, "name": names.get(c, c)} for c in codes if c not in existing_countries]
    batch.located_in = [{"from": r["key"], "to": r["country"]} for r in batch.organizations if r["country"]]
    pairs = [{"from": m, "to": o, "source": SOURCE} for m, o in sorted(developed)]
    have = {(r["src"], r["dst"]): r["source"] for r in store.read_named(cq.developed_by_pairs(), {"rows": pairs})}
    batch.developed_by = [p for p in pairs if have.get((p["from"], p["to"]), "") != SOURCE]

    # benchmarks and results
    bench_rows: dict[str, dict[str, Any]] = {}
    result_rows: dict[str, dict[str, Any]] = {}
    links: dict[str, tuple[str, str]] = {}
    for r in parsed.results:
        rz = res[r.version_id]
        info = lookup_benchmark(r.benchmark_name) if r.benchmark != ECI_KEY else None
        bench_rows.setdefault(r.benchmark, {
            "key": r.benchmark, "name": info.name if info else r.benchmark_name,
            "aliases": list(info.aliases) if info else [], "task": info.task if info else None,
            "domain": info.domain if info else None, "metric": (info.metric if info else None) or r.metric,
            "higher_is_better": r.higher_is_better, "scale": r.scale})
        setting = "; ".join([f"epoch version {r.version_id}", *rz.version.setting_parts(), *r.setting])
        origin = f"{SOURCE}:{r.source}" + (f":{r.entry}" if r.entry else "")
        # keyed by Epoch's own version id, not the model it matched: a later, better match must not
        # write the same measurement again under a second key
        key = result_key(f"epoch-version:{r.version_id}", r.benchmark, r.metric, setting, origin)
        if key in result_rows:
            summary.skipped["duplicate row"] = summary.skipped.get("duplicate row", 0) + 1
            continue
        result_rows[key] = {"key": key, "value": r.value, "value_raw": r.value_raw, "metric": r.metric,
                            "setting": setting, "source": r.source, "self_reported": r.self_reported,
                            "confidence": 1.0, "date": r.when}
        links[key] = (rz.key, r.benchmark)
    existing_b = {r["key"] for r in store.read_named(reads.existing_keys("Benchmark"), {"keys": list(bench_rows)})}
    batch.benchmarks = [bench_rows[k] for k in sorted(bench_rows) if k not in existing_b] + \
        [{"key": k, "scale": bench_rows[k]["scale"]} for k in sorted(existing_b)]
    stored_r = {r["key"]: r for r in store.read_named(cq.results_by_keys(), {"keys": list(result_rows)})}
    for key in sorted(result_rows):
        row = result_rows[key]
        old = stored_r.get(key)
        if old is None:
            summary.results_added += 1
            batch.results.append(row)
            batch.of_model.append({"from": key, "to": links[key][0]})
            batch.on_benchmark.append({"from": key, "to": links[key][1]})
            continue
        diff = [p for p in ("value", "value_raw", "date", "self_reported") if not _same(row[p], old.get(p))]
        if diff:
            summary.results_updated += 1
            batch.results.append(row)
            summary.changes.append(f"result {links[key][0]} on {links[key][1]} ({row['source']}; {row['setting']}): "
                                   + ", ".join(f"{p} {old.get(p)!r} -> {row[p]!r}" for p in diff))
        else:
            summary.results_unchanged += 1
    return batch, summary


# ---- the whole import ------------------------------------------------------------------------
def import_epoch(store: Any, path: Path, *, record_run: bool = True) -> Summary:
    """Validate everything under ``path``, plan against ``store``, write in one transaction, record a run."""
    from graph.store import IngestRunInfo

    files = load(path)  # raises EpochFormatError before anything is written
    parsed = parse(files)
    for line in parsed.bad:
        log.warning("bad row: %s", line)
    for line in parsed.warnings:
        log.warning("%s", line)
    batch, summary = plan_import(parsed, store)
    summary.files = sum(t is not None for t in (files.eci, files.runs, files.versions)) + len(files.external)
    info = IngestRunInfo(source=f"{SOURCE}:{path.name}")
    if record_run:
        store.start_run(info)
    try:
        if not batch.empty():
            store.write_curated(batch)
    except Exception as exc:
        if record_run:
            store.finish_run(info, "failed", summary.counts(), message=str(exc).splitlines()[0] if str(exc) else None)
        raise
    for change in summary.changes:
        log.info("changed: %s", change)
    if record_run:
        store.finish_run(info, "ok", summary.counts())
    return summary
