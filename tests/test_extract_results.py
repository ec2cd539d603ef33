"""Results stated in text, on real and DESIGN.md phrasings."""

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
