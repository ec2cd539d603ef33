"""Curated knowledge (model families, benchmarks) loaded once from the YAML files beside this module.

Lookups go through :func:`compact`, which folds case, spaces, hyphens and underscores so that
"GPT-4", "gpt4" and "GPT 4" meet at one entry; keys come from :func:`slug` of the canonical name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~7x faster start-up

HERE = Path(__file__).parent
ACCESS_VALUES = ("open_weights", "api", "hosted", "unreleased", "unknown")

_FOLD = re.compile(r"[\s\-_·‐‑–]+")
_SLUG_BAD = re.compile(r"[^\w.+/]+")


@lru_cache(maxsize=262144)
def compact(name: str) -> str:
    """Lookup form: NFKC, lower case, no spaces/hyphens/underscores ("GPT 4" -> "gpt4")."""
    return _FOLD.sub("", unicodedata.normalize("NFKC", name).casefold())


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """Key form: lower case, words joined by hyphens ("GPT-4o mini" -> "gpt-4o-mini", "FooLM-7B" -> "foolm-7b")."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("_", "-")
    text = _SLUG_BAD.sub("-", text).strip("-./")
    return re.sub(r"-{2,}", "-", text)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    key: str
    name: str
    family: str
    developer: str | None
    access: str
    license: str | None = None
    sizes: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class BenchmarkInfo:
    key: str
    name: str
    aliases: tuple[str, ...]
    task: str | None
    domain: str | None
    metric: str | None
    higher_is_better: bool = True


@dataclass(slots=True)
class ModelTable:
    by_compact: dict[str, ModelInfo] = field(default_factory=dict)
    """Every name, version and alias in lookup form -> the model version it names."""
    families: dict[str, ModelInfo] = field(default_factory=dict)
    """Family key -> a family-level entry (developer, access, sizes)."""
    family_prefixes: dict[str, str] = field(default_factory=dict)
    """Compact family name -> family key, for versions not listed ("Qwen4" -> qwen)."""
    max_words: int = 1
    versions: dict[str, ModelInfo] = field(default_factory=dict)
    """Version key -> the listed version."""
    family_entries: dict[str, ModelInfo] = field(default_factory=dict)
    """Family key -> the entry a bare family name resolves to (key = the family key)."""
    spellings: list[str] = field(default_factory=list)
    """Every name and alias as written (``by_compact`` keeps only their lookup forms)."""


def _as_list(value: object) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@lru_cache(maxsize=1)
def model_table() -> ModelTable:
    raw = yaml.load((HERE / "models.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER)["families"]
    table = ModelTable()
    for fam_key, fam in raw.items():
        fam_name = fam["name"]
        dev = fam.get("developer") or None
        access = fam.get("access", "unknown")
        sizes = tuple(float(s) for s in _as_list(fam.get("sizes")))
        family = ModelInfo(fam_key, fam_name, fam_key, dev, access, fam.get("license"), sizes)
        table.families[fam_key] = family
        versions = _as_list(fam.get("versions")) or [fam_name]
        entries: list[tuple[ModelInfo, list[str]]] = []
        for ver in versions:
            if isinstance(ver, str):
                ver = {"name": ver}
            name = str(ver["name"])
            info = ModelInfo(
                key=slug(name), name=name, family=fam_key,
                developer=ver.get("developer", dev) or None,
                access=ver.get("access", access), license=ver.get("license", fam.get("license")),
                sizes=tuple(float(s) for s in _as_list(ver.get("sizes"))) or sizes,
            )
            entries.append((info, [name, *map(str, _as_list(ver.get("aliases")))]))
        for alias in [fam_name, *map(str, _as_list(fam.get("aliases")))]:
            table.family_prefixes.setdefault(compact(alias), fam_key)
            table.spellings.append(alias)
        for info, names in entries:
            table.spellings.extend(names)
            table.versions[info.key] = info
            for n in names:
                table.by_compact.setdefault(compact(n), info)
                table.max_words = max(table.max_words, len(re.split(r"[\s\-_]+", n)))
        # A bare family name or alias ("GPT", "LLaMA", "Vision Transformer") names the family, not its first
        # version: one family-level entry keyed by the family key. Catch-all groups (no developer, a name
        # such as "Medical models") have no family-level entry.
        if dev is None and " " in fam_name and fam_name.split()[-1].islower():
            continue
        fam_entry = ModelInfo(fam_key, fam_name, fam_key, dev, access, fam.get("license"), sizes)
        table.family_entries[fam_key] = fam_entry
        for alias in [fam_name, *map(str, _as_list(fam.get("aliases")))]:
            table.by_compact.setdefault(compact(alias), fam_entry)
    return table


@lru_cache(maxsize=1)
def benchmark_table() -> dict[str, BenchmarkInfo]:
    """Compact name/alias -> benchmark."""
    raw = yaml.load((HERE / "benchmarks.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER)["benchmarks"]
    out: dict[str, BenchmarkInfo] = {}
    for key, b in raw.items():
        info = BenchmarkInfo(key=key, name=b["name"], aliases=tuple(map(str, _as_list(b.get("aliases")))),
                             task=b.get("task"), domain=b.get("domain"), metric=b.get("metric"),
                             higher_is_better=bool(b.get("higher_is_better", True)))
        for n in (info.name, key, *info.aliases):
            out.setdefault(compact(n), info)
    return out


@lru_cache(maxsize=1)
def benchmarks_by_key() -> dict[str, BenchmarkInfo]:
    return {b.key: b for b in benchmark_table().values()}


@lru_cache(maxsize=1)
def word_lists() -> dict[str, list[str]]:
    """The curated word lists of ``words.yaml`` (stop words, ambiguous names, title genre words)."""
    raw = yaml.load((HERE / "words.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    return {str(k): [str(w) for w in v or []] for k, v in raw.items()}


def lookup_model(name: str) -> ModelInfo | None:
    return model_table().by_compact.get(compact(name))


def lookup_benchmark(name: str) -> BenchmarkInfo | None:
    return benchmark_table().get(compact(name))
