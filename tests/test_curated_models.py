"""Curated, dated facts of landmark and widely evaluated models, and the name finder's reading of LaTeX markup
and plurals in arXiv abstracts.

The facts are public: each model's own paper and release page (``tracker/knowledge/accessibility_curated.yaml``
names the source of every row).
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker.extract.identity import resolve
from tracker.extract.models import find_mentions
from tracker.extract.paper import extract_paper
from tracker.extract.text import untex
from tracker.knowledge_lookup import org_lookup
from tracker.records import PaperRecord

# (name as written, key, family, developer, developer country, accessibility)
CURATED = [
    ("AlexNet", "alexnet", "alexnet", "university-of-toronto", "CA", "open_weights"),
    ("ResNet-50", "resnet-50", "resnet", "microsoft", "US", "open_weights"),
    ("BERT", "bert", "bert", "google", "US", "open_weights"),
    ("DistilBERT", "distilbert", "distilbert", "hugging-face", "US", "open_weights"),
    ("RoBERTa", "roberta", "roberta", "meta-fair", "US", "open_weights"),
    ("wav2vec 2.0", "wav2vec-2.0", "wav2vec", "meta-fair", "US", "open_weights"),
    ("HuBERT", "hubert", "wav2vec", "meta-fair", "US", "open_weights"),
    ("WavLM", "wavlm", "wavlm", "microsoft-research", "US", "open_weights"),
    ("Whisper", "whisper", "whisper", "openai", "US", "open_weights"),
    ("SimCSE", "simcse", "simcse", "princeton", "US", "open_weights"),
    ("Swin Transformer", "swin-transformer", "swin", "microsoft-research-asia", "CN", "open_weights"),
    ("Stable Diffusion", "stable-diffusion", "stable-diffusion", "stability-ai", "GB", "open_weights"),
    ("MiniGPT-4", "minigpt-4", "minigpt-4", "kaust", "SA", "open_weights"),
    ("Chinchilla", "chinchilla", "chinchilla", "google-deepmind", "GB", "unreleased"),
    ("WaveNet", "wavenet", "wavenet", "google-deepmind", "GB", "unreleased"),
    ("VALL-E", "vall-e", "vall-e", "microsoft", "US", "unreleased"),
    ("MuZero", "muzero", "alphago", "google-deepmind", "GB", "unreleased"),
    ("AlphaFold 2", "alphafold-2", "alphafold", "google-deepmind", "GB", "open_weights"),
    ("Codex", "codex", "gpt-3", "openai", "US", "api"),
    ("TinyLlama-1.1B", "tinyllama-1.1b", "tinyllama", None, None, "open_weights"),
    ("LLaDA-8B", "llada-8b", "llada", "ruc", "CN", "open_weights"),
    ("UI-TARS-72B", "ui-tars-72b", "ui-tars", "bytedance", "CN", "open_weights"),
]


@pytest.mark.parametrize(("name", "key", "family", "developer", "country", "access"), CURATED,
                         ids=[n[0] for n in CURATED])
def test_a_curated_model_named_as_a_baseline_resolves(name: str, key: str, family: str, developer: str | None,
                                                      country: str | None, access: str):
    ext = extract_paper(PaperRecord(
        arxiv_id="2507.00011", title="FooNet: efficient pretraining for speech, vision and text",
        abstract=f"We introduce FooNet, a 300M encoder. On our benchmarks FooNet outperforms {name} by 2.1 points "
                 "while using a third of its compute."))
    model = {m.key: m for m in ext.models}[key]
    assert model.role == "evaluated"
    assert (model.family, model.developer, model.accessibility) == (family, developer, access)
    if developer is not None:
        assert org_lookup()(developer)["country"] == country
    ident = resolve(name)
    assert ident is not None and (ident.key, ident.accessibility) == (key, access)


def test_the_introducing_paper_of_a_short_listed_name_gets_its_dated_fact():
    rec = PaperRecord(arxiv_id="2106.07447", title="HuBERT: Self-Supervised Speech Representation Learning by "
                      "Masked Prediction of Hidden Units",
                      abstract="We propose the Hidden-Unit BERT (HuBERT) approach for self-supervised speech "
                               "representation learning, which utilizes an offline clustering step.",
                      published=date(2021, 6, 14), updated=date(2021, 6, 14))
    model = {m.key: m for m in extract_paper(rec).models}["hubert"]
    assert (model.role, model.accessibility, model.developer) == ("introduced", "open_weights", "meta-fair")
    assert model.access_since == "2021-06"


def test_a_short_listed_name_reused_years_later_is_a_new_paper_scoped_model():
    rec = PaperRecord(arxiv_id="2508.00012", title="MoCo: Motion-Consistent Human Video Generation",
                      abstract="We present MoCo, a video generation model that keeps human motion consistent.",
                      published=date(2025, 8, 1), updated=date(2025, 8, 1))
    intro = [m for m in extract_paper(rec).models if m.role == "introduced"]
    assert [(m.key, m.accessibility) for m in intro] == [("moco-2508.00012", "unknown")]


# ---- LaTeX markup and plurals ----------------------------------------------------------------------------------

def _name(word: str) -> str | None:
    return {"chinchilla": "Chinchilla", "gopher": "Gopher"}.get(word.casefold())


UNTEX = [
    (r"a compute-optimal model, \chinchilla, that uses the same compute as \gopher",
     "a compute-optimal model, Chinchilla, that uses the same compute as Gopher"),
    (r"We present \textsc{FooLM}, and {\sc BarNet} and \texttt{BazVL-7B}.", "We present FooLM, and BarNet and BazVL-7B."),
    (r"\chinchilla{} is trained on 1.4T tokens", "Chinchilla is trained on 1.4T tokens"),
    (r"over \nummodels language models with $\alpha = 0.5$ and $\pi$", r"over \nummodels language models with $\alpha = 0.5$ and $\pi$"),
    ("no markup at all", "no markup at all"),
]


@pytest.mark.parametrize(("text", "want"), UNTEX, ids=[t[:30] for t, _ in UNTEX])
def test_latex_name_markup_is_resolved(text: str, want: str):
    assert untex(text, _name) == want


def test_a_model_named_by_a_latex_macro_is_found_in_a_real_abstract():
    rec = PaperRecord(arxiv_id="2203.15556", title="Training Compute-Optimal Large Language Models",
                      abstract=r"We test this hypothesis by training a predicted compute-optimal model, \chinchilla, "
                               r"that uses the same compute budget as \gopher but with 70B parameters and 4$\times$ "
                               r"more data. \chinchilla uniformly and significantly outperforms \gopher (280B).")
    roles = {m.key: (m.role, m.accessibility) for m in extract_paper(rec).models}
    assert roles["chinchilla"] == ("introduced", "unreleased")
    assert roles["gopher"] == ("evaluated", "unreleased")
    phi = extract_paper(PaperRecord(arxiv_id="2501.00013", title="A bound", abstract=r"We bound $\phi$ and \pi."))
    assert not phi.models  # a Greek letter is never the Phi or Pi model


PLURALS = [
    ("cross-lingual language models (XLMs)", ["xlm"]),
    ("we fine-tune BERTs on GLUE", ["bert"]),
    ("Denoising Diffusion Probabilistic Models and Vision Transformers", ["ddpm", "vit"]),
    ("LLMs, VLMs, GANs, CNNs and custom GPTs", []),  # generic classes and products, not models
    ("SAMs and MAEs", []),  # a name that is also a common acronym needs its exact spelling
    ("latent diffusion models and vision transformers", []),  # generic phrases in lower case
]


@pytest.mark.parametrize(("text", "keys"), PLURALS, ids=[t for t, _ in PLURALS])
def test_plurals_of_listed_names(text: str, keys: list[str]):
    assert [m.key for m in find_mentions(text)] == keys


# A model's name that is also a metric's acronym: the metric when the abstract uses it as one.
@pytest.mark.parametrize("abstract,is_model", [
    ("Our regressor lowers the mean absolute error (MAE) to 0.31 on held-out farms.", False),
    ("The forecaster reaches an MAE of 2.1 and an RMSE of 3.4 over all stations.", False),
    ("We report RMSE and MAE for every horizon.", False),
    ("Counting improves by 12% in MAE over the strongest baseline.", False),
    ("It estimates heart rate with 1.05 bpm MAE on UBFC.", False),
    ("We pretrain a ViT with MAE and fine-tune it on ImageNet.", True),
    ("Masked autoencoders (MAE) are scalable self-supervised learners; we compare with MAE and DINO.", True),
    ("Backbones such as DINOv2 and MAE provide generic image features.", True),
    ("CoMAD distills from three teachers, MAE, MoCo v3, and iBOT.", True),
])
def test_metric_acronyms_are_not_models(abstract: str, is_model: bool) -> None:
    ext = extract_paper(PaperRecord(arxiv_id="2501.00001", title="A study of representations", abstract=abstract))
    assert ("mae" in {m.key for m in ext.models}) is is_model
