"""The FAISS vector index of paper embeddings: derived data, always rebuildable from the graph.

Ids: every paper gets a stable int64 FAISS id, ``paper_vector_id(arxiv_id)`` (63-bit blake2b of
the versionless arXiv id), so the same paper has the same id in every index and every rebuild.

Index types (``index_type="auto"`` picks by size, any can be forced):
- ``flat``: ``IndexIDMap2(IndexFlatIP)`` - exact inner product (= cosine on unit vectors), used
  below ``HNSW_THRESHOLD`` vectors. Replacing a vector removes the old one (``remove_ids``).
- ``ivf``: ``IndexIDMap2(IndexIVFFlat)`` - approximate, what ``auto`` picks for large
  collections: ``nlist`` ~ 4 sqrt(n) k-means lists (trained on a seeded sample), ``nprobe`` lists
  scanned per query. Chosen over HNSW because a nightly add is a centroid assignment (2,000
  vectors into 1M in well under a second, vs ~10 s of HNSW graph inserts on 2 cores) at the same
  recall; the lists are retrained when the collection grows past ``IVF_RETRAIN_GROWTH`` x the
  size they were trained on. Held as ``flat`` until there are ``IVF_MIN_VECTORS`` to train on.
- ``hnsw``: ``IndexIDMap2(IndexHNSWFlat)`` - approximate, forced only.
  IVF and HNSW do not remove points in place, so a replaced vector is *tombstoned*: its entry in
  the id map is relabelled with a negative id and searches pass a selector that admits only
  non-negative ids (filtered inside the search, so ``k`` results still come back). ``compact()``
  (and ``reindex``) rebuilds without tombstones; ``upsert`` compacts by itself past
  ``TOMBSTONE_COMPACT_RATIO``.

On disk (a directory): ``manifest.json`` (model, dimension, count, index type, graph paper count
at save, file names, sizes and checksums), ``index.<token>.faiss`` and ``papers.<token>.json``
(arxiv_id -> [vector id, version, text fingerprint], so stale vectors are detected). Each file is
written to a temp file, fsynced and renamed; the manifest is renamed last and is the commit point,
so a crash during save leaves the previous generation intact. Loading verifies sizes and
checksums first and raises :class:`CorruptIndexError` (never feeds a damaged file to FAISS).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
HNSW_THRESHOLD = 100_000
"""Past this many vectors ``auto`` switches from exact flat search to an approximate index (IVF;
flat search over 100k 384-d vectors already costs several ms per query on 2 cores)."""
TOMBSTONE_COMPACT_RATIO = 0.2
INDEX_TYPES = ("auto", "flat", "ivf", "hnsw")
APPROXIMATE = ("ivf", "hnsw")
IVF_NPROBE = 32
IVF_MIN_VECTORS = 1_000
IVF_RETRAIN_GROWTH = 4.0
IVF_TRAIN_PER_LIST = 64
IVF_KMEANS_ITER = 10
_TRAIN_SEED = 1234
_MAX_ID = 2**63 - 1


class VectorIndexError(Exception):
    """Base class for vector index problems; the message is one line a user can act on."""


class IndexNotFoundError(VectorIndexError):
    """No saved index in the directory."""


class CorruptIndexError(VectorIndexError):
    """A saved index file is truncated, damaged or inconsistent with its manifest."""


class DimensionMismatchError(VectorIndexError):
    """Vectors or a model of another dimension than the index."""


class ModelMismatchError(VectorIndexError):
    """The index was built with another embedding model."""


def ivf_nlist(count: int) -> int:
    """Lists for ``count`` vectors: ~4 sqrt(n), at least 39 training points per list, at most 16,384."""
    return max(1, min(16_384, int(4 * count ** 0.5), count // 39))


def _buildable(kind: str, count: int) -> str:
    """``kind``, or ``flat`` for IVF with too few vectors to train lists on (exact search is cheap there)."""
    return "flat" if kind == "ivf" and count < IVF_MIN_VECTORS else kind


def paper_vector_id(arxiv_id: str) -> int:
    """Stable non-negative int64 id of a paper: 63 bits of blake2b over the versionless id."""
    digest = hashlib.blake2b(arxiv_id.strip().encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _MAX_ID


@dataclass
class Entry:
    """What a stored vector was computed from, to tell a current vector from a stale one."""

    version: int | None
    fingerprint: str


@dataclass
class Manifest:
    model: str
    dimension: int
    count: int
    index_type: str
    graph_paper_count: int | None = None
    backend: str | None = None
    tombstones: int = 0
    saved_at: float = 0.0
    index_file: str = ""
    index_bytes: int = 0
    index_checksum: str = ""
    papers_file: str = ""
    papers_bytes: int = 0
    papers_checksum: str = ""
    hnsw: dict[str, int] = field(default_factory=dict)
    ivf: dict[str, int] = field(default_factory=dict)
    format: int = FORMAT_VERSION


def _file_checksum(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as fh:
        while chunk := fh.read(8 << 20):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write(directory: Path, name: str, writer: Any) -> Path:
    """Write via ``writer(tmp_path)`` into a temp file in ``directory``, fsync, rename to ``name``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        writer(tmp_path)
        with tmp_path.open("rb+") as fh:
            os.fsync(fh.fileno())
        final = directory / name
        os.replace(tmp_path, final)
        return final
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def as_matrix(vectors: Any, dimension: int) -> np.ndarray:
    """Vectors as a C-contiguous float32 ``(n, dimension)`` array, refusing another dimension."""
    arr = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] != dimension:
        raise DimensionMismatchError(
            f"vectors have dimension {arr.shape[-1] if arr.ndim else '?'}, the index has {dimension}: "
            "use the index's embedding model or rebuild with `sotagraph reindex`"
        )
    return arr


class VectorIndex:
    """Paper vectors keyed by arXiv id, searchable by inner product."""

    def __init__(
        self,
        dimension: int,
        model: str,
        *,
        index_type: str = "auto",
        hnsw_threshold: int = HNSW_THRESHOLD,
        hnsw_m: int = 32,
        ef_construction: int = 80,
        ef_search: int = 256,
        nprobe: int = IVF_NPROBE,
        backend: str | None = None,
    ) -> None:
        if index_type not in INDEX_TYPES:
            raise VectorIndexError(f"index type must be one of {', '.join(INDEX_TYPES)}, got {index_type!r}")
        if dimension <= 0:
            raise DimensionMismatchError(f"dimension must be > 0, got {dimension}")
        self.dimension = int(dimension)
        self.model = model
        self.backend = backend
        self.requested_type = index_type
        self.hnsw_threshold = hnsw_threshold
        self.hnsw_m = hnsw_m
        self.ef_construction = ef_construction
        self.ef_search = ef_search
        self.nprobe = nprobe
        self.ivf_nlist = 0  # lists of the current IVF structure (0 when not IVF)
        self.ivf_trained_on = 0  # vectors its lists were trained on
        self.entries: dict[str, Entry] = {}
        self._by_vid: dict[int, str] = {}
        self._tombstones = 0
        self.index_type = "hnsw" if index_type == "hnsw" else "flat"
        self._index = self._new_faiss(self.index_type)

    # ---- construction -------------------------------------------------------------------------
    def _new_faiss(self, kind: str, train: np.ndarray | None = None) -> Any:
        if kind == "ivf":
            if train is None or len(train) < IVF_MIN_VECTORS:
                raise VectorIndexError(f"an IVF index needs at least {IVF_MIN_VECTORS} vectors to train on")
            nlist = ivf_nlist(len(train))
            quantizer = faiss.IndexFlatIP(self.dimension)
            inner = faiss.IndexIVFFlat(quantizer, self.dimension, nlist, faiss.METRIC_INNER_PRODUCT)
            inner.cp.niter = IVF_KMEANS_ITER
            inner.cp.seed = _TRAIN_SEED
            rng = np.random.default_rng(_TRAIN_SEED)
            sample_n = min(len(train), IVF_TRAIN_PER_LIST * nlist)
            sample = train if sample_n == len(train) else train[np.sort(rng.choice(len(train), sample_n, replace=False))]
            inner.train(np.ascontiguousarray(sample, dtype=np.float32))
            inner.make_direct_map()  # reconstruct() by id, kept up to date by add
            inner.nprobe = self.nprobe
            self.ivf_nlist, self.ivf_trained_on = nlist, len(train)
            return faiss.IndexIDMap2(inner)  # the Python wrappers keep ``inner`` and ``quantizer`` alive
        if kind == "hnsw":
            inner = faiss.IndexHNSWFlat(self.dimension, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = self.ef_construction
            inner.hnsw.efSearch = self.ef_search
        else:
            inner = faiss.IndexFlatIP(self.dimension)
        return faiss.IndexIDMap2(inner)  # the Python wrapper keeps ``inner`` alive

    def _target_type(self, count: int) -> str:
        wanted = self.requested_type
        if wanted == "auto":
            wanted = "ivf" if count >= self.hnsw_threshold else "flat"
        return _buildable(wanted, count)

    # ---- basic facts ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, arxiv_id: object) -> bool:
        return arxiv_id in self.entries

    @property
    def tombstones(self) -> int:
        return self._tombstones

    @property
    def faiss_index(self) -> Any:
        return self._index

    def arxiv_id_for(self, vector_id: int) -> str | None:
        return self._by_vid.get(int(vector_id))

    def check_model(self, model: str, dimension: int) -> None:
        """Refuse an embedder whose model or dimension differs from the index's."""
        if dimension != self.dimension:
            raise DimensionMismatchError(
                f"embedding model {model} gives {dimension}-d vectors but the index holds {self.dimension}-d "
                f"vectors of {self.model}: use that model or rebuild with `sotagraph reindex`"
            )
        if model != self.model:
            raise ModelMismatchError(
                f"index was built with model {self.model}, not {model}: use that model or `sotagraph reindex`"
            )

    # ---- writes -------------------------------------------------------------------------------
    def _live_ids_array(self) -> np.ndarray:
        return faiss.vector_to_array(self._index.id_map).astype(np.int64, copy=False)

    def _drop_vids(self, vids: Sequence[int]) -> None:
        if not vids:
            return
        arr = np.asarray(vids, dtype=np.int64)
        if self.index_type == "flat":
            self._index.remove_ids(faiss.IDSelectorBatch(arr))
            return
        id_map = self._live_ids_array().copy()
        positions = np.nonzero(np.isin(id_map, arr))[0]
        id_map[positions] = -(positions.astype(np.int64) + 2)  # unique negative labels = tombstones
        faiss.copy_array_to_vector(id_map, self._index.id_map)
        self._index.construct_rev_map()
        self._tombstones += len(positions)

    def upsert(
        self,
        arxiv_ids: Sequence[str],
        vectors: Any,
        *,
        versions: Sequence[int | None] | None = None,
        fingerprints: Sequence[str] | None = None,
    ) -> int:
        """Add papers' vectors; a paper already present has its vector replaced. Returns count written."""
        mat = as_matrix(vectors, self.dimension)
        if len(arxiv_ids) != len(mat):
            raise VectorIndexError(f"{len(arxiv_ids)} ids for {len(mat)} vectors")
        if not len(mat):
            return 0
        versions = list(versions) if versions is not None else [None] * len(mat)
        fingerprints = list(fingerprints) if fingerprints is not None else [""] * len(mat)
        # last occurrence wins within one call
        last: dict[str, int] = {aid: i for i, aid in enumerate(arxiv_ids)}
        rows = sorted(last.values())
        ids = [arxiv_ids[i] for i in rows]
        vids = [paper_vector_id(a) for a in ids]
        for aid, vid in zip(ids, vids, strict=True):
            other = self._by_vid.get(vid)
            if other is not None and other != aid:
                raise VectorIndexError(f"vector id collision between {aid} and {other}")
        self._drop_vids([v for a, v in zip(ids, vids, strict=True) if a in self.entries])
        self._index.add_with_ids(mat[rows], np.asarray(vids, dtype=np.int64))
        for row, aid, vid in zip(rows, ids, vids, strict=True):
            self.entries[aid] = Entry(versions[row], fingerprints[row])
            self._by_vid[vid] = aid
        self._maybe_restructure()
        return len(rows)

    def remove(self, arxiv_ids: Iterable[str]) -> int:
        """Drop papers' vectors (e.g. ids no longer in the graph)."""
        present = [a for a in dict.fromkeys(arxiv_ids) if a in self.entries]
        vids = [paper_vector_id(a) for a in present]
        self._drop_vids(vids)
        for aid, vid in zip(present, vids, strict=True):
            del self.entries[aid]
            self._by_vid.pop(vid, None)
        self._maybe_restructure()
        return len(present)

    def _maybe_restructure(self) -> None:
        target = self._target_type(len(self.entries))
        too_many_tombstones = self._tombstones > TOMBSTONE_COMPACT_RATIO * max(1, self._index.ntotal)
        # never go back from an approximate index to flat on removals alone (no flapping near a threshold)
        if target != self.index_type and not (target == "flat" and self.index_type in APPROXIMATE):
            log.info("vector index: converting %s -> %s at %d vectors", self.index_type, target, len(self))
            self.compact(target)
        elif self.index_type in APPROXIMATE and too_many_tombstones:
            log.info("vector index: compacting %d tombstones", self._tombstones)
            self.compact()
        elif self.index_type == "ivf" and len(self.entries) > IVF_RETRAIN_GROWTH * max(1, self.ivf_trained_on):
            log.info("vector index: retraining IVF lists at %d vectors (trained on %d)", len(self),
                     self.ivf_trained_on)
            self.compact()

    def live_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """(vector ids, vectors) of every live entry, in index order."""
        id_map = self._live_ids_array()
        n = self._index.ntotal
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.dimension), dtype=np.float32)
        inner = faiss.downcast_index(self._index.index)
        keep = id_map >= 0
        if self.index_type == "ivf":
            return id_map[keep].copy(), inner.reconstruct_n(0, n)[keep]
        storage = inner if self.index_type == "flat" else faiss.downcast_index(inner.storage)
        xb = faiss.rev_swig_ptr(storage.get_xb(), n * self.dimension).reshape(n, self.dimension)
        return id_map[keep].copy(), np.array(xb[keep], dtype=np.float32)

    def compact(self, index_type: str | None = None) -> None:
        """Rebuild the FAISS structure from the live vectors (drops tombstones, changes type)."""
        kind = index_type or self.index_type
        vids, vecs = self.live_vectors()
        kind = _buildable(kind, len(vids))
        fresh = self._new_faiss(kind, train=vecs)
        if kind != "ivf":
            self.ivf_nlist = self.ivf_trained_on = 0
        if len(vids):
            fresh.add_with_ids(vecs, vids)
        self._index = fresh
        self.index_type = kind
        self._tombstones = 0

    # ---- reads ----------------------------------------------------------------------------------
    def vector(self, arxiv_id: str) -> np.ndarray:
        """The stored vector of a paper (KeyError when absent)."""
        if arxiv_id not in self.entries:
            raise KeyError(arxiv_id)
        return self._index.reconstruct(paper_vector_id(arxiv_id))

    def search(self, queries: Any, k: int = 10, *, ef_search: int | None = None, nprobe: int | None = None
               ) -> list[list[tuple[str, float]]]:
        """Top-``k`` (arxiv_id, score) per query row, best first; score = cosine for unit vectors.

        ``ef_search`` (HNSW) and ``nprobe`` (IVF) widen an approximate search; flat ignores both.
        """
        mat = as_matrix(queries, self.dimension)
        if k <= 0 or self._index.ntotal == 0:
            return [[] for _ in range(len(mat))]
        k_eff = min(k, len(self.entries))
        params = None
        selector = None
        if self.index_type == "hnsw":
            params = faiss.SearchParametersHNSW()
            params.efSearch = max(ef_search or self.ef_search, k_eff)
        elif self.index_type == "ivf":
            params = faiss.SearchParametersIVF()
            params.nprobe = min(nprobe or self.nprobe, self.ivf_nlist or 1)
        if self._tombstones:
            selector = faiss.IDSelectorRange(0, _MAX_ID)
            params = params or faiss.SearchParameters()
            params.sel = selector
        scores, labels = self._index.search(mat, k_eff, params=params) if params else self._index.search(mat, k_eff)
        out: list[list[tuple[str, float]]] = []
        for srow, lrow in zip(scores, labels, strict=True):
            hits = []
            for s, v in zip(srow, lrow, strict=True):
                if v < 0:
                    continue
                aid = self._by_vid.get(int(v))
                if aid is not None:
                    hits.append((aid, float(s)))
            out.append(hits)
        return out

    # ---- persistence ----------------------------------------------------------------------------
    def save(self, directory: Path | str, *, graph_paper_count: int | None = None) -> Manifest:
        """Write index + papers sidecar + manifest atomically; old generation files are removed after."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        token = f"{int(time.time())}-{secrets.token_hex(4)}"
        index_name, papers_name = f"index.{token}.faiss", f"papers.{token}.json"
        index_path = _atomic_write(directory, index_name, lambda p: faiss.write_index(self._index, str(p)))
        papers = {aid: [paper_vector_id(aid), e.version, e.fingerprint] for aid, e in self.entries.items()}
        papers_path = _atomic_write(
            directory, papers_name, lambda p: p.write_text(json.dumps(papers, separators=(",", ":")), "utf-8"))
        manifest = Manifest(
            model=self.model, dimension=self.dimension, count=len(self.entries), index_type=self.index_type,
            graph_paper_count=graph_paper_count, backend=self.backend, tombstones=self._tombstones,
            saved_at=time.time(), index_file=index_name, index_bytes=index_path.stat().st_size,
            index_checksum=_file_checksum(index_path), papers_file=papers_name,
            papers_bytes=papers_path.stat().st_size, papers_checksum=_file_checksum(papers_path),
            hnsw={"M": self.hnsw_m, "efConstruction": self.ef_construction, "efSearch": self.ef_search,
                  "threshold": self.hnsw_threshold},
            ivf={"nlist": self.ivf_nlist, "nprobe": self.nprobe, "trained_on": self.ivf_trained_on},
        )
        body = json.dumps({**manifest.__dict__, "requested_type": self.requested_type}, indent=2)
        _atomic_write(directory, MANIFEST, lambda p: p.write_text(body, "utf-8"))
        _fsync_dir(directory)
        leftovers = [*directory.glob("index.*.faiss"), *directory.glob("papers.*.json"), *directory.glob(".*.tmp")]
        for old in leftovers:  # the previous generation, and files of a save that crashed midway
            if old.name not in (index_name, papers_name):
                old.unlink(missing_ok=True)
        log.info("vector index saved: %d vectors (%s) in %s", len(self), self.index_type, directory)
        return manifest

    @staticmethod
    def read_manifest(directory: Path | str) -> Manifest:
        """The manifest of a saved index (IndexNotFoundError / CorruptIndexError)."""
        path = Path(directory) / MANIFEST
        if not path.exists():
            raise IndexNotFoundError(f"no vector index in {directory}: run `sotagraph reindex` to build one")
        try:
            raw = json.loads(path.read_text("utf-8"))
            raw.pop("requested_type", None)
            manifest = Manifest(**raw)
        except (ValueError, TypeError) as exc:
            raise CorruptIndexError(f"vector index manifest {path} is damaged ({exc}); "
                                    "run `sotagraph reindex`") from exc
        if manifest.format != FORMAT_VERSION:
            raise CorruptIndexError(f"vector index format {manifest.format} not supported (want {FORMAT_VERSION}); "
                                    "run `sotagraph reindex`")
        return manifest

    @classmethod
    def load(cls, directory: Path | str, *, verify: bool = True) -> VectorIndex:
        """Load a saved index; a truncated/damaged file raises CorruptIndexError (never crashes FAISS)."""
        directory = Path(directory)
        m = cls.read_manifest(directory)
        raw = json.loads((directory / MANIFEST).read_text("utf-8"))
        index_path, papers_path = directory / m.index_file, directory / m.papers_file
        for path, size, checksum in ((index_path, m.index_bytes, m.index_checksum),
                                     (papers_path, m.papers_bytes, m.papers_checksum)):
            if not path.exists():
                raise CorruptIndexError(f"vector index file {path} is missing; run `sotagraph reindex`")
            actual = path.stat().st_size
            if actual != size:
                raise CorruptIndexError(f"vector index file {path} is truncated or damaged "
                                        f"({actual} bytes, expected {size}); run `sotagraph reindex`")
            if verify and _file_checksum(path) != checksum:
                raise CorruptIndexError(f"vector index file {path} is damaged (checksum mismatch); "
                                        "run `sotagraph reindex`")
        hnsw = m.hnsw or {}
        obj = cls(m.dimension, m.model, index_type=raw.get("requested_type", m.index_type),
                  hnsw_threshold=hnsw.get("threshold", HNSW_THRESHOLD), hnsw_m=hnsw.get("M", 32),
                  ef_construction=hnsw.get("efConstruction", 80), ef_search=hnsw.get("efSearch", 256),
                  nprobe=(m.ivf or {}).get("nprobe", IVF_NPROBE), backend=m.backend)
        try:
            index = faiss.read_index(str(index_path))
            papers = json.loads(papers_path.read_text("utf-8"))
        except (RuntimeError, ValueError) as exc:
            raise CorruptIndexError(f"vector index in {directory} cannot be read ({exc}); "
                                    "run `sotagraph reindex`") from exc
        if index.d != m.dimension:
            raise CorruptIndexError(f"vector index dimension {index.d} disagrees with its manifest ({m.dimension})")
        if not isinstance(index, faiss.IndexIDMap2):
            raise CorruptIndexError(f"vector index in {directory} is not an id-mapped index; run `sotagraph reindex`")
        obj._index = index
        obj.index_type = m.index_type
        if m.index_type == "ivf":
            inner = faiss.downcast_index(index.index)
            if not isinstance(inner, faiss.IndexIVFFlat):
                raise CorruptIndexError(f"vector index in {directory} is not the IVF index its manifest says")
            obj.ivf_nlist, obj.ivf_trained_on = inner.nlist, (m.ivf or {}).get("trained_on", index.ntotal)
        obj._tombstones = m.tombstones
        for aid, (vid, version, fingerprint) in papers.items():
            obj.entries[aid] = Entry(version, fingerprint)
            obj._by_vid[int(vid)] = aid
        if index.ntotal - m.tombstones != len(obj.entries) or len(obj.entries) != m.count:
            raise CorruptIndexError(f"vector index in {directory} holds {index.ntotal - m.tombstones} vectors "
                                    f"but lists {len(obj.entries)} papers; run `sotagraph reindex`")
        return obj
