#!/usr/bin/env python3
"""Nightly ingest for cron: logs to $SOTAGRAPH_HOME/logs/nightly.log; the exit code tells cron
what happened: 0 success, 1 nothing could be fetched (or the run failed), 2 bad configuration.

The log holds the whole story: the run's summary line and, on failure, the reason (the same
one-line ``error: ...`` the command prints to stderr), with secrets masked.

After the metadata ingest the full-text pass runs within ``SOTAGRAPH_FULLTEXT_BUDGET_S`` (off with
``SOTAGRAPH_FULLTEXT=0`` or ``--no-fulltext``); a paper whose PDF fails is recorded, never fatal.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from typing import TextIO

from tracker.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main  # noqa: E402
from tracker.config import ConfigError, load_settings  # noqa: E402
from tracker.redact import redact, redact_handlers  # noqa: E402

log = logging.getLogger("sotagraph.nightly")


class _Tee:
    """A stream that writes through to ``stream`` and keeps each complete line it saw (for the log)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.lines, self._part = stream, [], ""

    def write(self, text: str) -> int:
        self.stream.write(text)
        self._part += text
        *done, self._part = self._part.split("\n")
        self.lines.extend(line for line in done if line.strip())
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def run(argv: list[str]) -> int:
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"error: {redact(exc)}", file=sys.stderr)
        return EXIT_USAGE
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(settings.log_dir / "nightly.log", maxBytes=5_000_000, backupCount=5)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    redact_handlers()
    log.info("nightly ingest starting: %s", settings.describe())
    code, reasons = _run_logged(["ingest", *argv], "nightly ingest")
    if code == EXIT_OK:
        log.info("nightly ingest finished with exit code 0")
    else:
        reason = "; ".join(reasons) or "no reason was printed (see above)"
        log.error("nightly ingest failed with exit code %d: %s", code, reason)
    if settings.epoch_path or settings.epoch_url:  # the optional curated source, after the papers so names meet
        epoch_code = _epoch_import()
        code = code if code != EXIT_OK else epoch_code
    return {EXIT_OK: EXIT_OK, EXIT_USAGE: EXIT_USAGE}.get(code, EXIT_FAILED)


def _run_logged(args: list[str], name: str) -> tuple[int, list[str]]:
    """Run one CLI command with its output copied into the log; its exit code and its ``error:`` lines.
    A crash is logged with its traceback (a bug must leave its reason in the log, not only on stderr)."""
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = out, err  # type: ignore[assignment]
    try:
        code = main(["--no-progress", *args])
    except Exception as exc:  # noqa: BLE001
        log.exception("%s crashed: %s", name, exc)
        code = EXIT_FAILED
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
    for line in out.lines:
        log.info("%s", line)
    return code, [line.removeprefix("error: ") for line in err.lines if line.startswith("error: ")]


def _epoch_import() -> int:
    """``import epoch`` from SOTAGRAPH_EPOCH_PATH or SOTAGRAPH_EPOCH_URL; its summary and any error go to the log."""
    code, errors = _run_logged(["import", "epoch"], "epoch import")
    for line in errors:
        log.error("epoch import: %s", line)
    log.info("epoch import finished with exit code %d", code)
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
