#!/usr/bin/env python3
"""Nightly ingest for cron: logs to $SOTAGRAPH_HOME/logs/nightly.log; the exit code tells cron
what happened: 0 success, 1 nothing could be fetched (or the run failed), 2 bad configuration.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main  # noqa: E402
from tracker.config import ConfigError, load_settings  # noqa: E402


def run(argv: list[str]) -> int:
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(settings.log_dir / "nightly.log", maxBytes=5_000_000, backupCount=5)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("sotagraph.nightly").info("nightly ingest starting: %s", settings.describe())
    code = main(["--no-progress", "ingest", *argv])
    logging.getLogger("sotagraph.nightly").info("nightly ingest finished with exit code %d", code)
    return {EXIT_OK: EXIT_OK, EXIT_USAGE: EXIT_USAGE}.get(code, EXIT_FAILED)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
