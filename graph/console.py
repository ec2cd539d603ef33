"""The read-only Cypher console: one query, one worker process, hard limits on memory, time and size.

Why a worker: an engine's own query timeout is not checked everywhere (LadybugDB builds a
``range(1, 600000000)`` list before it looks at the clock) and an in-process query can take the whole
machine's memory. The worker opens the store read-only through :func:`graph.backends.open_store`, caps
its address space with ``RLIMIT_AS`` (on top of what the opened store already mapped), cannot write
a byte to any file (``RLIMIT_FSIZE`` 0), and on the embedded store is sandboxed with Landlock where the
kernel has it (files readable only under the store's folder, no TCP). The parent kills it when the
time limit passes and reads at most the byte cap back. Every query gets a fresh worker, so no setting
one query changes can reach the next.

Run as ``python -m graph.console``: the worker side reads one pickled request on stdin.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import pickle
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.backends import StoreSettings
from graph.cypher.readonly import Refusal, check
from graph.store import QueryResult, QueryTimeout, ReadOnlyViolation, StoreError

log = logging.getLogger(__name__)

_READY, _RESULT = b"R", b"P"
_START_TIMEOUT_S = 60.0
"""Time for the worker to import and open the store (not counted in the query's time limit)."""
_KILL_GRACE_S = 1.0
"""How long past the engine's own time limit the parent waits before it kills the worker."""


class ConsoleLimitError(StoreError):
    """The query hit the console's memory or result-size limit."""


class ConsoleUsageError(StoreError):
    """A console option is out of range (a usage error: exit code 2 in the CLI)."""


@dataclass(frozen=True)
class ConsoleLimits:
    """Per-query limits; defaults from ``SOTAGRAPH_QUERY_*`` settings."""

    timeout_s: float = 10.0
    row_cap: int = 1000
    byte_cap: int = 8 * 1024 * 1024
    memory_mb: int = 1024
    buffer_pool_mb: int = 256

    @classmethod
    def from_settings(cls, settings: Any, *, timeout_s: float | None = None, row_cap: int | None = None
                      ) -> ConsoleLimits:
        limits = cls(timeout_s=settings.query_timeout_s if timeout_s is None else timeout_s,
                     row_cap=settings.query_row_cap if row_cap is None else row_cap,
                     byte_cap=getattr(settings, "query_byte_cap", cls.byte_cap),
                     memory_mb=getattr(settings, "query_memory_mb", cls.memory_mb),
                     buffer_pool_mb=getattr(settings, "query_buffer_pool_mb", cls.buffer_pool_mb))
        limits.validate()
        return limits

    def validate(self) -> None:
        if not self.timeout_s > 0 or self.timeout_s > 86_400:
            raise ConsoleUsageError(f"the time limit must be between 0 and 86400 s, got {self.timeout_s:g}")
        if self.row_cap < 1:
            raise ConsoleUsageError(f"the row cap must be at least 1, got {self.row_cap}")
        if self.byte_cap < 1024:
            raise ConsoleUsageError(f"the byte cap must be at least 1024 bytes, got {self.byte_cap}")
        if self.memory_mb < 128:
            raise ConsoleUsageError(f"the console memory limit must be at least 128 MB, got {self.memory_mb}")


def checked_query(query: str) -> str:
    """The text to run, or :class:`ReadOnlyViolation` with one line naming the refused clause."""
    try:
        return check(query).text
    except Refusal as exc:
        raise ReadOnlyViolation(f"refused: the console is read-only ({exc})") from None


def check_params(params: Any) -> dict[str, Any]:
    if params is None:
        return {}
    if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
        raise ConsoleUsageError("query parameters must be a JSON object with string keys")
    return params


def run_console_query(settings: Any, query: str, params: dict[str, Any] | None = None, *,
                      timeout_s: float | None = None, row_cap: int | None = None) -> QueryResult:
    """Run ``query`` read-only in a fresh worker process under the console's limits."""
    limits = ConsoleLimits.from_settings(settings, timeout_s=timeout_s, row_cap=row_cap)
    text = checked_query(query)
    request = pickle.dumps({"settings": StoreSettings.of(settings), "query": text, "params": check_params(params), "limits": limits})
    return _run_worker(request, limits)


def _worker_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}  # settings travel on stdin
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _run_worker(request: bytes, limits: ConsoleLimits) -> QueryResult:
    max_out = limits.byte_cap * 2 + (1 << 20)
    with tempfile.TemporaryDirectory(prefix="sotagraph-console-") as cwd:
        proc = subprocess.Popen([sys.executable, "-m", "graph.console"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=_worker_env(),
                                start_new_session=True)
        try:
            out, err, timed_out, too_big = _exchange(proc, request, limits, max_out)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    if timed_out:
        raise QueryTimeout(f"query stopped after the {limits.timeout_s:g} s time limit")
    if too_big:
        raise ConsoleLimitError(f"the result is larger than the {_mb(limits.byte_cap)} byte cap "
                                f"(SOTAGRAPH_QUERY_BYTE_CAP)")
    payload = out[1:] if out.startswith(_READY) else out
    if payload.startswith(_RESULT):
        try:
            status, value = pickle.loads(payload[1:])
        except Exception as exc:  # noqa: BLE001 - a cut or garbled answer is reported below
            log.debug("unreadable console worker answer: %s", exc)
        else:
            if status == "ok":
                return value
            raise _error(*value)
    code = proc.returncode
    if code in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS) or b"MemoryError" in err \
            or b"bad_alloc" in err:
        raise ConsoleLimitError(f"query stopped at the console's {limits.memory_mb} MB memory limit "
                                f"(SOTAGRAPH_QUERY_MEMORY_MB)")
    last = (err.decode(errors="replace").strip().splitlines() or [f"exit code {code}"])[-1]
    raise StoreError(f"the console worker failed: {last[:300]}")


def _exchange(proc: subprocess.Popen[bytes], request: bytes, limits: ConsoleLimits, max_out: int
              ) -> tuple[bytes, bytes, bool, bool]:
    """Send the request, collect stdout/stderr; kill on the deadline or past ``max_out`` bytes."""
    assert proc.stdin and proc.stdout and proc.stderr
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.write(request)
        proc.stdin.close()
    out, err = bytearray(), bytearray()
    deadline = time.monotonic() + _START_TIMEOUT_S
    ready = False
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, out)
    sel.register(proc.stderr, selectors.EVENT_READ, err)
    open_streams = 2
    while open_streams:
        left = deadline - time.monotonic()
        if left <= 0:
            proc.kill()
            if not ready:
                raise StoreError(f"the console worker did not open the store within {_START_TIMEOUT_S:g} s")
            return bytes(out), bytes(err), True, False
        for key, _ in sel.select(timeout=min(left, 0.5)):
            chunk = os.read(key.fd, 1 << 16)
            if not chunk:
                sel.unregister(key.fileobj)
                open_streams -= 1
                continue
            buf = key.data
            if buf is err and len(err) > 65536:
                continue
            buf.extend(chunk)
            if buf is out and not ready and out[:1] == _READY:
                ready = True
                deadline = time.monotonic() + limits.timeout_s + _KILL_GRACE_S
            if len(out) > max_out:
                proc.kill()
                return bytes(out), bytes(err), False, True
    sel.close()
    return bytes(out), bytes(err), False, False


def _error(kind: str, message: str) -> StoreError:
    from graph import store

    cls = {"ConsoleLimitError": ConsoleLimitError, "ConsoleUsageError": ConsoleUsageError}.get(kind) \
        or getattr(store, kind, None)
    if not (isinstance(cls, type) and issubclass(cls, StoreError)):
        cls = StoreError
    return cls(message)


def _mb(n: int) -> str:
    return f"{n / (1 << 20):g} MB" if n >= (1 << 20) else f"{n:,} bytes"


# -- byte accounting (used by both stores' read_only_query) ----------------------------------------
def value_bytes(value: Any) -> int:
    """A cheap size of a result value, close to its size in a JSON or CSV export."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, dict):
        return 2 + sum(len(str(k)) + value_bytes(v) + 2 for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return 2 + sum(value_bytes(v) + 1 for v in value)
    return 8


class RowBudget:
    """Counts rows and bytes of a console result; ``take`` says whether a row still fits."""

    def __init__(self, row_cap: int, byte_cap: int | None) -> None:
        self.row_cap, self.byte_cap = row_cap, byte_cap
        self.rows = 0
        self.bytes = 0

    def take(self, row: list[Any]) -> bool:
        """True to keep ``row``; False when the row cap is reached or the row would pass the byte cap.

        A first row alone larger than the byte cap raises :class:`ConsoleLimitError` (nothing to show).
        """
        if self.rows >= self.row_cap:
            return False
        size = value_bytes(row)
        if self.byte_cap is not None and self.bytes + size > self.byte_cap:
            if self.rows == 0:
                raise ConsoleLimitError(f"the first row alone is larger than the {_mb(self.byte_cap)} byte cap "
                                        f"(SOTAGRAPH_QUERY_BYTE_CAP)")
            return False
        self.rows += 1
        self.bytes += size
        return True


# -- the worker side ----------------------------------------------------------------------------------
def _limit_memory(memory_mb: int, statm_fd: int) -> None:
    """Cap further address space at ``memory_mb`` above what is mapped now.

    The embedded engine reserves (not uses) terabytes of address space when it opens; pages in that
    reservation are bounded by its buffer pool, everything else by this limit. ``statm_fd`` is
    ``/proc/self/statm``, opened before the sandbox closed the file system.
    """
    import resource

    mapped = int(os.pread(statm_fd, 256, 0).split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = mapped + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _no_file_writes() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, no signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _preload() -> None:
    """Modules result conversion may import lazily, loaded before the sandbox closes the file system."""
    import datetime  # noqa: F401
    import decimal  # noqa: F401
    import uuid  # noqa: F401


def worker_main() -> int:
    """Read one request on stdin, answer on stdout: ``R`` once open, then ``P`` + a pickled result."""
    from graph import sandbox
    from graph.backends import open_store

    out = sys.stdout.buffer
    request = pickle.load(sys.stdin.buffer)
    settings, limits = request["settings"], request["limits"]

    def answer(status: str, value: Any) -> None:
        out.write(_RESULT + pickle.dumps((status, value), protocol=pickle.HIGHEST_PROTOCOL))
        out.flush()

    _no_file_writes()
    statm_fd = os.open("/proc/self/statm", os.O_RDONLY | os.O_CLOEXEC)
    embedded = settings.graph == "embedded"
    if embedded:
        # Both walls bind only threads started after them: raise them before the engine starts its own.
        import graph.embedded  # noqa: F401 - imported before the file system closes

        _preload()
        sandbox.no_network()
        sandbox.confine(read_only_dirs=[Path(settings.store_path).parent])
    if embedded:
        settings = dataclasses.replace(settings, buffer_pool_mb=limits.buffer_pool_mb)
    try:
        store = open_store(settings, read_only=True)
    except StoreError as exc:
        answer("error", (type(exc).__name__, str(exc)))
        return 0
    _limit_memory(limits.memory_mb, statm_fd)
    out.write(_READY)
    out.flush()
    try:
        result = store.read_only_query(request["query"], request["params"], timeout_s=limits.timeout_s,
                                       row_cap=limits.row_cap, byte_cap=limits.byte_cap)
        answer("ok", result)
    except StoreError as exc:
        answer("error", (type(exc).__name__, str(exc)))
    except MemoryError:
        answer("error", ("ConsoleLimitError", f"query stopped at the console's {limits.memory_mb} MB memory "
                                              f"limit (SOTAGRAPH_QUERY_MEMORY_MB)"))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    sys.exit(worker_main())
