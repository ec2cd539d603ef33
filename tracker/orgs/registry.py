"""The organisation registry: ROR loaded at run time plus the curated AI labs.

ROR comes in several shapes, all read here so a user can point sotagraph at whatever they
downloaded: the official dump (a ``.zip`` holding JSON and CSV, schema v1 or v2), a bare ``.json``
array, JSON lines (one record per line, optionally gzipped, e.g. the reduced 2021 names file in
``../shared/data/ror/names-2021`` with only name/country/types), or the CSV. Records that cannot be
read are skipped and counted; the count is logged, never raised.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tracker.config import from_env
from tracker.knowledge.labs import Lab, load_labs

log = logging.getLogger(__name__)

_ROR_TYPES = {"education": "education", "company": "company", "government": "government",
              "nonprofit": "nonprofit", "facility": "facility", "healthcare": "facility",
              "archive": "other", "funder": "other", "other": "other"}
_SLUG = re.compile(r"[^a-z0-9]+")
_HK = re.compile(r"\bhong\s*kong\b", re.IGNORECASE)
_MO = re.compile(r"\bmaca[uo]\b", re.IGNORECASE)
PACKAGED_ROR = Path(__file__).resolve().parents[1] / "knowledge" / "ror" / "ror_orgs.jsonl.gz"


@dataclass(slots=True)
class OrgEntry:
    """One organisation: a ROR record or a curated lab."""

    key: str
    name: str
    country: str | None
    type: str = "other"
    aliases: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    ror_id: str | None = None
    parent: str | None = None
    domains: list[str] = field(default_factory=list)
    city: str | None = None
    curated: bool = False

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass(slots=True)
class LoadStats:
    loaded: int = 0
    skipped: int = 0


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text.lower()).strip("-")


def _org_type(types: Iterable[str]) -> str:
    for t in types:
        mapped = _ROR_TYPES.get(str(t).strip().lower())
        if mapped:
            return mapped
    return "other"


def _fix_country(name: str, code: str | None) -> str | None:
    """ROR files of 2021 list Hong Kong and Macau institutions under CN; ISO gives them HK/MO."""
    if code == "CN" and _HK.search(name):
        return "HK"
    if code == "CN" and _MO.search(name):
        return "MO"
    return code


def _ror_suffix(ror_id: str | None) -> str | None:
    if not ror_id:
        return None
    return str(ror_id).rstrip("/").rsplit("/", 1)[-1] or None


def _domain_of(link: str) -> str | None:
    m = re.match(r"^(?:https?://)?(?:www\.)?([^/:]+)", link.strip().lower())
    return m.group(1) if m and "." in m.group(1) else None


def entry_from_ror(rec: dict) -> OrgEntry | None:
    """One ROR record (schema v1, v2, or the reduced names file) -> entry; ``None`` if unusable."""
    if not isinstance(rec, dict):
        return None
    status = str(rec.get("status") or "active").lower()
    if status == "withdrawn":
        return None
    name = rec.get("name")
    aliases: list[str] = [a for a in rec.get("aliases") or [] if isinstance(a, str)]
    acronyms: list[str] = [a for a in rec.get("acronyms") or [] if isinstance(a, str)]
    for label in rec.get("labels") or []:
        if isinstance(label, dict) and isinstance(label.get("label"), str):
            aliases.append(label["label"])
    if isinstance(rec.get("names"), list):  # schema v2
        for n in rec["names"]:
            if not isinstance(n, dict) or not isinstance(n.get("value"), str):
                continue
            types = n.get("types") or []
            if "ror_display" in types:
                name = n["value"]
            elif "acronym" in types:
                acronyms.append(n["value"])
            else:
                aliases.append(n["value"])
    if not isinstance(name, str) or not name.strip():
        return None
    country = None
    city = None
    cc = rec.get("country")
    if isinstance(cc, dict):
        country = cc.get("country_code")
    elif rec.get("country_code"):
        country = rec.get("country_code")
    for loc in rec.get("locations") or []:  # schema v2
        details = loc.get("geonames_details") if isinstance(loc, dict) else None
        if isinstance(details, dict):
            country = country or details.get("country_code")
            city = city or details.get("name")
    for addr in rec.get("addresses") or []:  # schema v1
        if isinstance(addr, dict) and isinstance(addr.get("city"), str):
            city = city or addr["city"]
    country = str(country).upper() if country else None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        country = None
    domains = [d.lower() for d in rec.get("domains") or [] if isinstance(d, str)]
    for link in rec.get("links") or []:
        value = link.get("value") if isinstance(link, dict) else link
        if isinstance(value, str) and (d := _domain_of(value)):
            domains.append(d)
    ror = _ror_suffix(rec.get("id"))
    return OrgEntry(key=f"ror:{ror}" if ror else slugify(name) or name, name=name.strip(),
                    country=_fix_country(name, country), type=_org_type(rec.get("types") or []),
                    aliases=list(dict.fromkeys(a for a in aliases if a and a != name)),
                    acronyms=list(dict.fromkeys(acronyms)), ror_id=rec.get("id") if ror else None,
                    domains=list(dict.fromkeys(domains)), city=city)


def _split_multi(value: str | None) -> list[str]:
    """CSV list cells: v2 uses ``; ``, v1 uses ``, `` or JSON-ish lists."""
    if not value:
        return []
    value = value.strip()
    if value.startswith("["):
        try:
            items = json.loads(value)
            return [str(i) for i in items if i]
        except json.JSONDecodeError:
            value = value.strip("[]")
    sep = ";" if ";" in value else None
    parts = value.split(sep) if sep else [value]
    return [p.strip().strip("'\"") for p in parts if p.strip()]


def entry_from_csv_row(row: dict[str, str]) -> OrgEntry | None:
    """One row of the official ROR CSV (v2 column names, or v1 ``name``/``country.country_code``)."""
    name = row.get("names.types.ror_display") or row.get("name")
    if "names.types.ror_display" in row:
        name = (name or "").split("*", 1)[0].strip() or None  # v2 may carry "Name*lang"
    country = row.get("locations.geonames_details.country_code") or row.get("country.country_code")
    rec = {
        "id": row.get("id"), "name": name, "status": row.get("status"),
        "aliases": [a.split("*", 1)[0].strip() for a in _split_multi(row.get("names.types.alias")
                                                                     or row.get("aliases"))],
        "acronyms": [a.split("*", 1)[0].strip() for a in _split_multi(row.get("names.types.acronym")
                                                                      or row.get("acronyms"))],
        "labels": [{"label": a.split("*", 1)[0].strip()} for a in _split_multi(row.get("names.types.label")
                                                                              or row.get("labels"))],
        "country_code": country, "types": _split_multi(row.get("types")),
        "domains": _split_multi(row.get("domains")),
    }
    return entry_from_ror(rec)


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8-sig", errors="replace")


def _iter_json_lines(lines: Iterable[str], stats: LoadStats, origin: str) -> Iterator[OrgEntry]:
    for n, line in enumerate(lines, 1):
        line = line.strip().rstrip(",")
        if not line or line in ("[", "]"):
            continue
        try:
            entry = entry_from_ror(json.loads(line))
        except (json.JSONDecodeError, TypeError, AttributeError, ValueError):
            entry = None
        if entry is None:
            stats.skipped += 1
            if stats.skipped <= 3:
                log.debug("%s: skipping unreadable line %d", origin, n)
            continue
        stats.loaded += 1
        yield entry


def _iter_json_text(text: str, stats: LoadStats, origin: str) -> Iterator[OrgEntry]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            log.warning("%s: not valid JSON (%s); reading it line by line", origin, exc)
            yield from _iter_json_lines(text.splitlines(), stats, origin)
            return
        for rec in records:
            try:
                entry = entry_from_ror(rec)
            except (TypeError, AttributeError, ValueError):
                entry = None
            if entry is None:
                stats.skipped += 1
                continue
            stats.loaded += 1
            yield entry
    else:
        yield from _iter_json_lines(text.splitlines(), stats, origin)


def _iter_csv(fh: Iterable[str], stats: LoadStats) -> Iterator[OrgEntry]:
    for row in csv.DictReader(fh):
        try:
            entry = entry_from_csv_row(row)
        except (TypeError, AttributeError, ValueError):
            entry = None
        if entry is None:
            stats.skipped += 1
            continue
        stats.loaded += 1
        yield entry


def iter_ror(path: Path, stats: LoadStats | None = None) -> Iterator[OrgEntry]:
    """Yield entries from a ROR file or folder (zip, json, jsonl[.gz], csv[.gz]); bad records are counted."""
    stats = stats if stats is not None else LoadStats()
    path = Path(path)
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix in (".gz", ".json", ".jsonl", ".csv", ".zip"):
                yield from iter_ror(child, stats)
        return
    name = path.name.lower()
    if name.endswith(".zip"):
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.endswith(".json")]
            if not members:
                members = [m for m in zf.namelist() if m.endswith(".csv")]
            # the official dump ships v1 and v2 JSON side by side; v2 ("schema_v2") has more names
            members.sort(key=lambda m: ("v2" not in m, m))
            for member in members[:1]:
                text = zf.read(member).decode("utf-8-sig", errors="replace")
                if member.endswith(".csv"):
                    yield from _iter_csv(io.StringIO(text), stats)
                else:
                    yield from _iter_json_text(text, stats, f"{path}:{member}")
        return
    with _open_text(path) as fh:
        if ".csv" in name:
            yield from _iter_csv(fh, stats)
        elif name.endswith((".jsonl", ".jsonl.gz")):
            yield from _iter_json_lines(fh, stats, str(path))
        else:
            yield from _iter_json_text(fh.read(), stats, str(path))


def entry_from_lab(lab: Lab) -> OrgEntry:
    acronyms = [a for a in lab.aliases if _is_acronym(a)]
    aliases = [a for a in lab.aliases if not _is_acronym(a)]
    return OrgEntry(key=lab.key, name=lab.name, country=lab.country, type=lab.type, aliases=aliases,
                    acronyms=acronyms, parent=lab.parent, curated=True)


def _is_acronym(text: str) -> bool:
    """Short, no spaces, with an upper-case letter after the first: 'MIT', 'MSRA', 'UvA', 'AI2'."""
    return " " not in text and len(text) <= 7 and sum(c.isupper() for c in text) >= 2


class Registry:
    """All organisations by key: ROR records plus curated labs (curated entries win on conflicts)."""

    def __init__(self) -> None:
        self.entries: dict[str, OrgEntry] = {}
        self.stats: dict[str, LoadStats] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> OrgEntry | None:
        return self.entries.get(key)

    def add(self, entry: OrgEntry) -> None:
        key = entry.key
        if key in self.entries and not entry.curated:
            existing = self.entries[key]
            if existing.curated or existing.country == entry.country:
                existing.aliases.extend(a for a in entry.all_names if a not in existing.all_names)
                return
            key = f"{key}-{(entry.country or 'xx').lower()}"
            entry.key = key
        self.entries[key] = entry

    def add_labs(self, labs: dict[str, Lab] | None = None) -> int:
        labs = labs if labs is not None else load_labs()
        for lab in labs.values():
            self.add(entry_from_lab(lab))
        return len(labs)

    def load_ror(self, path: Path) -> LoadStats:
        """Add every record of a ROR file/folder; logs how many were loaded and skipped."""
        stats = LoadStats()
        for entry in iter_ror(Path(path), stats):
            self.add(entry)
        self.stats[str(path)] = stats
        level = logging.WARNING if stats.skipped else logging.INFO
        log.log(level, "ROR %s: loaded %d organisations, skipped %d bad records", path, stats.loaded,
                stats.skipped)
        return stats


def default_ror_path() -> Path | None:
    """``SOTAGRAPH_ROR`` (a ROR dump file or folder), else the compact ROR table shipped in the package
    (built by ``scripts/build_ror_table.py``; its dump is named in ``tracker/knowledge/ror/VERSION``)."""
    configured = from_env().ror
    if configured is not None:
        return configured
    return PACKAGED_ROR if PACKAGED_ROR.exists() else None


def load_registry(ror_path: Path | None = None, *, with_ror: bool = True) -> Registry:
    """Curated labs plus ROR (``ror_path`` or :func:`default_ror_path`); labs only when no ROR is found."""
    reg = Registry()
    reg.add_labs()
    path = ror_path if ror_path is not None else (default_ror_path() if with_ror else None)
    if path is not None:
        if Path(path).exists():
            reg.load_ror(Path(path))
        else:
            log.warning("ROR dump %s not found; using the curated labs only", path)
    elif with_ror:
        log.warning("no ROR dump configured (SOTAGRAPH_ROR); using the curated labs only")
    return reg
