"""Results stated in text, on real phrasings and those of the design (docs/architecture.md)."""

from __future__ import annotations

from tracker.extract.paper import extract_paper
from tracker.records import PaperRecord


def _results(title: str, abstract: str):
    return extract_paper(PaperRecord(arxiv_id="2501.00003", title=title, abstract=abstract)).results


def test_value_on_benchmark_resolved_to_our_model():
    res = _results("FooLM: a model", "We introduce FooLM. Our model achieves 86.4% on MMLU and 52.3 pass@1 on HumanEval.")
    got = {(r.model, r.benchmark, r.metric, r.value) for r in res}
    assert ("foolm", "mmlu", "accuracy", 86.4) in got
    assert ("foolm", "humaneval", "pass@1", 52.3) in got
    assert all(r.self_reported and r.source == "abstract" for r in res)


def test_benchmark_then_setting_then_value():
    res = _results("FooLM: a model", "We introduce FooLM, which reaches MMLU (5-shot) of 70.6.")
    assert [(r.benchmark, r.value, r.setting) for r in res] == [("mmlu", 70.6, "5-shot")]


def test_real_sentence_deepseek_r1():
    # arXiv 2501.12948 (DeepSeek-R1), first page: "DeepSeek-R1 achieves a score of 79.8% Pass@1 on AIME 2024"
    res = _results("DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
                   "We introduce DeepSeek-R1. DeepSeek-R1 achieves a score of 79.8% Pass@1 on AIME 2024.")
    assert [(r.model, r.benchmark, r.value) for r in res] == [("deepseek-r1", "aime-2024", 79.8)]


def test_counts_and_years_are_not_results():
    res = _results("FooLM: a model", "We introduce FooLM, trained on 15 trillion tokens in 2024, evaluated on MMLU.")
    assert res == []


def test_gains_listed_after_an_improvement_are_not_scores():
    # arXiv 2510.05077
    res = _results("Slm-mux: Orchestrating small language models for reasoning",
                   "We introduce SLM-MUX. Compared to existing orchestration methods, our approach achieves up to 13.4% "
                   "improvement on MATH, 8.8% on GPQA, and 7.0% on GSM8K.")
    assert res == []


def test_variants_of_a_known_benchmark_are_not_read_as_it():
    # arXiv 2602.06391: OSWorld-G is not OSWorld; ScreenSpot-Pro is not ScreenSpot
    res = _results("POINTS-GUI-G: GUI-Grounding Journey",
                   "We introduce POINTS-GUI-G-8B, which achieves state-of-the-art performance with scores of 59.9 on "
                   "ScreenSpot-Pro, 66.0 on OSWorld-G, 95.7 on ScreenSpot-v2, and 49.9 on UI-Vision.")
    assert {(r.model, r.benchmark, r.value) for r in res} == {
        ("points-gui-g-8b", "screenspot-pro", 59.9), ("points-gui-g-8b", "screenspot-v2", 95.7),
        # read by the abstract-score rules under their own printed names, never as OSWorld / a listed one
        ("points-gui-g-8b", "osworld-g", 66.0), ("points-gui-g-8b", "ui-vision", 49.9)}


def test_a_score_of_a_method_on_a_backbone_is_not_the_backbones():
    # arXiv 2512.08366: 37.1% is DuSAR's score with Llama 3.1 70B inside, not Llama's
    res = _results("Reflecting with Two Voices: A Co-Adaptive Dual-Strategy Framework for LLM-Based Agent Decision "
                   "Making",
                   "On ALFWorld and Mind2Web, DuSAR achieves state-of-the-art performance with open-source LLMs "
                   "(7B-70B), reaching 37.1% success on ALFWorld (Llama3.1-70B) - more than doubling the best prior "
                   "result (13.0%) - and 4.02% on Mind2Web, also more than doubling the strongest baseline.")
    assert res == []


def test_our_model_resolves_to_the_introduced_model():
    # arXiv 2505.15840
    res = _results("TDFormer: A Top-Down Attention-Controlled Spiking Transformer",
                   "In particular, our model achieves state-of-the-art performance on ImageNet with an accuracy of "
                   "86.83%.")
    assert [(r.model, r.benchmark, r.value, r.self_reported) for r in res] == [("tdformer", "imagenet", 86.83, True)]


def test_top_1_accuracy_is_a_metric_not_a_score_of_one():
    # arXiv 2508.05307 (CoCAViT), the abstract's last sentences
    res = _results("CoCAViT: Compact Vision Transformer with Robust Global Coordination",
                   "Integrating these advancements, we present CoCAViT, a novel visual backbone designed for robust "
                   "real-time visual representation. Extensive experiments empirically validate our design. At a "
                   "resolution of 224*224, CoCAViT-28M achieves 84.0% top-1 accuracy on ImageNet-1K, with significant "
                   "gains on multiple OOD benchmarks, compared to competing models. It also attains 52.2 mAP on COCO "
                   "object detection and 51.3 mIOU on ADE20K semantic segmentation, while maintaining low latency.")
    got = {(r.model, r.benchmark, r.metric, r.value) for r in res}
    assert ("cocavit-28m", "imagenet", "top-1 accuracy", 84.0) in got
    assert ("cocavit-28m", "coco", "mAP", 52.2) in got
    assert all(r.value != 1.0 for r in res)


# ---- what a score means: scale, direction, deltas, variants, owners ------------------------------------------

def test_a_fraction_is_put_on_the_percent_scale_with_the_printed_value_kept():
    res = _results("PubMedFoo: a model", "We introduce PubMedFoo, a biomedical language model. PubMedFoo achieves an "
                                         "accuracy of 0.734 on PubMedQA.")
    assert [(r.model, r.benchmark, r.value, r.value_raw) for r in res] == [("pubmedfoo", "pubmedqa", 73.4, "0.734")]


def test_fid_and_perplexity_are_lower_is_better_whatever_the_benchmark():
    res = _results("FooGen: a diffusion model", "We present FooGen, a diffusion model. FooGen achieves an FID of 2.31 "
                                                "on ImageNet 256x256 and a perplexity of 12.5 on WikiText-103.")
    got = {(r.benchmark, r.metric): r.higher_is_better for r in res}
    assert got == {("imagenet", "FID"): False, ("wikitext-103", "perplexity"): False}
    ok = _results("FooNet: a model", "We introduce FooNet. FooNet reaches 85.1% on MMLU.")
    assert [r.higher_is_better for r in ok] == [True]


def test_a_codeforces_percentage_is_a_percentile_not_a_rating_and_gains_are_refused():
    res = _results("FooCoder: a code model", "We present FooCoder, a code model. FooCoder reaches the 95.3% percentile "
                                             "on Codeforces and +6.5 on HumanEval, and 78.2% on HumanEval.")
    got = {(r.benchmark, r.metric, r.value) for r in res}
    assert ("codeforces", "percentile", 95.3) in got
    assert not any(r.benchmark == "codeforces" and r.metric == "rating" for r in res)
    assert [r.value for r in res if r.benchmark == "humaneval"] == [78.2]  # "+6.5" is a gain, not a score


def test_benchmark_variants_stay_distinct():
    res = _results("FooLM: a model", "We introduce FooLM, a 7B language model. FooLM achieves 62.0 on AIME 2026 and "
                                     "70.1% on GPQA Diamond and 80.5% on ImageNet-200 and 81.0% on ImageNet-100.")
    got = {(r.benchmark, r.value) for r in res}
    assert ("gpqa-diamond", 70.1) in got and ("imagenet-100", 81.0) in got
    assert not any(r.benchmark in ("aime", "aime-2024", "aime-2025", "imagenet", "gpqa") for r in res)


def test_a_thinking_variant_keeps_its_own_scores():
    ext = extract_paper(PaperRecord(arxiv_id="2504.07491", title="Kimi-VL Technical Report", abstract=(
        "We present Kimi-VL, an efficient open-source Mixture-of-Experts vision-language model. Building on Kimi-VL, "
        "we introduce Kimi-VL-Thinking. Kimi-VL-Thinking scores 61.7 on MMMU and 36.8 on MathVision.")))
    assert {(r.model, r.benchmark) for r in ext.results} == {("kimi-vl-thinking", "mmmu"),
                                                             ("kimi-vl-thinking", "mathvision")}
    assert {m.key for m in ext.models if m.role == "introduced"} == {"kimi-vl", "kimi-vl-thinking"}


def test_a_system_built_on_an_llm_does_not_lend_its_score_to_the_llm():
    res = _results("SearchX: a deep research agent", "We present SearchX, a deep research agent built on GPT-4o. SearchX "
                                                     "achieves 45.1% on GAIA, while GPT-4o alone achieves 20.3% on GAIA.")
    assert [(r.model, r.value) for r in res if r.model == "gpt-4o"] == [("gpt-4o", 20.3)]


def test_every_result_says_which_rule_read_it():
    ext = extract_paper(PaperRecord(arxiv_id="2501.00003", title="PubMedFoo: a model", abstract=(
        "We introduce PubMedFoo, a biomedical language model. PubMedFoo achieves an accuracy of 0.734 on PubMedQA.")))
    assert [(d.kind, d.rule) for d in ext.decisions if d.kind == "result"] == [("result", "fraction-to-percent")]
