"""Generations of the embedded store: a writer never writes the file readers have open.

LadybugDB allows many read-only processes *or* one writer on a file, not both: a read-only
handle beside a writer sees pages half-way through a checkpoint. So the store at ``store_path``
(for example ``~/.sotagraph/graph/sotagraph.lbug``) is a relative symlink to the *published
generation*, an immutable, checkpointed database file in ``<store_path>.gens/``::

    sotagraph.lbug -> sotagraph.lbug.gens/g000042.lbug
    sotagraph.lbug.gens/g000041.lbug     the previous generation (kept for readers mid-switch)
    sotagraph.lbug.gens/g000042.lbug     published: readers open this one, nobody writes it
    sotagraph.lbug.gens/g000043.lbug     being written (with g000043.base naming its base)
    sotagraph.lbug.gens/writer.lock      flock held by the one writer

A writer takes the lock, copies the published generation to the next one (``copy_file_range``:
in-kernel, a reflink where the file system has them), writes into the copy, and on close
checkpoints it and swaps the symlink by ``rename`` (atomic). Readers resolve the symlink once
when they open and keep that file; :func:`published` tells them between queries whether a newer
one exists. Old generations are unlinked once two newer ones exist: a reader that still has one
open keeps reading its inode (Linux unlink semantics) until it reopens.

A writer killed mid-run leaves the published generation untouched; the next writer resumes the
unfinished generation (its ``.base`` marker names the generation it was copied from), so batches
already committed there, and the vector index saved alongside them, are not lost or redone.
A store in the old layout (a plain file at ``store_path``) is read in place and becomes the base
of generation 1 on the first write.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

KEEP = 2
"""Published generations kept: the current one and the one before (a reader that resolved the
link just before a switch can still open it)."""
_GEN = re.compile(r"^g(\d{6,})\.lbug$")
_GEN_ANY = re.compile(r"^g(\d{6,})\.")
_LEGACY = "legacy"
_EMPTY = "empty"


class GenerationError(Exception):
    """The generation layout cannot be used (another writer holds it, a copy failed)."""


class WriterBusy(GenerationError):
    """Another process is writing the store."""


def gens_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".gens")


def _seq(name: str) -> int | None:
    m = _GEN.match(name)
    return int(m.group(1)) if m else None


def _name(seq: int) -> str:
    return f"g{seq:06d}.lbug"


def published(store_path: Path) -> Path | None:
    """The database file readers should open now: the link's target, a legacy plain file, or ``None``."""
    store_path = Path(store_path)
    try:
        target = os.readlink(store_path)
    except FileNotFoundError:
        return None
    except OSError:  # not a symlink: the old single-file layout (or a directory, which ladybug will refuse)
        return store_path if store_path.exists() else None
    path = store_path.parent / target
    return path if path.exists() else None


def generation_name(path: Path | None) -> str:
    """A short name for logs and cache keys: ``g000042`` or ``legacy``."""
    if path is None:
        return "none"
    return path.stem if _seq(path.name) is not None else _LEGACY


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _side_files(directory: Path, seq: int) -> list[Path]:
    """The generation's database file and everything LadybugDB or we keep beside it."""
    prefix = f"g{seq:06d}."
    return [p for p in directory.iterdir() if p.name.startswith(prefix) or p.name.startswith(f".{prefix}")]


def _remove_generation(directory: Path, seq: int) -> None:
    for p in _side_files(directory, seq):
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()


def copy_file(src: Path, dst: Path) -> None:
    """Copy with ``copy_file_range`` (no user-space buffers; shares extents on reflink file systems)."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        size = os.fstat(fin.fileno()).st_size
        done = 0
        try:
            while done < size:
                n = os.copy_file_range(fin.fileno(), fout.fileno(), size - done)
                if n == 0:
                    break
                done += n
        except OSError:  # a file system or kernel without it: plain copy from the start
            fin.seek(0)
            fout.seek(0)
            fout.truncate()
            shutil.copyfileobj(fin, fout, 16 * 1024 * 1024)
        fout.flush()
        os.fsync(fout.fileno())


@dataclass
class WriterLease:
    """The one writer's hold on the store: the generation it writes, until :meth:`publish`/:meth:`release`."""

    store_path: Path
    path: Path
    base: Path | None
    lock_fd: int
    resumed: bool
    copy_seconds: float

    @property
    def seq(self) -> int:
        seq = _seq(self.path.name)
        assert seq is not None
        return seq

    def publish(self) -> None:
        """Make the written generation the one readers open (the database must be closed first)."""
        if self.lock_fd < 0:
            raise GenerationError("the writer lease was already released")
        directory = self.path.parent
        if not self.path.exists():
            raise GenerationError(f"nothing to publish: {self.path} is missing")
        _fsync(self.path)
        parent = self.store_path.parent
        tmp = parent / f".{self.store_path.name}.{os.getpid()}.link"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(f"{directory.name}/{self.path.name}", tmp)
        os.replace(tmp, self.store_path)  # the switch: readers resolving the link now get the new file
        for stale in (self.store_path.with_name(self.store_path.name + ".wal"),):
            with contextlib.suppress(FileNotFoundError):  # a legacy file's WAL, replayed into generation 1
                stale.unlink()
        _fsync_dir(parent)
        (directory / f"g{self.seq:06d}.base").unlink(missing_ok=True)
        _fsync_dir(directory)
        log.info("published graph generation %s", self.path.stem)
        collect_garbage(self.store_path)

    def release(self) -> None:
        if self.lock_fd >= 0:
            fcntl.flock(self.lock_fd, fcntl.LOCK_UN)
            os.close(self.lock_fd)
            self.lock_fd = -1


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _lock(directory: Path) -> int:
    fd = os.open(directory / "writer.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = "another process"
        with contextlib.suppress(OSError, ValueError):
            holder = f"pid {int(os.pread(fd, 32, 0).decode().strip())}"
        os.close(fd)
        raise WriterBusy(holder) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def _base_id(base: Path | None) -> str:
    if base is None:
        return _EMPTY
    return base.name if _seq(base.name) is not None else f"{_LEGACY}:{os.stat(base).st_ino}"


def begin_write(store_path: Path) -> WriterLease:
    """Take the writer lock and return the generation to write: a resumed one or a fresh copy."""
    store_path = Path(store_path)
    directory = gens_dir(store_path)
    directory.mkdir(parents=True, exist_ok=True)
    fd = _lock(directory)
    try:
        return _prepare(store_path, directory, fd)
    except BaseException:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        raise


def _prepare(store_path: Path, directory: Path, fd: int) -> WriterLease:
    for tmp in directory.glob("*.tmp"):  # a copy cut short by a crash
        tmp.unlink(missing_ok=True)
    for tmp in store_path.parent.glob(f".{store_path.name}.*.link"):
        tmp.unlink(missing_ok=True)
    base = published(store_path)
    base_seq = (_seq(base.name) or 0) if base is not None and base.parent == directory else 0
    want = _base_id(base)
    seqs = sorted({int(m.group(1)) for p in directory.iterdir() if (m := _GEN_ANY.match(p.name))})
    resume: int | None = None
    for seq in sorted((s for s in seqs if s > base_seq), reverse=True):
        marker = directory / f"g{seq:06d}.base"
        found = marker.read_text("utf-8").strip() if marker.exists() else None
        if resume is None and found == want:
            resume = seq
            continue
        log.info("discarding unfinished graph generation g%06d (based on %s, published is %s)", seq, found, want)
        _remove_generation(directory, seq)
    if resume is not None:
        path = directory / _name(resume)
        log.warning("resuming graph generation %s left by an interrupted writer", path.stem)
        return WriterLease(store_path, path, base, fd, True, 0.0)
    seq = max([base_seq, *seqs]) + 1
    path = directory / _name(seq)
    t0 = time.perf_counter()
    if base is not None:
        for suffix in ("", ".wal"):  # a legacy file may carry a WAL to replay; published generations do not
            src = base.with_name(base.name + suffix)
            if src.exists():
                tmp = path.with_name(path.name + suffix + ".tmp")
                copy_file(base.with_name(base.name + suffix), tmp)
                os.replace(tmp, path.with_name(path.name + suffix))
    marker = directory / f"g{seq:06d}.base"
    tmp = marker.with_name(marker.name + ".tmp")
    tmp.write_text(want + "\n", "utf-8")
    os.replace(tmp, marker)
    _fsync_dir(directory)
    dt = time.perf_counter() - t0
    if base is not None:
        log.info("graph generation %s copied from %s (%.0f MB) in %.2f s", path.stem, generation_name(base),
                 base.stat().st_size / 1e6, dt)
    return WriterLease(store_path, path, base, fd, False, dt)


def collect_garbage(store_path: Path, keep: int = KEEP) -> list[str]:
    """Delete published generations older than the newest ``keep``; call with the writer lock held.

    Readers that still have a deleted generation open keep reading it (the inode lives until they
    close it); they move to the newest generation at their next refresh.
    """
    directory = gens_dir(Path(store_path))
    current = published(Path(store_path))
    if current is None or current.parent != directory:
        return []
    cur = _seq(current.name)
    assert cur is not None
    olds = sorted({s for p in directory.iterdir() if (s := _seq(p.name)) is not None and s < cur}, reverse=True)
    removed = []
    for seq in olds[keep - 1:]:
        _remove_generation(directory, seq)
        removed.append(_name(seq))
    if removed:
        log.info("removed old graph generations %s", ", ".join(removed))
    return removed
