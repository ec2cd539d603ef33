"""Real model names from 2023-2026 resolve to the right key, family, developer, developer country and
accessibility, both as a baseline named in an abstract and as a results-table label.

The expected facts are public: the developers' release announcements and model cards, and Epoch AI's
capabilities index (the source of tracker/knowledge/accessibility.yaml).
"""

from __future__ import annotations

import pytest

from tracker.extract.identity import canonical, migrate_store_keys, resolve
from tracker.extract.models import find_mentions
from tracker.extract.paper import extract_paper
from tracker.extract.tables import model_key
from tracker.knowledge import model_table
from tracker.knowledge_lookup import org_lookup
from tracker.records import PaperRecord

# (name as written, key, family, developer, developer country, accessibility)
NAMES = [
 # name, key, family, developer, country, access
 ("GPT-4o", "gpt-4o", "gpt-4", "openai", "US", "api"),
 ("GPT-4o mini", "gpt-4o-mini", "gpt-4", "openai", "US", "api"),
 ("GPT-4o-2024-08-06", "gpt-4o", "gpt-4", "openai", "US", "api"),
 ("GPT-4", "gpt-4", "gpt-4", "openai", "US", "api"),
 ("GPT-4 Turbo", "gpt-4-turbo", "gpt-4", "openai", "US", "api"),
 ("GPT-4.1", "gpt-4.1", "gpt-4", "openai", "US", "api"),
 ("GPT-4.1 mini", "gpt-4.1-mini", "gpt-4", "openai", "US", "api"),
 ("GPT-4.5", "gpt-4.5", "gpt-4", "openai", "US", "api"),
 ("GPT-5", "gpt-5", "gpt-5", "openai", "US", "api"),
 ("GPT-5 mini", "gpt-5-mini", "gpt-5", "openai", "US", "api"),
 ("GPT-5.1", "gpt-5.1", "gpt-5", "openai", "US", "api"),
 ("GPT-5.2", "gpt-5.2", "gpt-5", "openai", "US", "api"),
 ("GPT-5.4", "gpt-5.4", "gpt-5", "openai", "US", "api"),
 ("GPT-3.5 Turbo", "gpt-3.5", "gpt-3", "openai", "US", "api"),
 ("o1", "o1", "o-series", "openai", "US", "api"),
 ("o1-mini", "o1-mini", "o-series", "openai", "US", "api"),
 ("o3", "o3", "o-series", "openai", "US", "api"),
 ("o3-mini", "o3-mini", "o-series", "openai", "US", "api"),
 ("o4-mini", "o4-mini", "o-series", "openai", "US", "api"),
 ("gpt-oss-120b", "gpt-oss-120b", "gpt-oss", "openai", "US", "open_weights"),
 ("gpt-oss-20b", "gpt-oss-20b", "gpt-oss", "openai", "US", "open_weights"),
 ("Claude 3.5 Sonnet", "claude-3.5-sonnet", "claude", "anthropic", "US", "api"),
 ("Claude 3.5 Haiku", "claude-3.5-haiku", "claude", "anthropic", "US", "api"),
 ("Claude 3.7 Sonnet", "claude-3.7-sonnet", "claude", "anthropic", "US", "api"),
 ("Claude 3 Opus", "claude-3-opus", "claude", "anthropic", "US", "api"),
 ("Claude Sonnet 4", "claude-sonnet-4", "claude", "anthropic", "US", "api"),
 ("claude-sonnet-4-20250514", "claude-sonnet-4", "claude", "anthropic", "US", "api"),
 ("Claude Opus 4", "claude-opus-4", "claude", "anthropic", "US", "api"),
 ("Claude Opus 4.1", "claude-opus-4.1", "claude", "anthropic", "US", "api"),
 ("Claude Sonnet 4.5", "claude-sonnet-4.5", "claude", "anthropic", "US", "api"),
 ("Claude Haiku 4.5", "claude-haiku-4.5", "claude", "anthropic", "US", "api"),
 ("Claude Opus 4.6", "claude-opus-4.6", "claude", "anthropic", "US", "api"),
 ("Gemini 2.0 Flash", "gemini-2.0-flash", "gemini", "google-deepmind", "GB", "api"),
 ("Gemini 2.5 Pro", "gemini-2.5-pro", "gemini", "google-deepmind", "GB", "api"),
 ("Gemini 2.5 Flash", "gemini-2.5-flash", "gemini", "google-deepmind", "GB", "api"),
 ("Gemini-2.5-Flash-Lite", "gemini-2.5-flash-lite", "gemini", "google-deepmind", "GB", "api"),
 ("Gemini 3 Pro", "gemini-3-pro", "gemini", "google-deepmind", "GB", "api"),
 ("Gemini-3-Pro-Preview", "gemini-3-pro", "gemini", "google-deepmind", "GB", "api"),
 ("Gemini 3.0 Pro", "gemini-3-pro", "gemini", "google-deepmind", "GB", "api"),
 ("Gemini 1.5 Pro", "gemini-1.5-pro", "gemini", "google-deepmind", "GB", "api"),
 ("Grok 3", "grok-3", "grok", "xai", "US", "api"),
 ("Grok 4", "grok-4", "grok", "xai", "US", "api"),
 ("Grok-1", "grok-1", "grok", "xai", "US", "open_weights"),
 ("Llama 3.1 8B", "llama-3.1-8b", "llama", "meta", "US", "open_weights"),
 ("Llama-3.1-70B-Instruct", "llama-3.1-70b-instruct", "llama", "meta", "US", "open_weights"),
 ("Llama 3.3 70B", "llama-3.3-70b", "llama", "meta", "US", "open_weights"),
 ("Llama-3.2-3B", "llama-3.2-3b", "llama", "meta", "US", "open_weights"),
 ("Llama 4 Scout", "llama-4-scout", "llama", "meta", "US", "open_weights"),
 ("Llama 4 Maverick", "llama-4-maverick", "llama", "meta", "US", "open_weights"),
 ("Llama-2-7B", "llama-2-7b", "llama", "meta", "US", "open_weights"),
 ("Qwen2.5-7B-Instruct", "qwen2.5-7b-instruct", "qwen", "alibaba", "CN", "open_weights"),
 ("Qwen2.5-72B", "qwen2.5-72b", "qwen", "alibaba", "CN", "open_weights"),
 ("Qwen2.5-VL-7B", "qwen2.5-vl-7b", "qwen", "alibaba", "CN", "open_weights"),
 ("Qwen3-8B", "qwen3-8b", "qwen", "alibaba", "CN", "open_weights"),
 ("Qwen3-235B-A22B", "qwen3-235b-a22b", "qwen", "alibaba", "CN", "open_weights"),
 ("Qwen3-Coder", "qwen3-coder", "qwen", "alibaba", "CN", "open_weights"),
 ("Qwen3-Coder-Max", "qwen3-coder-max", "qwen", "alibaba", "CN", "api"),
 ("Qwen2.5-Max", "qwen2.5-max", "qwen", "alibaba", "CN", "api"),
 ("Qwen3-Max", "qwen3-max", "qwen", "alibaba", "CN", "api"),
 ("QwQ-32B", "qwq-32b", "qwen", "alibaba", "CN", "open_weights"),
 ("DeepSeek-V3", "deepseek-v3", "deepseek", "deepseek", "CN", "open_weights"),
 ("DeepSeek-V3.1", "deepseek-v3.1", "deepseek", "deepseek", "CN", "open_weights"),
 ("DeepSeek-R1", "deepseek-r1", "deepseek", "deepseek", "CN", "open_weights"),
 ("DeepSeek-V2", "deepseek-v2", "deepseek", "deepseek", "CN", "open_weights"),
 ("Kimi K2", "kimi-k2", "kimi", "moonshot-ai", "CN", "open_weights"),
 ("Kimi-VL", "kimi-vl", "kimi", "moonshot-ai", "CN", "open_weights"),
 ("Kimi-VL-Thinking", "kimi-vl-thinking", "kimi", "moonshot-ai", "CN", "open_weights"),
 ("GLM-4.5", "glm-4.5", "glm", "zhipu-ai", "CN", "open_weights"),
 ("GLM-4.6", "glm-4.6", "glm", "zhipu-ai", "CN", "open_weights"),
 ("GLM-4", "glm-4", "glm", "zhipu-ai", "CN", "api"),
 ("MiniMax-M1", "minimax-m1", "minimax", "minimax", "CN", "open_weights"),
 ("MiniMax-Text-01", "minimax-text-01", "minimax", "minimax", "CN", "open_weights"),
 ("Gemma 2 9B", "gemma-2-9b", "gemma", "google-deepmind", "GB", "open_weights"),
 ("Gemma 3 27B", "gemma-3-27b", "gemma", "google-deepmind", "GB", "open_weights"),
 ("Gemma-3n", "gemma-3n", "gemma", "google-deepmind", "GB", "open_weights"),
 ("Mistral 7B", "mistral-7b", "mistral", "mistral-ai", "FR", "open_weights"),
 ("Mistral Large", "mistral-large", "mistral", "mistral-ai", "FR", "api"),
 ("Mistral Small 3.1", "mistral-small-3.1", "mistral", "mistral-ai", "FR", "open_weights"),
 ("Mixtral 8x7B", "mixtral-8x7b", "mixtral", "mistral-ai", "FR", "open_weights"),
 ("Mixtral-8x22B", "mixtral-8x22b", "mixtral", "mistral-ai", "FR", "open_weights"),
 ("Phi-4", "phi-4", "phi", "microsoft-research", "US", "open_weights"),
 ("Phi-3-mini", "phi-3-mini", "phi", "microsoft", "US", "open_weights"),
 ("Phi-4-mini", "phi-4-mini", "phi", "microsoft", "US", "open_weights"),
 ("YOLO11", "yolo11", "yolo", "ultralytics", "US", "open_weights"),
 ("YOLOv11", "yolo11", "yolo", "ultralytics", "US", "open_weights"),
 ("YOLOv8n", "yolov8n", "yolo", "ultralytics", "US", "open_weights"),
 ("YOLOv6", "yolov6", "yolo", "meituan", "CN", "open_weights"),
 ("OLMo 2 7B", "olmo-2-7b", "olmo", "allen-ai", "US", "open_weights"),
 ("OLMo-7B", "olmo-7b", "olmo", "allen-ai", "US", "open_weights"),
 ("ERNIE 4.5", "ernie-4.5", "ernie", "baidu", "CN", "open_weights"),
 ("ERNIE 5.0", "ernie-5.0", "ernie", "baidu", "CN", "api"),
 ("Seed1.5-VL", "seed1.5-vl", "doubao", "bytedance", "CN", "api"),
 ("Seed1.8", "seed1.8", "doubao", "bytedance", "CN", "api"),
 ("Step 3.5 Flash", "step-3.5-flash", "step", "stepfun", "CN", "open_weights"),
 ("Command R+", "command-r+", "command", "cohere", "CA", "open_weights"),
 # a version after a product's own name is read by the brand inside it, never keyed under the old version
 ("ChatGPT-4o-mini", "gpt-4o-mini", "gpt-4", "openai", "US", "api"),
 ("ChatGPT-4o", "gpt-4o", "gpt-4", "openai", "US", "api"),
 # Hugging Face's own lines, not Zephyr versions
 ("SmolLM2-1.7B", "smollm2-1.7b", "smollm", "hugging-face", "US", "open_weights"),
 ("SmolLM3", "smollm3", "smollm", "hugging-face", "US", "open_weights"),
 # a size written into an alias stays in the key
 ("DeepSeek 67B", "deepseek-llm-67b", "deepseek", "deepseek", "CN", "open_weights"),
 ("DeepSeek LLM 67B", "deepseek-llm-67b", "deepseek", "deepseek", "CN", "open_weights"),
]


def test_the_table_covers_at_least_80_names():
    assert len(NAMES) >= 80
    assert len({n for n, *_ in NAMES}) == len(NAMES)


@pytest.mark.parametrize(("name", "key", "family", "developer", "country", "access"), NAMES, ids=[n[0] for n in NAMES])
def test_a_results_table_label_resolves(name: str, key: str, family: str, developer: str, country: str, access: str):
    ident = resolve(name)
    assert ident is not None
    assert (ident.key, ident.family, ident.developer, ident.country, ident.accessibility) == (
        key, family, developer, country, access)
    assert model_key(name)[0] == key  # the tables extractor writes the same key


@pytest.mark.parametrize(("name", "key", "family", "developer", "country", "access"), NAMES, ids=[n[0] for n in NAMES])
def test_a_baseline_in_an_abstract_resolves(name: str, key: str, family: str, developer: str, country: str,
                                            access: str):
    ext = extract_paper(PaperRecord(arxiv_id="2507.00001", title="FooNet: a language model for math",
                                    abstract=f"We introduce FooNet, a 7B language model. FooNet outperforms {name} "
                                             "on MMLU and GSM8K."))
    model = {m.key: m for m in ext.models}[key]
    assert model.role == "evaluated"
    assert (model.family, model.developer, model.accessibility) == (family, developer, access)
    assert org_lookup()(model.developer)["country"] == country


# ---- the name grammar -------------------------------------------------------------------------------------------

def _keys(text: str) -> list[str]:
    return [m.key for m in find_mentions(text)]


def test_a_bare_family_name_is_the_family_not_its_first_version():
    assert _keys("GPT and LLaMA and Llama") == ["gpt", "llama", "llama"]
    assert resolve("LLaMA").family == "llama"


def test_an_unknown_version_never_maps_onto_an_old_one():
    gpt54 = resolve("GPT-5.4")
    assert (gpt54.key, gpt54.family, gpt54.accessibility) == ("gpt-5.4", "gpt-5", "api")
    assert _keys("GPT 5.5 and gpt-5.5") == ["gpt-5.5", "gpt-5.5"]
    assert "gpt-1" not in " ".join(_keys("GPT-5.4 beats GPT-5.5"))


def test_spellings_of_one_model_meet_at_one_key():
    assert set(_keys("ViT and Vision Transformer")) == {"vit"}
    gemini = "Gemini 3 Pro, Gemini-3-Pro-Preview, gemini-3-pro, Gemini 3.0 Pro, Gemini 3 Pro (preview)"
    assert set(_keys(gemini)) == {"gemini-3-pro"}
    assert [m.variant for m in find_mentions("Gemini-3-Pro-Preview and GPT-4o-2024-08-06")] == ["Preview", "2024-08-06"]
    assert _keys("Qwen3-235B-A22B-Instruct-2507") == ["qwen3-235b-a22b-instruct"]


def test_unrelated_lines_are_not_one_family():
    fams = {m.surface: m.family for m in find_mentions("MAE, MoCo v3, SimCLR, BYOL, SmolLM, Zephyr-7B and eDiff-I")}
    assert fams == {"MAE": "mae", "MoCo v3": "moco", "SimCLR": "simclr", "BYOL": "byol", "SmolLM": "smollm",
                    "Zephyr-7B": "zephyr", "eDiff-I": "ediff-i"}
    assert resolve("eDiff-I").accessibility == "unreleased"  # shown in its paper, never released


def test_a_score_after_a_name_is_not_its_version():
    assert _keys("Gemini 3 Pro 4.706") == ["gemini-3-pro"]


def test_sizes_and_tunings_inherit_the_listed_access_but_new_products_do_not():
    assert resolve("Qwen2.5-7B-Instruct").accessibility == "open_weights"
    unknown = resolve("Qwen3-Coder-Turbo")  # not listed, not curated: a new product on an open family's name
    assert unknown.key == "qwen3-coder-turbo" and unknown.accessibility == "unknown"


def test_canonical_drops_release_words_only():
    info = model_table().versions["gemini-2.5-pro"]
    assert canonical(info, "Gemini 2.5 Pro", ["Preview", "05", "06"]).key == "gemini-2.5-pro"
    assert canonical(info, "Gemini 2.5 Pro", ["Thinking"]).key == "gemini-2.5-pro-thinking"


def test_title_genre_words_are_never_models():
    for title in ("Technical Report for the 5th CLVision Challenge at CVPR: Addressing Class-Incremental Learning",
                  "Position: Interactive Generative Video as Next-Generation Game Engine"):
        ext = extract_paper(PaperRecord(arxiv_id="2505.00002", title=title, abstract="We study a problem."))
        assert not [m for m in ext.models if m.role == "introduced"], title


def test_plain_word_names_of_new_models_get_paper_scoped_keys():
    abstract = "We introduce PRISM, a vision-language model trained for chart reasoning."
    one = extract_paper(PaperRecord(arxiv_id="2505.00003", title="PRISM: a model for charts", abstract=abstract))
    two = extract_paper(PaperRecord(arxiv_id="2506.00004", title="PRISM: a model for charts", abstract=abstract))
    keys = {m.key for m in one.models} | {m.key for m in two.models}
    assert keys == {"prism-2505.00003", "prism-2506.00004"}  # unrelated models never share a key
    again = extract_paper(PaperRecord(arxiv_id="2505.00003", title="PRISM: a model for charts", abstract=abstract))
    assert {m.key for m in again.models} == {"prism-2505.00003"}  # stable across runs


class _FakeStore:
    """A stand-in named as a fake: records the renames migrate_store_keys asks of a store (the real backends
    are exercised in tests/test_store_contract.py)."""

    def __init__(self, keys: set[str]) -> None:
        self.keys = keys

    def rename_model_key(self, old: str, new: str) -> bool:
        if old not in self.keys:
            return False
        self.keys = (self.keys - {old}) | {new}
        return True


def test_migrate_keys_follows_the_rename_map():
    store = _FakeStore({"gpt-1-5.4", "vision-transformer", "gpt-4o"})
    assert migrate_store_keys(store, {"gpt-1-5.4": "gpt-5.4", "vision-transformer": "vit", "absent": "x"}) == 2
    assert store.keys == {"gpt-5.4", "vit", "gpt-4o"}


def test_migrate_keys_re_keys_the_stored_graph(any_store):
    """A renamed key moves the stored model with its papers, results and developer; the old node goes."""
    from datetime import date

    from tracker.entities import ExtractedBenchmark, ExtractedModel, ExtractedResult, PaperExtraction

    rec = PaperRecord(arxiv_id="2601.00001", title="FooNet: a model", abstract="FooNet beats GPT-5.4 on MMLU.",
                      published=date(2026, 1, 5), updated=date(2026, 1, 5), categories=["cs.CL"])
    old = ExtractedModel(name="GPT-5.4", key="gpt-1-5.4", role="evaluated", family="gpt", developer="openai",
                         accessibility="open_weights", is_open=True)
    ext = PaperExtraction(arxiv_id=rec.arxiv_id, models=[old], benchmarks=[
        ExtractedBenchmark(key="mmlu", name="MMLU", metric="accuracy")],
        results=[ExtractedResult(model="gpt-1-5.4", benchmark="mmlu", metric="accuracy", value=91.0)])
    any_store.init_schema()
    any_store.write_batch([rec], [ext])
    assert migrate_store_keys(any_store, {"gpt-1-5.4": "gpt-5.4"}) == 1
    rows = any_store.run_write("MATCH (m:Model) WHERE m.key STARTS WITH 'gpt' RETURN m.key AS k, m.developer AS d")
    assert [(r["k"], r["d"]) for r in rows] == [("gpt-5.4", "openai")]
    evals = any_store.run_write("MATCH (p:Paper)-[:EVALUATES]->(m:Model {key: 'gpt-5.4'}) RETURN p.arxiv_id AS a")
    assert [r["a"] for r in evals] == ["2601.00001"]
    res = any_store.run_write("MATCH (r:Result)-[:OF_MODEL]->(m:Model {key: 'gpt-5.4'}) RETURN r.value AS v")
    assert [r["v"] for r in res] == [91.0]
    assert migrate_store_keys(any_store, {"gpt-1-5.4": "gpt-5.4"}) == 0  # idempotent
