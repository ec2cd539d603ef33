"""Epoch AI's data files as published: which file holds what, and how each leaderboard's score reads.

The shapes are those of ``epoch-research/benchmark-stitching`` (``data/``) and of the Benchmarking Hub
downloads (the same CSV names, flat in a zip): files are found by name anywhere under the folder or
zip, so both layouts load. A leaderboard file this table does not list still loads when it has a
``Model version`` column and one clearly numeric score column (:func:`guess_score_column`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ECI_FILE = "epoch_capabilities_index.csv"
RUNS_FILE = "benchmarks_runs.csv"
VERSIONS_FILE = "model_versions.csv"
EXTERNAL_PREFIX = "external_benchmark_"

ECI_COLUMNS = ("Model version", "ECI Score", "Release date", "Organization", "Country", "Model accessibility")
RUNS_COLUMNS = ("task", "model", "Best score (across scorers)")
VERSIONS_COLUMNS = ("id", "Model", "Version release date")
EXTERNAL_COLUMNS = ("Model version",)

SETTING_COLUMNS = ("Shots", "Agent", "Scaffold", "Tools", "Prompt", "Edit format", "Frames", "LiveBench Version",
                   "Environment model")
"""Columns that say how a leaderboard row was run: they enter the result's setting (and its key)."""
DATE_COLUMNS = ("Date added", "Last updated", "Date")

_SKIP_SCORE = re.compile(r"\b(cost|se|standard error|ci|votes|steps|duration|length|tasks|passes|successes|"
                         r"checks|refusal|distance|uuid|id)\b|_high|_low", re.IGNORECASE)


@dataclass(frozen=True)
class Score:
    column: str
    benchmark: str
    """Benchmark name, resolved through the curated benchmark table (so Epoch's MMLU is the papers' MMLU)."""
    scale: str = "percent"
    """percent (points 0-100; a trailing % or a 0-1 run score is converted) | index | elo | minutes | score."""
    metric: str | None = None
    higher_is_better: bool = True


@dataclass(frozen=True)
class Leaderboard:
    name: str
    scores: tuple[Score, ...]


LEADERBOARDS: dict[str, Leaderboard] = {
    "aider_polyglot": Leaderboard("Aider Polyglot", (Score("Percent correct", "Aider Polyglot", metric="accuracy"),)),
    "anli": Leaderboard("ANLI", (Score("Score", "ANLI", metric="accuracy"),)),
    "arc_agi": Leaderboard("ARC-AGI", (Score("Score", "ARC-AGI", metric="accuracy"),)),
    "arc_ai2": Leaderboard("ARC (AI2)", (Score("Challenge score", "ARC-Challenge", metric="accuracy"),
                                         Score("Easy score", "ARC-Easy", metric="accuracy"))),
    "balrog": Leaderboard("BALROG", (Score("Average progress", "BALROG", metric="progress"),)),
    "bbh": Leaderboard("BIG-Bench Hard", (Score("Average", "BIG-Bench Hard", metric="accuracy"),)),
    "boolq": Leaderboard("BoolQ", (Score("Score", "BoolQ", metric="accuracy"),)),
    "cadeval": Leaderboard("CadEval", (Score("Overall pass (%)", "CadEval", metric="pass rate"),)),
    "csqa2": Leaderboard("CommonsenseQA 2.0", (Score("Score", "CommonsenseQA 2.0", metric="accuracy"),)),
    "cybench": Leaderboard("Cybench", (Score("Unguided % Solved", "Cybench", metric="solved"),)),
    "deepresearch": Leaderboard("DeepResearch Bench", (Score("Average score", "DeepResearch Bench", metric="score"),)),
    "factorio_learning_environment": Leaderboard(
        "Factorio Learning Environment", (Score("Lab Success %", "Factorio Learning Environment", metric="lab success"),)),
    "fictionlivebench": Leaderboard("Fiction.LiveBench", (Score("120k token score", "Fiction.LiveBench", metric="120k"),)),
    "geobench": Leaderboard("GeoBench", (Score("ACW Country %", "GeoBench", metric="country accuracy"),)),
    "gsm8k": Leaderboard("GSM8K", (Score("EM", "GSM8K", metric="accuracy"),)),
    "gso_bench": Leaderboard("GSO", (Score("Score OPT@1", "GSO", metric="opt@1"),)),
    "hellaswag": Leaderboard("HellaSwag", (Score("Overall accuracy", "HellaSwag", metric="accuracy"),)),
    "lambada": Leaderboard("LAMBADA", (Score("Score", "LAMBADA", metric="accuracy"),)),
    "lech_mazur_writing": Leaderboard("Lech Mazur Writing", (Score("Mean score", "Lech Mazur Writing", "score",
                                                                  metric="mean score"),)),
    "livebench": Leaderboard("LiveBench", (Score("Global average", "LiveBench", metric="score"),)),
    "mcbench": Leaderboard("MC-Bench", (Score("ELO", "MC-Bench", "elo", metric="elo"),)),
    "metr": Leaderboard("METR time horizon", (Score("Time horizon", "METR time horizon", "minutes",
                                                    metric="50% time horizon (minutes)"),)),
    "mmlu": Leaderboard("MMLU", (Score("EM", "MMLU", metric="accuracy"),)),
    "openbookqa": Leaderboard("OpenBookQA", (Score("Accuracy", "OpenBookQA", metric="accuracy"),)),
    "os_world": Leaderboard("OSWorld", (Score("Score", "OSWorld", metric="success rate"),)),
    "osuniverse": Leaderboard("OSUniverse", (Score("Weighted Score", "OSUniverse", metric="weighted score"),)),
    "piqa": Leaderboard("PIQA", (Score("Score", "PIQA", metric="accuracy"),)),
    "scienceqa": Leaderboard("ScienceQA", (Score("Score", "ScienceQA", metric="accuracy"),)),
    "simple_bench": Leaderboard("SimpleBench", (Score("Score (AVG@5)", "SimpleBench", metric="avg@5"),)),
    "superglue": Leaderboard("SuperGLUE", (Score("Score", "SuperGLUE", metric="score"),)),
    "terminal_bench": Leaderboard("Terminal-Bench", (Score("Accuracy mean", "Terminal-Bench", metric="accuracy"),)),
    "the_agent_company": Leaderboard("TheAgentCompany", (Score("% Resolved", "TheAgentCompany", metric="resolved"),)),
    "triviaqa": Leaderboard("TriviaQA", (Score("EM", "TriviaQA", metric="exact match"),)),
    "videomme": Leaderboard("Video-MME", (Score("Overall (no subtitles)", "Video-MME", metric="accuracy"),)),
    "vpct": Leaderboard("VPCT", (Score("Correct", "VPCT", metric="accuracy"),)),
    "webdevarena": Leaderboard("WebDev Arena", (Score("Arena Score", "WebDev Arena", "elo", metric="arena score"),)),
    "weirdml": Leaderboard("WeirdML", (Score("Accuracy", "WeirdML", metric="accuracy"),)),
    "winogrande": Leaderboard("WinoGrande", (Score("Accuracy", "WinoGrande", metric="accuracy"),)),
}

ACCESSIBILITY = (
    ("open weights", "open_weights"), ("api", "api"), ("hosted", "hosted"), ("unreleased", "unreleased"),
)
"""Epoch's "Model accessibility" (Open weights (unrestricted|restricted use|non-commercial), API access,
Hosted access (no API), Unreleased) -> the schema's accessibility, by the first phrase it contains."""


def accessibility_of(text: str | None) -> str | None:
    low = (text or "").strip().casefold()
    for needle, value in ACCESSIBILITY:
        if needle in low:
            return value
    return None


_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?%?$")


def looks_numeric(cell: str) -> bool:
    return bool(_NUMBER.match(cell.strip().replace(",", "")))


def guess_score_column(header: list[str], rows: list[dict[str, str]]) -> str | None:
    """The first column of an unlisted leaderboard whose filled cells are all numbers (not a cost, error
    bar, count or id); ``None`` when no column qualifies."""
    for col in header:
        if col in ("Model version", "Name", "Model", "Source", "Source link", "Notes", *SETTING_COLUMNS, *DATE_COLUMNS):
            continue
        if _SKIP_SCORE.search(col):
            continue
        cells = [r.get(col, "").strip() for r in rows if (r.get(col) or "").strip()]
        if len(cells) >= max(3, len(rows) // 3) and all(looks_numeric(c) for c in cells):
            return col
    return None


def stem_of(file_name: str) -> str:
    return file_name.rsplit("/", 1)[-1].removeprefix(EXTERNAL_PREFIX).removesuffix(".csv")
