"""Absolute scores stated in abstracts (tracker.extract.abstract_scores): the sentence shapes that are read,
the ones that are refused, and a score that becomes a Result node in a real embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from tracker.extract.abstract_scores import ModelSpan, abstract_scores, own_benchmark
from tracker.extract.paper import extract_paper
from tracker.pipeline import default_extractor, run_ingest
from tracker.records import PaperRecord


def _scores(text: str, models: dict[str, str], default: str | None = None, own: str | None = None):
    """Scores of ``text`` with the named models ``{surface: key}`` marked (every occurrence)."""
    spans = []
    for surface, key in models.items():
        pos = text.find(surface)
        while pos >= 0:
            spans.append(ModelSpan(pos, pos + len(surface), key))
            pos = text.find(surface, pos + 1)
    return abstract_scores(text, spans, default, own)


def _facts(scores) -> set[tuple]:
    return {(s.model, s.benchmark.name, s.value) for s in scores}


# (sentence, named models, the paper's own model, expected (model, benchmark name, value on the comparable scale))
POSITIVE = [
    ("FooLM achieves 85.3% accuracy on MMLU-Redux.", {"FooLM": "foolm"}, "foolm",
     {("foolm", "MMLU-Redux", 85.3)}),
    ("On CommonVoice Pashto v24, whisper-small achieves a WER of 24.89%.", {"whisper-small": "whisper-small"}, None,
     {("whisper-small", "CommonVoice Pashto v24", 24.89)}),
    ("BarNet achieves 0.8568 mIoU and 96.87% overall accuracy on LandCover.ai, and 71.82% mIoU on OpenEarthMap.",
     {"BarNet": "barnet"}, "barnet",
     {("barnet", "LandCover.ai", 85.68), ("barnet", "LandCover.ai", 96.87), ("barnet", "OpenEarthMap", 71.82)}),
    ("Our model reaches 92.1 F1 on SQuADv2-Hard and 88.0 F1 on NewsQA-X.", {}, "qux",
     {("qux", "SQuADv2-Hard", 92.1), ("qux", "NewsQA-X", 88.0)}),
    ("Consequently, ScribeNet achieves character error rates of 2.26% (IAM-A, en), 1.81% (RIMES, fr), and 3.46% "
     "(Bentham, en).", {"ScribeNet": "scribenet"}, "scribenet",
     {("scribenet", "IAM-A", 2.26), ("scribenet", "RIMES", 1.81), ("scribenet", "Bentham", 3.46)}),
    ("Our generator attains FIDs of 13.12 and 15.08 on the CUB-200 and ImageNet-64 datasets, respectively.", {},
     "gen", {("gen", "CUB-200", 13.12), ("gen", "ImageNet-64", 15.08)}),
    ("On Sudoku-Extreme, RSM reaches 97.5% exact accuracy after one hour of training.", {"RSM": "rsm"}, "rsm",
     {("rsm", "Sudoku-Extreme", 97.5)}),
    ("After RL, PixLite achieves GenEval (0.72) for generation and ImgEdit (4.11) for editing.",
     {"PixLite": "pixlite"}, "pixlite", {("pixlite", "GenEval", 72.0), ("pixlite", "ImgEdit", 4.11)}),
    ("Our recognizer achieves 2.26% CER on IAM-A and is competitive on READ-2016 (de) with 4.21%.", {}, "own",
     {("own", "IAM-A", 2.26), ("own", "READ-2016", 4.21)}),
    ("CodeFoo-7B outperforms GPT-4o (71.2 vs 65.0) on LiveCodeBench-Lite.", {"CodeFoo-7B": "codefoo-7b",
                                                                          "GPT-4o": "gpt-4o"}, "codefoo-7b",
     {("codefoo-7b", "LiveCodeBench-Lite", 71.2), ("gpt-4o", "LiveCodeBench-Lite", 65.0)}),
    ("FooLM achieves only 25.8% accuracy on RBench-V, far below the human score of 82.3%.", {"FooLM": "foolm"},
     None, {("foolm", "RBench-V", 25.8)}),
    ("Additionally, it lifts Mamba-based architectures, achieving 84.3% top-1 accuracy on ImageNet-1k.",
     {"Mamba": "mamba"}, "own", {("own", "ImageNet", 84.3)}),
    ("Despite its compact design, RF-HiT attains 91.27% mean Dice on ACDC-X.", {"RF-HiT": "rf-hit"}, None,
     {("rf-hit", "ACDC-X", 91.27)}),
    ("MedFoo achieves relative gains of 7.8% over LLaVA-Med, and sets new state-of-the-art accuracy: 92.31% on "
     "SLAKE-X.", {"MedFoo": "medfoo", "LLaVA-Med": "llava-med"}, None, {("medfoo", "SLAKE-X", 92.31)}),
    ("Even the strongest model, Gemini-3-Pro, attains 48.2% accuracy on the benchmark.",
     {"Gemini-3-Pro": "gemini-3-pro"}, None, {("gemini-3-pro", "OMIQuiz", 48.2)}),
    # a dataset's edition or version stays part of its name, also after "for" and in parentheses
    ("SegFoo achieves average Dice scores of 0.94 for BraTS-GLI 2024 and 0.79 for ISLES 2022.",
     {"SegFoo": "segfoo"}, None, {("segfoo", "BraTS-GLI 2024", 94.0), ("segfoo", "ISLES 2022", 79.0)}),
    ("Our model achieves accuracies of 74.77% on FaceExpr (v7) and 84.29% on RAF-DB-X.", {}, "own",
     {("own", "FaceExpr v7", 74.77), ("own", "RAF-DB-X", 84.29)}),
    ("The best model, FooLM, attains 0.81 F1 for the LexTox-2 test set.", {"FooLM": "foolm"}, None,
     {("foolm", "LexTox-2", 81.0)}),
    # a plain word after "on the" is a data set when the sentence says so
    ("On the KolektorSDD2 dataset, CatNet achieves a pixel-level AUROC of 99.54%.", {"CatNet": "catnet"}, None,
     {("catnet", "KolektorSDD2", 99.54)}),
    ("On the Synapse dataset, GcaNet achieves a Dice score of 86.11%.", {"GcaNet": "gcanet"}, None,
     {("gcanet", "Synapse", 86.11)}),
]


@pytest.mark.parametrize(("text", "models", "default", "expected"), POSITIVE)
def test_absolute_scores_are_read(text: str, models: dict[str, str], default: str | None, expected: set) -> None:
    own = "OMIQuiz" if "the benchmark" in text else None
    assert _facts(_scores(text, models, default, own)) == expected


REFUSED = [
    # deltas and relative gains
    "FooLM improves accuracy by 3.2 points on MMLU-Redux.",
    "FooLM achieves a +6.5 gain on MMLU-Redux.",
    "FooLM achieves 12% higher accuracy on MMLU-Redux than BarLM.",
    "FooLM is 2x faster and achieves 30% lower latency on MMLU-Redux.",
    "FooLM reduces the error by 30% on CIFAR-10-C.",
    "FooLM leads prior detectors by 5% and 10% on DetBench-X and DetBench-Y, respectively.",
    "FooDet achieves a 5.1% AP50 and 3.8% AP increase over the baseline on VisDrone-X.",
    # sizes, counts, years, p-values, parameters, costs, shares
    "FooLM achieves strong results on MMLU-Redux with 7B parameters trained on 15 trillion tokens.",
    "FooLM achieves the best score on 12 of 14 tasks of BigBench-Hard.",
    "FooLM achieves state-of-the-art results in 2025 on MMLU-Redux (p < 0.05).",
    "FooLM achieves 90% of users' preference on ChatArena-X.",
    "FooLM retains 96.9% of the teacher's accuracy on MMLU-Redux.",
    "FooLM achieves this at a cost of $0.5 per query on MMLU-Redux.",
    # no single attributable model or benchmark
    "Vanilla fine-tuning achieves WER 21.22% on CV20.",
    "AutoFrame achieves 98.4% on ALFWorld.",
    "FooLM achieves 85.7% on a proprietary benchmark.",
    "The values are 94.86%, 94.63% and 76.19% for CXR-14, brain tumour and knee X-ray data, respectively, "
    "as achieved by FooNet.",
    "FooNet outperforms GPT-4 (86.4%) on MMLU-Redux.",
    "With Llama-3-8B, our method achieves 45.1% on MATH-500.",
    "FooLM achieves 95% accuracy in ASR and 80% on GUI benchmarks.",
    "FooNet matches the leading models' 92.0% accuracy on CI4R-X.",
    "Even the best model, FooLM, struggles to achieve an accuracy of 75% on HKMMLU-X.",
    "FooLM achieves average F1-scores of 93%, 90% and 91% on FallA-1, FallB-2 and FallC-3.",
    "FooLM achieves gains, with increases of 0.17%, 0.67% and 0.92% in R@1 on RSITMD-X, respectively, and 0.04% "
    "and 2.93% on RSICD-X.",
    "FooLM reaches 90.20% and 90.34% accuracy on UrduQA-X.",
    "Results show that mCLIP + FooLM achieved the best BLEU-1 (5.34%).",
    "FooNet achieves high Kendall correlations on NATS-Bench: 0.907 for CIFAR-10X.",
    "FooNet attains a Dice of 0.316 (Tumor Core) and 0.350 (Enhancing Tumor).",
    "FooLM yields a usability rate of 56.1%, compared to SeedEdit-X 1.6 (38.4%).",
    "GPT-4 reaches 48.80% overall and expert models achieve limited accuracy (IoU 30.09%) on AEGIS-X.",
    "Point Transformer V3 achieves the best mIoU of 79.4% (L1, 8 classes).",
    # a task, a class, a language pair, a metric or a model named where a data set would stand
    "Experiments show that FooLM achieves an accuracy of 88.01% on MRC test set.",
    "FooNet achieves accurate classification, with F1 scores of 0.88 for Pan-CK, 0.57 for CD3e and 0.30 for CD20.",
    "FooLM has achieved accuracies of 0.9547 for Task-A and 0.4698 for Task-B.",
    "Our system achieves 44.3 BLEU for English-to-Chinese and 25.1 BLEU for English-German translation.",
    "FooLM yields state-of-the-art scores of 10.9 in mAAP and 11.6 in mPQX.",
    "FooNet achieved the highest accuracy (91 %) and ROC-AUC (0.98).",
    "FooLM reaches 0.505 (Pearson) / 0.537 (Spearman) on the test split.",
    "FooLM scored highest in Islamic Accuracy (3.93) and Citation (3.38).",
    "With guidance, FooNet achieves FID 1.06 (LightningDiT-XL) and FID 1.04 (SiT-Large).",
    "FooLM achieves 91.2% accuracy on Test Set and 90.1% on Hidden Benchmark.",
    "FooLM reaches 85.2% accuracy on the Validation set and 80.1% on the Medium split.",
    # someone else's model, or a different model than the one named
    "Finally, we extend the recipe to Falcon OCR: a compact model which attains 88.64 on DocBench-X.",
    "The fine-tuned Whisper-medium model achieves a WER of 5.54% on JASMIN-X.",
    "On PLUE-X, FooLM-large achieves the best results, reaching 0.9191 F1 on MRPC-X.",
    "Llama-3 70B achieves 80.1% accuracy on MMLU-Redux.",
    "The best-performing agent, ChatGPT, achieved an overall accuracy of 48.9% on FinAgent-X.",
    "Using a relatively standard ViT architecture, reaching a 76.9% top-1 accuracy on ImageNet-1k.",
    "Evaluated on BABE-X and BASIL-X, FooLM achieves 0.853 F1 and 0.723 MCC.",
    "GPT-4 achieves the highest performance with average accuracies of 48.6% (Adult), 50.5% (Child), and 53.5% "
    "(Neonate).",
    "FooNet achieves a mean pixel error of 104.73 on the UD-FSG dataset and 63.48 on LBW-X dataset.",
    # a suite walked through task by task: the value is of a part, not of the whole suite
    "On PLUE-X, FooLM achieves the best results, notably reaching 0.9191 F1 on MRPC-X.",
]


@pytest.mark.parametrize("text", REFUSED)
def test_non_scores_are_refused(text: str) -> None:
    models = {"FooLM": "foolm", "BarLM": "barlm", "FooDet": "foodet", "FooNet": "foonet", "GPT-4": "gpt-4",
              "Llama-3-8B": "llama-3-8b", "Point Transformer V3": "ptv3", "Falcon": "falcon",
              "Whisper-medium": "whisper", "ChatGPT": "gpt-3.5", "ViT": "vit", "Llama-3": "llama-3"}
    got = _facts(_scores(text, models, "foolm"))
    assert not got, got


PAPER_BENCH_REFUSED = [
    # the parts of the paper's benchmark, walked through one by one
    "Our evaluation reveals distinct patterns: (1) In Numerical Calculation, FooLM (63.18) leads; (3) In "
    "Information Extraction, the spread is the largest, with BarLM scoring 71.46, while FooLM scores 11.23.",
    "FooNet achieves 93.78% mAP@50 in tooth detection, 90.11% Dice for CarSeg, and 72.40% ACC for DDS.",
]


@pytest.mark.parametrize("text", PAPER_BENCH_REFUSED)
def test_parts_of_the_paper_benchmark_are_refused(text: str) -> None:
    got = _facts(_scores(text, {"FooLM": "foolm", "BarLM": "barlm", "FooNet": "foonet"}, None, "ToothBench"))
    assert not got, got


def test_the_paper_benchmark_is_not_the_model_of_the_same_name() -> None:
    text = "With it, FirstPass achieves 80.5% accuracy and F1-macro 78.2% on predicting editorial outcomes."
    assert not _scores(text, {"FirstPass": "firstpass"}, None, "FirstPass")
    ok = "With it, FirstPass achieves 80.5% accuracy on the benchmark."
    assert _facts(_scores(ok, {"FirstPass": "firstpass"}, None, "EditBench")) == {("firstpass", "EditBench", 80.5)}


def test_a_size_the_name_prints_must_be_the_models_own() -> None:
    text = "The fine-tuned Whisper-medium model achieves a WER of 5.54% on JASMIN-X."
    assert _facts(_scores(text, {"Whisper-medium": "whisper-medium"}, None)) == {("whisper-medium", "JASMIN-X", 5.54)}
    text = "GPT-5.1 achieves only 68.6% on Stat-Closed."
    assert _facts(_scores(text, {"GPT-5.1": "gpt-5.1"}, None)) == {("gpt-5.1", "Stat-Closed", 68.6)}


def test_direction_and_scale_come_from_the_result_semantics() -> None:
    [wer] = _scores("On CommonVoice Pashto v24, whisper-small achieves a WER of 24.89%.",
                    {"whisper-small": "whisper-small"}, None)
    assert wer.metric == "WER" and wer.higher_is_better is False and wer.printed == "24.89%"
    [miou] = _scores("BarNet achieves 0.8568 mIoU on LandCover.ai.", {"BarNet": "barnet"}, None)
    assert miou.value == 85.68 and miou.printed == "0.8568" and miou.higher_is_better is True
    [fid] = _scores("StyleFoo attains FID scores of 24.8 (ISIC 2018).", {"StyleFoo": "stylefoo"}, None)
    assert fid.metric == "FID" and fid.higher_is_better is False
    [shot] = _scores("FooLM achieves 70.6% accuracy (5-shot) on MMLU-Redux.", {"FooLM": "foolm"}, None)
    assert shot.setting == "5-shot" and shot.rule == "value-on-benchmark" and "FooLM" in shot.reason


def test_variants_keep_their_own_benchmark() -> None:
    got = _scores("FooLM achieves 62.0% on AIME 2025, 71.0% on GPQA Diamond and 80.1% on ImageNet-100.",
                  {"FooLM": "foolm"}, None)
    names = {s.benchmark.key for s in got}
    assert "aime" not in names and "imagenet" not in names and "gpqa" not in names
    assert len(names) == 3


def test_the_paper_benchmark_is_named_from_title_or_abstract() -> None:
    assert own_benchmark("OMIQuiz: Benchmarking Olympiad Reasoning", "We study reasoning.") == "OMIQuiz"
    assert own_benchmark("A study", "We present MosqText, a multimodal dataset for detection.") == "MosqText"
    assert own_benchmark("FooNet: A Fast Network", "We propose FooNet.") is None


def test_extract_paper_reports_abstract_scores_with_rules() -> None:
    rec = PaperRecord(arxiv_id="2501.00077", title="ScribeNet: Decoder-Only Handwriting Recognition",
                      abstract="We introduce ScribeNet, a decoder-only model for handwriting recognition. ScribeNet "
                               "achieves a character error rate of 2.26% on IAM-Lines and 1.81% on RIMES-2011.")
    ext = extract_paper(rec)
    got = {(r.model, r.benchmark, r.value, r.higher_is_better) for r in ext.results}
    assert ("scribenet", "iam-lines", 2.26, False) in got and ("scribenet", "rimes-2011", 1.81, False) in got
    assert {b.key for b in ext.benchmarks} >= {"iam-lines", "rimes-2011"}
    assert any(d.kind == "result" and d.rule == "value-on-benchmark" for d in ext.decisions)


def test_a_score_from_an_abstract_becomes_a_result_in_the_store(tmp_path: Path) -> None:
    rec = PaperRecord(arxiv_id="2501.00078", title="GeoSegNet: A Network for Remote Sensing Segmentation",
                      abstract="We propose GeoSegNet, a segmentation network for remote sensing images. GeoSegNet "
                               "achieves 71.82% mIoU on OpenEarthMap and a 0.12 improvement on nothing else.")
    store = EmbeddedStore(tmp_path / "g.lbug")
    try:
        run_ingest(store, [rec], source="test", extractor=default_extractor(), progress=False)
        rows = store.read_only_query(
            "MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:OF_MODEL]->(m:Model), (r)-[:ON_BENCHMARK]->(b:Benchmark) "
            "RETURN p.arxiv_id AS paper, m.key AS model, b.key AS bench, b.name AS name, r.value AS value, "
            "r.metric AS metric, r.value_raw AS raw, r.source AS source").records()
    finally:
        store.close()
    assert [(r["paper"], r["model"], r["bench"], r["name"], r["value"], r["metric"], r["raw"], r["source"])
            for r in rows] == [("2501.00078", "geosegnet", "openearthmap", "OpenEarthMap", 71.82, "mIoU", "71.82%",
                                "abstract")]
