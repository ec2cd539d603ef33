"""Settings from flags and ``SOTAGRAPH_*`` environment variables (flags win).

Secrets (the Neo4j password) are kept out of ``repr`` so they never reach a log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_CATEGORIES = ("cs.AI", "cs.CL", "cs.LG", "cs.CV", "stat.ML", "cs.RO", "cs.IR")
ARXIV_API_URL = "https://export.arxiv.org/api/query"
ARXIV_OAI_URL = "https://oaipmh.arxiv.org/oai"
PLACEHOLDER_PASSWORD = "change-me-please"
"""The password .env.example ships with; refused so a copied example never goes live unchanged."""


class ConfigError(ValueError):
    """Bad configuration: the CLI maps it to exit code 2."""


_TRUE = ("1", "true", "yes", "on")


def _setting(default: object, env: str, help: str, **extra: object) -> Any:
    """A described settings field: the environment variable it is read from and what it means (the README's
    configuration table lists the same variables; ``tests/test_settings.py`` keeps the two in step)."""
    return field(default=default, metadata={"env": env, "help": help, **extra})


@dataclass
class Settings:
    """Every ``SOTAGRAPH_*`` (and ``NEO4J_*``) setting, read from the environment only here (:func:`from_env`)."""

    home: Path = _setting(Path("~/.sotagraph"), "SOTAGRAPH_HOME",
                          "the embedded store, vector index, PDF cache and logs")
    graph: str = _setting("embedded", "SOTAGRAPH_GRAPH", "`embedded` (LadybugDB) or `neo4j`")
    categories: tuple[str, ...] = _setting(DEFAULT_CATEGORIES, "SOTAGRAPH_CATEGORIES", "categories polled")
    arxiv_api_url: str = _setting(ARXIV_API_URL, "SOTAGRAPH_ARXIV_API_URL", "arXiv API base URL")
    arxiv_oai_url: str = _setting(ARXIV_OAI_URL, "SOTAGRAPH_ARXIV_OAI_URL", "arXiv OAI-PMH base URL")
    request_interval_s: float = _setting(3.0, "SOTAGRAPH_REQUEST_INTERVAL", "seconds between requests to arXiv")
    http_timeout_s: float = _setting(30.0, "SOTAGRAPH_HTTP_TIMEOUT", "seconds per HTTP request")
    http_retries: int = _setting(4, "SOTAGRAPH_HTTP_RETRIES", "retries per request, backing off exponentially")
    page_size: int = _setting(200, "SOTAGRAPH_PAGE_SIZE", "arXiv API page size")
    overlap_days: int = _setting(2, "SOTAGRAPH_OVERLAP_DAYS", "days `ingest` re-reads before the watermark")
    first_run_days: int = _setting(3, "SOTAGRAPH_FIRST_RUN_DAYS", "the first run's window in days")
    batch_size: int = _setting(2000, "SOTAGRAPH_BATCH_SIZE", "papers per graph transaction")
    neo4j_uri: str = _setting("bolt://127.0.0.1:7687", "NEO4J_URI", "the Neo4j connection URI")
    neo4j_user: str = _setting("neo4j", "NEO4J_USER", "the Neo4j user")
    neo4j_password: str = field(default="", repr=False,
                                metadata={"env": "NEO4J_PASSWORD", "help": "the Neo4j password (never logged)"})
    neo4j_database: str = _setting("neo4j", "NEO4J_DATABASE", "the Neo4j database")
    neo4j_retry_s: float = _setting(30.0, "SOTAGRAPH_NEO4J_RETRY_S",
                                    "seconds the Neo4j driver retries a transaction on transient errors")
    snapshot: Path | None = _setting(None, "SOTAGRAPH_SNAPSHOT", "a snapshot file to ingest instead of live arXiv")
    fulltext_enabled: bool = _setting(True, "SOTAGRAPH_FULLTEXT", "the full-text pass of `ingest`/`up`/cron")
    fulltext_budget_s: float = _setting(1500.0, "SOTAGRAPH_FULLTEXT_BUDGET_S", "wall-time budget of a full-text pass")
    fulltext_max_papers: int = _setting(1000, "SOTAGRAPH_FULLTEXT_MAX", "most papers per full-text pass")
    fulltext_max_tries: int = _setting(3, "SOTAGRAPH_FULLTEXT_MAX_TRIES", "tries per paper before a failure is final")
    pdf_base_url: str = _setting("https://arxiv.org/pdf/", "SOTAGRAPH_PDF_URL", "where PDFs are fetched")
    embed_enabled: bool = _setting(True, "SOTAGRAPH_EMBED", "embeddings and the vector index in the pipeline")
    embed_model: str = _setting("all-MiniLM-L6-v2", "SOTAGRAPH_EMBED_MODEL",
                                "embedding model name or local path (the default ships as a package)")
    embed_backend: str | None = _setting(None, "SOTAGRAPH_EMBED_BACKEND",
                                         "`fp32` or `bf16` (default bf16 where the CPU has it)")
    index_type: str = _setting("auto", "SOTAGRAPH_INDEX_TYPE", "`auto`, `flat`, `ivf` or `hnsw`")
    similar_k: int = _setting(10, "SOTAGRAPH_SIMILAR_K", "`SIMILAR_TO` edges written per new paper")
    query_timeout_s: float = _setting(10.0, "SOTAGRAPH_QUERY_TIMEOUT", "the console's seconds per query")
    query_row_cap: int = _setting(1000, "SOTAGRAPH_QUERY_ROW_CAP", "rows the console returns")
    query_byte_cap: int = _setting(8 * 1024 * 1024, "SOTAGRAPH_QUERY_BYTE_CAP", "bytes of result the console returns")
    query_memory_mb: int = _setting(1024, "SOTAGRAPH_QUERY_MEMORY_MB", "the console worker's address-space limit")
    query_buffer_pool_mb: int = _setting(256, "SOTAGRAPH_QUERY_BUFFER_POOL_MB",
                                         "the console worker's LadybugDB buffer pool")
    buffer_pool_mb: int = _setting(2048, "SOTAGRAPH_BUFFER_POOL_MB", "LadybugDB's buffer pool")
    threads: int = _setting(2, "SOTAGRAPH_THREADS", "LadybugDB's worker threads")
    ror: Path | None = _setting(None, "SOTAGRAPH_ROR", "a ROR registry dump replacing the packaged ROR table")
    org_cache: bool = _setting(True, "SOTAGRAPH_ORG_CACHE", "pickle the built organisation matcher under home/cache")
    epoch_path: Path | None = _setting(None, "SOTAGRAPH_EPOCH_PATH", "Epoch AI's data (folder or zip)")
    epoch_url: str | None = _setting(None, "SOTAGRAPH_EPOCH_URL", "a URL to Epoch AI's zip")
    dashboard_min_n: int = _setting(30, "SOTAGRAPH_DASHBOARD_MIN_N",
                                    "no trend drawn for a period with fewer attributed items")
    dashboard_address: str = _setting("127.0.0.1", "SOTAGRAPH_DASHBOARD_ADDRESS", "`sotagraph dashboard` address")
    dashboard_port: int = _setting(8501, "SOTAGRAPH_DASHBOARD_PORT", "`sotagraph dashboard` port")
    dashboard_ttl_s: float = _setting(600.0, "SOTAGRAPH_DASHBOARD_TTL_S", "seconds query rows stay cached")
    dashboard_reload_s: float = _setting(30.0, "SOTAGRAPH_DASHBOARD_RELOAD_S",
                                         "seconds between checks for a newly published store")

    @property
    def store_path(self) -> Path:
        return self.home / "graph" / "sotagraph.lbug"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def pdf_dir(self) -> Path:
        return self.home / "pdfs"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    def describe(self) -> dict[str, object]:
        """Settings for logs: the password never appears."""
        out: dict[str, object] = {}
        for f in fields(self):
            if f.name == "neo4j_password":
                out[f.name] = "***" if self.neo4j_password else ""
            else:
                out[f.name] = getattr(self, f.name)
        return out


def _parse(f: Field[Any], raw: str) -> object:
    """``raw`` as the type of field ``f`` (annotations are strings under ``from __future__``)."""
    kind = str(f.type)
    try:
        if kind.startswith("bool"):
            return raw.strip().lower() in _TRUE
        if kind.startswith("int"):
            return int(float(raw))
        if kind.startswith("float"):
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{f.metadata['env']} must be a number, got {raw!r}") from exc
    if kind.startswith("Path"):
        return Path(raw).expanduser()
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment alone, not validated: for code deep in a run that needs one knob
    (the CLI and the dashboard call :func:`load_settings`, which validates)."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = env.get(f.metadata["env"])
        if raw not in (None, ""):
            values[f.name] = _parse(f, raw)  # type: ignore[arg-type]
    settings = Settings(**values)  # type: ignore[arg-type]
    settings.home = Path(settings.home).expanduser()
    settings.graph = settings.graph.lower()
    if not settings.categories:
        settings.categories = DEFAULT_CATEGORIES
    return settings


def env_table() -> list[tuple[str, object, str]]:
    """``(variable, default, meaning)`` for every setting, in declaration order."""
    return [(f.metadata["env"], f.default, f.metadata["help"]) for f in fields(Settings)]


def load_settings(**overrides: object) -> Settings:
    """Read the environment, then apply non-``None`` overrides (CLI flags), then validate."""
    settings = from_env()
    for key, value in overrides.items():
        if value is not None:
            if not hasattr(settings, key):
                raise ConfigError(f"unknown setting {key!r}")
            setattr(settings, key, value)
    if settings.graph not in ("embedded", "neo4j"):
        raise ConfigError(f"SOTAGRAPH_GRAPH must be 'embedded' or 'neo4j', got {settings.graph!r}")
    if settings.request_interval_s < 0 or settings.page_size <= 0 or settings.batch_size <= 0:
        raise ConfigError("request interval must be >= 0, page and batch sizes > 0")
    if settings.graph == "neo4j" and settings.neo4j_password == PLACEHOLDER_PASSWORD:
        raise ConfigError(f"NEO4J_PASSWORD is still the placeholder {PLACEHOLDER_PASSWORD!r} from .env.example: "
                          f"set a password of your own in .env")
    if settings.fulltext_budget_s < 0 or settings.fulltext_max_papers < 0 or settings.fulltext_max_tries < 1:
        raise ConfigError("SOTAGRAPH_FULLTEXT_BUDGET_S and SOTAGRAPH_FULLTEXT_MAX must be >= 0, "
                          "SOTAGRAPH_FULLTEXT_MAX_TRIES >= 1")
    return settings
