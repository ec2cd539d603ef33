"""Model-name extraction on real sentences (quoted with their arXiv id) and on the normalisation rules."""

from __future__ import annotations

from tracker.extract.models import find_mentions
from tracker.extract.paper import extract_paper, extract_text_models
from tracker.extract.params import param_mentions, parse_size_token, stated_params
from tracker.knowledge import benchmark_table, compact, lookup_model, model_table, slug
from tracker.records import PaperRecord

# arXiv 2412.19437 (DeepSeek-V3), abstract
V3 = ("We present DeepSeek-V3, a strong Mixture-of-Experts (MoE) language model with 671B total parameters with "
      "37B activated for each token. Comprehensive evaluations reveal that DeepSeek-V3 outperforms other "
      "open-source models and achieves performance comparable to leading closed-source models.")


def test_knowledge_files_meet_size_targets():
    assert len(model_table().families) >= 120
    assert len({b.key for b in benchmark_table().values()}) >= 150


def test_one_key_per_version_whatever_the_spelling():
    assert {lookup_model(n).key for n in ("GPT-4", "gpt4", "GPT 4")} == {"gpt-4"}
    assert lookup_model("LLaMA-2").key == lookup_model("Llama 2").key == "llama-2"
    assert slug("FooLM-7B") == "foolm-7b" and compact("Claude 3.5 Sonnet") == compact("claude-3.5-sonnet")


def test_introduced_model_from_real_abstract_with_total_not_activated_params():
    intro, _ = extract_text_models("DeepSeek-V3 Technical Report", V3)
    assert intro and intro[0].key == "deepseek-v3"
    ext = extract_paper(PaperRecord(arxiv_id="2412.19437", title="DeepSeek-V3 Technical Report", abstract=V3))
    own = next(m for m in ext.models if m.key == "deepseek-v3")
    assert own.role == "introduced" and own.params_b == 671 and own.developer == "deepseek"


def test_never_seen_model_is_created_not_dropped():
    rec = PaperRecord(arxiv_id="2501.00001", title="Scaling small models",
                      abstract="We introduce FooLM-7B, a bilingual model. It is compared with GPT-4o and Llama 3.1 8B.")
    ext = extract_paper(rec)
    keys = {m.key: m for m in ext.models}
    assert keys["foolm-7b"].role == "introduced" and keys["foolm-7b"].params_b == 7
    assert keys["gpt-4o"].role == "evaluated" and keys["gpt-4o"].is_open is False
    assert keys["llama-3.1-8b"].is_open is True and keys["llama-3.1-8b"].params_b == 8


def test_mentions_in_real_table_caption_sentence():
    # arXiv 2412.19437, section 4.4.2
    text = ("we compare the base model of DeepSeek-V3 with the state-of-the-art open-source base models, including "
            "DeepSeek-V2-Base, Qwen2.5 72B Base, and LLaMA-3.1 405B Base")
    keys = [m.key for m in find_mentions(text)]
    assert keys == ["deepseek-v3", "deepseek-v2-base", "qwen2.5-72b-base", "llama-3.1-405b-base"]


def test_common_words_are_not_models():
    text = "The Transformer architecture uses an LSTM baseline and Spark for data processing."
    assert find_mentions(text) == []


def test_parameter_counts():
    assert parse_size_token("7B") == 7 and parse_size_token("355M") == 0.355 and parse_size_token("1.6T") == 1600
    assert parse_size_token("8x7B") is None  # experts share weights: the total is not 56B
    # arXiv 2005.14165 (GPT-3): "an autoregressive language model with 175 billion parameters"
    assert stated_params("GPT-3, an autoregressive language model with 175 billion parameters") == 175
    assert stated_params(V3) == 671
    assert [active for _, _, active in param_mentions(V3)] == [False]


def test_base_model_cue():
    rec = PaperRecord(arxiv_id="2501.00002", title="BarChat: a chat model",
                      abstract="We present BarChat, a chat model fine-tuned from Llama 2 on 1M dialogues.")
    ext = extract_paper(rec)
    bar = next(m for m in ext.models if m.role == "introduced")
    assert bar.key == "barchat" and bar.base_model == "llama-2"
