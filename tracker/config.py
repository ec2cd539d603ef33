"""Settings from flags and ``SOTAGRAPH_*`` environment variables (flags win).

Secrets (the Neo4j password) are kept out of ``repr`` so they never reach a log line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

DEFAULT_CATEGORIES = ("cs.AI", "cs.CL", "cs.LG", "cs.CV", "stat.ML", "cs.RO", "cs.IR")
ARXIV_API_URL = "https://export.arxiv.org/api/query"
ARXIV_OAI_URL = "https://oaipmh.arxiv.org/oai"
PLACEHOLDER_PASSWORD = "change-me-please"
"""The password .env.example ships with; refused so a copied example never goes live unchanged."""


class ConfigError(ValueError):
    """Bad configuration: the CLI maps it to exit code 2."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _float_env(name: str, default: float) -> float:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc


@dataclass
class Settings:
    home: Path
    graph: str = "embedded"
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    arxiv_api_url: str = ARXIV_API_URL
    arxiv_oai_url: str = ARXIV_OAI_URL
    request_interval_s: float = 3.0
    http_timeout_s: float = 30.0
    http_retries: int = 4
    page_size: int = 200
    overlap_days: int = 2
    first_run_days: int = 3
    batch_size: int = 2000
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str = "neo4j"
    snapshot: Path | None = None
    fulltext_enabled: bool = True
    fulltext_budget_s: float = 1500.0
    fulltext_max_papers: int = 1000
    fulltext_max_tries: int = 3
    pdf_base_url: str = "https://arxiv.org/pdf/"
    embed_enabled: bool = True
    query_timeout_s: float = 10.0
    query_row_cap: int = 1000
    query_byte_cap: int = 8 * 1024 * 1024
    query_memory_mb: int = 1024
    query_buffer_pool_mb: int = 256
    epoch_path: Path | None = None
    epoch_url: str | None = None
    dashboard_min_n: int = 30  # no trend drawn for a period with fewer attributed items

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


def load_settings(**overrides: object) -> Settings:
    """Read the environment, then apply non-``None`` overrides (CLI flags)."""
    home = Path(_env("SOTAGRAPH_HOME", str(Path.home() / ".sotagraph"))).expanduser()
    graph = (_env("SOTAGRAPH_GRAPH", "embedded") or "embedded").lower()
    cats_raw = _env("SOTAGRAPH_CATEGORIES")
    categories = tuple(c.strip() for c in cats_raw.split(",") if c.strip()) if cats_raw else DEFAULT_CATEGORIES
    snapshot = _env("SOTAGRAPH_SNAPSHOT")
    settings = Settings(
        home=home,
        graph=graph,
        categories=categories,
        arxiv_api_url=_env("SOTAGRAPH_ARXIV_API_URL", ARXIV_API_URL) or ARXIV_API_URL,
        arxiv_oai_url=_env("SOTAGRAPH_ARXIV_OAI_URL", ARXIV_OAI_URL) or ARXIV_OAI_URL,
        request_interval_s=_float_env("SOTAGRAPH_REQUEST_INTERVAL", 3.0),
        http_timeout_s=_float_env("SOTAGRAPH_HTTP_TIMEOUT", 30.0),
        http_retries=int(_float_env("SOTAGRAPH_HTTP_RETRIES", 4)),
        page_size=int(_float_env("SOTAGRAPH_PAGE_SIZE", 200)),
        overlap_days=int(_float_env("SOTAGRAPH_OVERLAP_DAYS", 2)),
        first_run_days=int(_float_env("SOTAGRAPH_FIRST_RUN_DAYS", 3)),
        batch_size=int(_float_env("SOTAGRAPH_BATCH_SIZE", 2000)),
        neo4j_uri=_env("NEO4J_URI", "bolt://127.0.0.1:7687") or "",
        neo4j_user=_env("NEO4J_USER", "neo4j") or "neo4j",
        neo4j_password=_env("NEO4J_PASSWORD", "") or "",
        neo4j_database=_env("NEO4J_DATABASE", "neo4j") or "neo4j",
        snapshot=Path(snapshot) if snapshot else None,
        fulltext_enabled=(_env("SOTAGRAPH_FULLTEXT", "1") or "1").lower() in ("1", "true", "yes", "on"),
        fulltext_budget_s=_float_env("SOTAGRAPH_FULLTEXT_BUDGET_S", 1500.0),
        fulltext_max_papers=int(_float_env("SOTAGRAPH_FULLTEXT_MAX", 1000)),
        fulltext_max_tries=int(_float_env("SOTAGRAPH_FULLTEXT_MAX_TRIES", 3)),
        pdf_base_url=_env("SOTAGRAPH_PDF_URL", "https://arxiv.org/pdf/") or "https://arxiv.org/pdf/",
        embed_enabled=(_env("SOTAGRAPH_EMBED", "1") or "1").lower() in ("1", "true", "yes", "on"),
        query_timeout_s=_float_env("SOTAGRAPH_QUERY_TIMEOUT", 10.0),
        query_row_cap=int(_float_env("SOTAGRAPH_QUERY_ROW_CAP", 1000)),
        query_byte_cap=int(_float_env("SOTAGRAPH_QUERY_BYTE_CAP", 8 * 1024 * 1024)),
        query_memory_mb=int(_float_env("SOTAGRAPH_QUERY_MEMORY_MB", 1024)),
        query_buffer_pool_mb=int(_float_env("SOTAGRAPH_QUERY_BUFFER_POOL_MB", 256)),
        epoch_path=Path(_env("SOTAGRAPH_EPOCH_PATH")) if _env("SOTAGRAPH_EPOCH_PATH") else None,  # type: ignore[arg-type]
        epoch_url=_env("SOTAGRAPH_EPOCH_URL"),
        dashboard_min_n=int(_float_env("SOTAGRAPH_DASHBOARD_MIN_N", 30)),
    )
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
