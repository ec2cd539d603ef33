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


def _intro(title: str, abstract: str, arxiv_id: str = "2501.00009") -> dict:
    ext = extract_paper(PaperRecord(arxiv_id=arxiv_id, title=title, abstract=abstract))
    return {m.key: m for m in ext.models if m.role == "introduced"}


def test_a_named_data_set_or_method_is_not_an_introduced_model():
    # arXiv 2508.00109: a prompt set, not a model
    assert _intro("FACTORY: A Challenging Human-Verified Prompt Set for Long-Form Factuality",
                  "To address this, we introduce FACTORY, a large-scale, human-verified prompt set.") == {}
    # arXiv 2604.26806: a training-free framework, although its name ends like a detector's
    assert _intro("ViCrop-Det: Spatial Attention Entropy Guided Cropping for Training-Free Small-Object Detection",
                  "To this end, we propose ViCrop-Det, a training-free inference framework that introduces adaptive "
                  "spatial trust region shrinkage.") == {}


def test_known_model_used_as_a_component_is_not_introduced_and_brings_no_developer():
    # arXiv 2504.10018: RWKV is used, not released, so RWKV's developer must not land on this paper
    ext = extract_paper(PaperRecord(
        arxiv_id="2504.10018",
        title="RGB-Event based Pedestrian Attribute Recognition: A Benchmark Dataset and An Asymmetric RWKV Fusion "
              "Framework",
        abstract="In addition, we propose a novel RWKV-based multi-modal pedestrian attribute recognition framework, "
                 "featuring an RWKV visual encoder and an asymmetric RWKV fusion module."))
    assert not [m for m in ext.models if m.role == "introduced"]


def test_derivative_of_a_known_model_is_new_with_base_and_no_family_developer():
    # arXiv 2506.23491
    intro = _intro("Qwen-GUI-3B: A Lightweight Vision-Language Model for Cross-Resolution GUI Grounding",
                   "This paper introduces Qwen-GUI-3B, a lightweight Vision-Language Model (VLM) specifically designed "
                   "for Graphical User Interface grounding tasks.")
    own = intro["qwen-gui-3b"]
    assert own.base_model == "qwen" and own.developer is None and own.params_b == 3


def test_a_release_of_a_known_model_is_introduced_with_its_developer():
    intro = _intro("Llama 2: Open Foundation and Fine-Tuned Chat Models",  # arXiv 2307.09288
                   "In this work, we develop and release Llama 2, a collection of pretrained and fine-tuned large "
                   "language models (LLMs) ranging in scale from 7 billion to 70 billion parameters.")
    assert "llama-2" in intro and intro["llama-2"].developer == "meta"


def test_fine_tuned_derivative_names_its_base_not_the_base_as_introduced():
    intro = _intro("Chat models for law", "We fine-tune Llama-2 to obtain FooChat, a legal assistant model.")
    assert set(intro) == {"foochat"} and intro["foochat"].base_model == "llama-2"


def test_extraction_is_deterministic_across_hash_seeds(tmp_path):
    import json
    import os
    import subprocess
    import sys

    code = ("import json,sys; from tracker.extract.paper import extract_paper; from tracker.records import PaperRecord;"
            "r=PaperRecord(arxiv_id='2412.19437', title='DeepSeek-V3 Technical Report', abstract=sys.argv[1]);"
            "print(extract_paper(r).model_dump_json())")
    outs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code, V3 + " It is compared with GPT-4o and Llama 3.1 405B."],
                             capture_output=True, text=True, env=env, check=True,
                             cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))).stdout
        outs.add(json.dumps(json.loads(out.splitlines()[-1]), sort_keys=True))
    assert len(outs) == 1


def test_extract_explain_prints_each_candidate_with_its_rule_and_reason():
    import io
    import json

    from tracker.extract.cli import run_extract

    line = json.dumps({"id": "2505.00001", "title": "PubMedFoo: a biomedical model", "authors": ["A B"],
                       "categories": ["cs.CL"], "summary": "We introduce PubMedFoo, a biomedical language model "
                       "fine-tuned from Llama-3.1-8B. We also propose FooBench, a new benchmark. PubMedFoo achieves "
                       "an accuracy of 0.734 on PubMedQA, outperforming GPT-4o. Code is at https://github.com/x/y."})
    out = io.StringIO()
    assert run_extract([line], out, explain=True) == 0
    text = out.getvalue()
    assert "+ model  PubMedFoo" in text and "[title-colon]" in text
    assert "- model  FooBench" in text and "other" in text  # rejected, and why
    assert "[access:curated-access]" in text and "gpt-4o: api since 2024-05-13" in text
    assert "only a code link" in text  # a code link alone is not open weights
    assert "[fraction-to-percent]" in text


# ---- a system built on someone else's LLM: its own node, BASED_ON that LLM -----------------------------------------


def _models(title: str, abstract: str, arxiv_id: str = "2501.00009") -> dict:
    ext = extract_paper(PaperRecord(arxiv_id=arxiv_id, title=title, abstract=abstract))
    return {m.key: m for m in ext.models}


def test_a_system_built_on_an_llm_is_introduced_based_on_it_with_no_openness_of_its_own():
    # arXiv 2504.13884, abstract
    ms = _models("Towards a Multimodal Document-grounded Conversational AI System for Education",
                 "We present MuDoC, a Multimodal Document-grounded Conversational AI system based on GPT-4o, that "
                 "leverages both text and visuals from documents to generate responses interleaved with text and "
                 "images.", "2504.13884")
    mudoc = ms["mudoc"]
    assert mudoc.role == "introduced" and mudoc.base_model == "gpt-4o"
    assert mudoc.accessibility == "unknown" and not mudoc.is_open and mudoc.params_b is None
    assert ms["gpt-4o"].role == "evaluated" and ms["gpt-4o"].accessibility == "api"  # the LLM keeps its own facts


def test_an_agent_fine_tuned_from_an_llm_is_a_model_based_on_it():
    # arXiv 2605.05191, abstract
    ms = _models("LongSeeker: Elastic Context Orchestration for Long-Horizon Search Agents",
                 "Building on this paradigm, we develop LongSeeker, a long-horizon search agent fine-tuned from "
                 "Qwen3-30B-A3B on 10k synthesized trajectories.", "2605.05191")
    assert ms["longseeker"].role == "introduced" and ms["longseeker"].base_model == "qwen3"
    assert ms["qwen3-30b-a3b"].role == "evaluated"


def test_built_on_phrasings_and_the_systems_score_is_its_own():
    assert _models("ResearchPilot: An Autonomous Literature-Review Agent",
                   "We build ResearchPilot on top of GPT-4o and evaluate it on 200 review tasks."
                   )["researchpilot"].base_model == "gpt-4o"
    ms = _models("Tutoring with LLMs", "We introduce MathMentor, a tutoring assistant, which is powered by Claude 3.5 "
                                       "Sonnet. MathMentor raises pass rates by 12 points.")
    assert ms["mathmentor"].role == "introduced" and ms["mathmentor"].base_model == "claude-3.5-sonnet"
    ext = extract_paper(PaperRecord(arxiv_id="2501.00010", title="SearchX: a deep research agent", abstract=(
        "We present SearchX, a deep research agent built on GPT-4o. SearchX achieves 45.1% on GAIA, while GPT-4o alone "
        "achieves 20.3% on GAIA.")))
    assert {(r.model, r.value) for r in ext.results} == {("searchx", 45.1), ("gpt-4o", 20.3)}
    assert any(d.rule == "access:built-on-model" for d in ext.decisions)


def test_a_release_of_a_system_built_on_an_llm_is_not_open_weights():
    ms = _models("WebPilot: browsing agent",
                 "We present WebPilot, a web browsing agent powered by GPT-4o. We open-source WebPilot and release our "
                 "code at https://github.com/foo/webpilot.")
    assert ms["webpilot"].base_model == "gpt-4o" and ms["webpilot"].accessibility == "unknown"


def test_no_based_on_without_a_named_system_a_clear_base_or_a_listed_llm():
    # arXiv 2602.15112: an unnamed agent, evaluated, not introduced
    assert not [m for m in _models("ResearchGym: Evaluating Language Model Agents on Real-World AI Research",
                                   "In a controlled evaluation of an agent powered by GPT-5, we observe a sharp "
                                   "capability--reliability gap.", "2602.15112").values() if m.role == "introduced"]
    # arXiv 2507.17258: "ChatGPT-4o-mini" reads as the listed GPT-4o mini (never a key under GPT-3.5), so the
    # chatbot is its own node based on it
    ms = _models("Students' Feedback Requests and Interactions with the SCRIPT Chatbot",
                 "Building on prior research on Generative AI (GenAI) and related tools for programming education, we "
                 "developed SCRIPT, a chatbot based on ChatGPT-4o-mini, to support novice learners.", "2507.17258")
    assert {m.base_model for m in ms.values() if m.base_model} <= {"gpt-4o-mini"}
    assert "gpt-3.5-4o-mini" not in ms
    # two backends: which one is the base is not said
    ms = _models("Dual-backend agents", "We present DuoAgent, a coding agent built on GPT-4o and Claude 3.5 Sonnet.")
    assert "duoagent" not in ms
    # a part of a model, not the model: "CLIP features"
    ms = _models("Retrieval for robots", "We present RoboFind, a retrieval system built on CLIP features for robots.")
    assert "robofind" not in ms
    # a baseline's base, said after the paper's system
    ms = _models("FooAgent: web agents", "We present FooAgent, a web agent trained with reinforcement learning. "
                                         "FooAgent outperforms agents based on GPT-4o by 8 points.")
    assert not any(m.base_model == "gpt-4o" for m in ms.values())
    # an agent around LLMs in general (arXiv 2508.20134) stays no model
    assert not [m for m in _models("QAgent: An LLM-based Multi-Agent System for Autonomous OpenQASM programming",
                                   "In this paper, we present QAgent, an LLM-powered multi-agent system that fully "
                                   "automates OpenQASM programming.", "2508.20134").values() if m.role == "introduced"]
