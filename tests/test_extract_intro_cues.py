"""What a paper introduces: one test per cue, on sentences quoted from real abstracts (arXiv id given) of the
shared snapshot, and the precision guards that keep methods, data sets and tools out."""

from __future__ import annotations

import pytest

from tracker.extract.paper import _accessibility, extract_paper
from tracker.records import PaperRecord


def _models(title: str, abstract: str, arxiv_id: str) -> dict:
    ext = extract_paper(PaperRecord(arxiv_id=arxiv_id, title=title, abstract=abstract))
    # a plain-word or acronym name gets a paper-scoped key ("nora-2504.19854"); these tests are about the name
    return {m.key.removesuffix(f"-{arxiv_id}"): m for m in ext.models if m.role == "introduced"}


# ---- names given by the text itself ----------------------------------------------------------------------------

# (title, abstract, arXiv id, the models the paper introduces): each case is one naming cue
_NAMED = [
    pytest.param("Resilient Sensor Fusion under Adverse Sensor Failures via Multi-Modal Expert Fusion",
                 "In this study, we introduce an efficient and robust LiDAR-camera 3D object detector, referred to as "
                 "MoME, which can achieve robust performance through a mixture of experts approach.",
                 "2503.19776", {"mome"}, id="referred-to-as"),
    pytest.param("Unsupervised Real-World Denoising: Sparsity is All You Need",
                 "Our method, which we refer to as Mask, Inpaint and Denoise (MID), trains a denoiser to "
                 "simultaneously denoise and inpaint synthetic clean-noisy pairs.",
                 "2503.21377", {"mid"}, id="listed-expansion-names-its-acronym"),
    pytest.param("GMapLatent: Geometric Mapping in Latent Space",
                 "We name this model GMapLatent.",
                 "2503.23407", {"gmaplatent"}, id="we-name-this-model"),
    pytest.param("Vision-Assisted Foundation Model for Solving Multi-Task Vehicle Routing Problems",
                 "In this paper, we propose a vision-assisted foundation model (VaFM) to address these challenges. "
                 "The performance of VaFM is evaluated across 16 different VRP variants.",
                 "2606.10431", {"vafm"}, id="bracketed-name-after-its-description"),
    pytest.param("Contextually Guided Transformers via Low-Rank Adaptation",
                 "Our Contextually Guided Transformer (CGT) model maintains a contextual summary at each sequence "
                 "position, allowing it to update the weights on the fly based on the preceding context.",
                 "2506.05672", {"cgt"}, id="our-named-model-with-its-expansion"),
    pytest.param("Training language models to follow instructions with human feedback",
                 "We then collect a dataset of rankings of model outputs, which we use to further fine-tune this "
                 "supervised model using reinforcement learning from human feedback (RLHF). We call the resulting "
                 "models InstructGPT.",
                 "2203.02155", {"instructgpt"}, id="we-call-the-resulting-models"),
    pytest.param("Deep Learning Recommendation Model for Personalization and Recommendation Systems",
                 "In this paper, we develop a state-of-the-art deep learning recommendation model (DLRM) and provide "
                 "its implementation in both PyTorch and Caffe2 frameworks.",
                 "1906.00091", {"dlrm"}, id="abbreviated-own-model"),
    pytest.param("ConsisDrive: Identity-Preserving Driving World Models for Video Generation by Instance Mask",
                 "We introduce ConsisDrive, an identity-preserving driving world model designed to enforce temporal "
                 "consistency at the instance level.",
                 "2602.03213", {"consisdrive"}, id="ing-adjective-after-an-article"),
]


@pytest.mark.parametrize(("title", "abstract", "arxiv_id", "expected"), _NAMED)
def test_the_text_names_exactly_these_models(title: str, abstract: str, arxiv_id: str, expected: set[str]):
    assert set(_models(title, abstract, arxiv_id)) == expected


def test_an_abbreviated_kind_of_model_is_not_a_name():
    # "an energy-based model (EBM)" and "a state space model (SSM)" say what kind of model, not which one
    assert "ebm" not in _models(
        "Energy Landscapes Enable Reliable Abstention in Retrieval-Augmented Large Language Models for Healthcare",
        "We present an energy-based model (EBM) that learns a smooth energy landscape over a dense semantic corpus of "
        "2.6M guideline-derived questions, enabling the system to decide when to generate or abstain.", "2509.04482")
    assert "ssm" not in _models(
        "Pyramid-based Mamba Multi-class Unsupervised Anomaly Detection",
        "We introduce a state space model (SSM)-based Pyramidal Scanning Strategy (PSS) for multi-class anomaly "
        "detection and localization--a novel approach designed to address the challenge of small anomaly "
        "localization.", "2504.03442")


def test_the_new_framework_called_long_or_short_introduces_a_known_model():
    intro = _models("End-to-End Object Detection with Transformers",
                    "We present a new method that views object detection as a direct set prediction problem. The main "
                    "ingredients of the new framework, called DEtection TRansformer or DETR, are a set-based global loss "
                    "that forces unique predictions via bipartite matching, and a transformer encoder-decoder "
                    "architecture.", "2005.12872")
    assert set(intro) == {"detr"}
    assert intro["detr"].aliases == ["DEtection TRansformer"]


def test_and_propose_in_an_authors_sentence():
    intro = _models("Human-aligned Deep Learning: Explainability, Causality, and Biological Inspiration",
                    "Lastly, we explore biological vision, examining how humans recognize objects, and propose "
                    "CoCoReco, a connectivity-inspired network with context-aware attention mechanisms.", "2504.13717")
    assert "cocoreco" in intro


def test_we_are_releasing_with_a_licence():
    intro = _models("GeistBERT: Breathing Life into German NLP",
                    "To support the German NLP research community, we are releasing GeistBERT under the MIT license.",
                    "2506.11903")
    assert set(intro) == {"geistbert"}
    assert intro["geistbert"].license == "MIT" and intro["geistbert"].is_open


def test_brackets_that_only_abbreviate_the_words_before_are_no_name():
    intro = _models("FlexWorld: Progressively Expanding 3D Scenes for Flexiable-View Synthesis",
                    "To this end, we introduce FlexWorld, a novel framework consisting of two key components: (1) a "
                    "strong video-to-video (V2V) diffusion model to generate high-quality novel view images from "
                    "incomplete input rendered from a coarse scene, and (2) a progressive expansion process to "
                    "construct a complete 3D scene.", "2503.13265")
    assert "v2v" not in intro
    intro = _models("EmoTale: An Enacted Speech-emotion Dataset in Danish",
                    "We demonstrate the validity of the dataset by investigating and presenting its predictive power "
                    "using speech emotion recognition (SER) models. We develop SER models for EmoTale and the reference "
                    "datasets using self-supervised speech model (SSLM) embeddings and the openSMILE feature "
                    "extractor.", "2508.14548")
    assert intro == {}


def test_an_acronym_modifying_a_noun_is_not_the_name():
    intro = _models("MobiAct: Efficient MAV Action Recognition Using MobileNetV4 with Contrastive Learning and "
                    "Knowledge Distillation",
                    "To address these challenges, this paper proposes a lightweight MAV action recognition framework, "
                    "MobiAct, designed to achieve high accuracy with low computational cost.", "2510.19273")
    assert "mav" not in intro and "mobiact" in intro


def test_coordinated_names_are_all_introduced_and_share_the_description():
    intro = _models("ModelCitizens:Representing Community Voices in Online Safety",
                    "Finally, we release LLAMACITIZEN-8B and GEMMACITIZEN-12B, LLaMA- and Gemma-based models finetuned "
                    "on MODELCITIZENS, which outperform GPT-o4-mini by 5.5% on in-distribution evaluations.",
                    "2507.05455")
    assert intro["llamacitizen-8b"].params_b == 8 and intro["gemmacitizen-12b"].params_b == 12
    intro = _models("MIORe & VAR-MIORe: Benchmarks to Push the Boundaries of Restoration",
                    "We introduce MIORe and VAR-MIORe, two novel multi-task datasets that address critical limitations "
                    "in current motion restoration benchmarks.", "2509.06803")
    assert intro == {}


def test_developer_name_in_front_of_a_title_name_is_dropped():
    intro = _models("NVIDIA Nemotron Nano 2: An Accurate and Efficient Hybrid Mamba-Transformer Reasoning Model",
                    "We introduce Nemotron-Nano-9B-v2, a hybrid Mamba-Transformer language model designed to increase "
                    "throughput for reasoning workloads.", "2508.14444")
    assert "nemotron-nano-2" in intro and "nvidia-nemotron-nano-2" not in intro


# ---- named methods: a model when it is itself trained for a task -------------------------------------------------

def test_named_learning_framework_for_a_task_is_a_model():
    intro = _models("Improving Contrastive Learning for Referring Expression Counting",
                    "To address this, we propose C-REX, a novel contrastive learning framework, based on supervised "
                    "contrastive learning, designed to enhance discriminative representation learning.", "2505.22850")
    assert set(intro) == {"c-rex"}
    intro = _models("SaENeRF: Suppressing Artifacts in Event-based Neural Radiance Fields",
                    "To overcome these limitations, we present SaENeRF, a novel self-supervised framework that "
                    "effectively suppresses artifacts and enables 3D-consistent, dense, and photorealistic NeRF "
                    "reconstruction of static scenes solely from event streams.", "2504.16389")
    assert set(intro) == {"saenerf"}


def test_training_free_methods_strategies_and_llm_methods_are_not_models():
    assert _models("MagicComp: Training-free Dual-Phase Refinement for Compositional Video Generation",
                   "To address these limitations, we propose MagicComp, a training-free method that enhances "
                   "compositional T2V generation through dual-phase refinement.", "2503.14428") == {}
    intro = _models("VeraRetouch: A Lightweight Fully Differentiable Framework for Multi-Task Reasoning Photo "
                    "Retouching",
                    "Furthermore, we propose DAPO-AE, a reinforcement learning post-training strategy that enhances "
                    "autonomous aesthetic cognition.", "2604.27375")
    assert "dapo-ae" not in intro
    assert _models("Training Language Models to Generate Quality Code with Program Analysis Feedback",
                   "We propose REAL, a reinforcement learning framework that incentivizes LLMs to generate "
                   "production-quality code using program analysis-guided feedback.", "2505.22704") == {}


def test_tools_and_agents_around_someone_elses_llm_are_not_models():
    assert _models("TerraTorch: The Geospatial Foundation Models Toolkit",
                   "TerraTorch is a fine-tuning and benchmarking toolkit for Geospatial Foundation Models built on "
                   "PyTorch Lightning and tailored for satellite, weather, and climate data.", "2503.20563") == {}
    assert _models("Agentic Jackal: Live Execution and Semantic Value Grounding for Text-to-JQL",
                   "To establish baselines on Jackal, we propose Agentic Jackal, a tool-augmented agent that equips "
                   "LLMs with live query execution via the Jira MCP server and JiraAnchor, a semantic retrieval tool "
                   "that resolves natural-language mentions of categorical values through embedding-based similarity "
                   "search.", "2604.09470") == {}


def test_an_llm_agent_system_is_not_a_model_even_when_the_title_names_it():
    assert _models("QAgent: An LLM-based Multi-Agent System for Autonomous OpenQASM programming",
                   "In this paper, we present QAgent, an LLM-powered multi-agent system that fully automates OpenQASM "
                   "programming.", "2508.20134") == {}
    assert _models("STELLA: Self-Evolving LLM Agent for Biomedical Research",
                   "Here, we introduce STELLA, a self-evolving AI agent designed to overcome these limitations. STELLA "
                   "employs a multi-agent architecture that autonomously improves its own capabilities.",
                   "2507.02004") == {}


def test_an_agent_the_paper_trains_is_a_model():
    intro = _models("AliyunConsoleAgent: Training Web Agents in Real-World Cloud Environments via Distillation and "
                    "Reinforcement Learning",
                    "We present AliyunConsoleAgent, a web agent framework for automated documentation verification in "
                    "real-world cloud consoles. We propose a two-stage training paradigm: supervised fine-tuning (SFT) on "
                    "distilled frontier-model trajectories, followed by reinforcement learning using Group Relative "
                    "Policy Optimization (GRPO).", "2606.09447")
    assert "aliyunconsoleagent" in intro


def test_a_known_name_used_as_a_modifier_is_not_introduced():
    assert _models("YOLO-Based Defect Detection for Metal Sheets",
                   "In this paper, we propose a YOLO-based deep learning (DL) model for automatic defect detection to "
                   "solve the time-consuming and labor-intensive tasks in industrial manufacturing.",
                   "2509.25659") == {}
    assert _models("Predicting stock prices with ChatGPT-annotated Reddit sentiment",
                   "To assess sentiment's role, we employ two existing text-based sentiment analysis methods and "
                   "introduce a third, a ChatGPT-annotated and fine-tuned RoBERTa-based model designed to better "
                   "interpret the informal language and emojis prevalent in social media discussions.",
                   "2507.22922") == {}
    assert _models("Learning Generalizable Shape Completion with SIM(3) Equivariance",
                   "Following this principle, we introduce the first SIM(3)-equivariant shape completion network, "
                   "whose modular layers successively canonicalize features, reason over similarity-invariant "
                   "geometry, and restore the original frame.", "2509.26631") == {}


def test_report_in_a_data_set_title_is_no_technical_report():
    assert _models("Multi-RADS Synthetic Radiology Report Dataset and Head-to-Head Benchmarking of 41 Open-Weight and "
                   "Proprietary Language Models",
                   "Purpose: To create RXL-RADSet, a radiologist-verified synthetic multi-RADS benchmark, and compare "
                   "validity and accuracy of open-weight small language models (SLMs) with a proprietary model for "
                   "RADS assignment.", "2601.03232") == {}


# ---- parameters and base model ---------------------------------------------------------------------------------

def test_parameter_count_of_other_models_is_not_the_papers():
    intro = _models("NORA: A Small Open-Sourced Generalist Vision Language Action Model for Embodied Tasks",
                    "Moreover, these models typically suffer from high computational overhead due to their large "
                    "sizes, often exceeding 7B parameters. To address the limitations of existing VLA models, we "
                    "propose NORA, a 3B-parameter model designed to reduce computational overhead while maintaining "
                    "strong task performance. NORA adopts the Qwen-2.5-VL-3B multimodal model as its backbone, "
                    "leveraging its superior visual-semantic understanding to enhance visual reasoning and action "
                    "grounding.", "2504.19854")
    assert intro["nora"].params_b == 3
    assert intro["nora"].base_model == "qwen2.5-vl"


def test_trained_from_names_the_base_model():
    intro = _models("LongWriter-Zero: Mastering Ultra-Long Text Generation via Reinforcement Learning",
                    "Experimental evaluations show that our LongWriter-Zero model, trained from Qwen2.5-32B, "
                    "consistently outperforms traditional SFT methods on long-form writing tasks, achieving "
                    "state-of-the-art results across all metrics on WritingBench and Arena-Write, and even surpassing "
                    "100B+ models such as DeepSeek R1 and Qwen3-235B.", "2506.18841")
    assert intro["longwriter-zero"].base_model == "qwen2.5"


# ---- normalisation ---------------------------------------------------------------------------------------------

def test_plural_and_long_form_of_one_model_collapse_to_one_key():
    intro = _models("Scaling convolutional networks",
                    "We introduce FooNet, a convolutional network, and scale it up to obtain a family of models, "
                    "called FooNets, which reach 85% accuracy.", "2501.00003")
    assert "foonet" in intro and "foonets" not in intro


def test_toolkits_catalogues_generic_architectures_and_latex_titles_are_not_models():
    assert _models("Tyee: A Unified, Modular, and Fully-Integrated Configurable Toolkit for Intelligent Physiological "
                   "Health Care",
                   "To address these limitations, we present Tyee, a unified, modular, and fully-integrated "
                   "configurable toolkit designed for intelligent physiological healthcare.", "2512.22601") == {}
    assert _models("AISafetyBenchExplorer: A Metric-Aware Catalogue of AI Safety Benchmarks Reveals Fragmented "
                   "Measurement and Weak Benchmark Governance",
                   "We present AISafetyBenchExplorer, a structured catalogue of 195 AI safety benchmarks released "
                   "between 2018 and 2026.", "2604.12875") == {}
    assert _models("Detection of Adverse Drug Events in Dutch clinical free text documents using Transformer Models: "
                   "benchmark study",
                   "We trained a Bidirectional Long Short-Term Memory (Bi-LSTM) model and four transformer-based Dutch "
                   "and/or multilingual encoder models (BERTje, RobBERT, MedRoBERTa.nl, and NuNER) for the tasks of "
                   "named entity recognition (NER) and relation classification (RC) using 102 richly annotated Dutch "
                   "ICU clinical progress notes.", "2507.19396") == {}
    assert _models("SAEs $\\textit{Can}$ Improve Unlearning: Dynamic Sparse Autoencoder Guardrails for Precision "
                   "Unlearning in LLMs",
                   "Machine unlearning is a promising approach to improve LLM safety by removing unwanted knowledge "
                   "from the model.", "2504.08192") == {}


# ---- open weights or not -------------------------------------------------------------------------------------------

def test_releasing_a_model_by_its_long_name_is_open_and_keeps_the_long_name():
    intro = _models("Segment Anything",
                    "We introduce the Segment Anything (SA) project: a new task, model, and dataset for image "
                    "segmentation. We are releasing the Segment Anything Model (SAM) and corresponding dataset (SA-1B) of "
                    "1B masks and 11M images at https://segment-anything.com to foster research into foundation models "
                    "for computer vision.", "2304.02643")
    assert set(intro) == {"sam"}
    assert intro["sam"].accessibility == "open_weights" and intro["sam"].is_open
    assert intro["sam"].aliases == ["Segment Anything Model"]


def test_we_release_the_model_by_name():
    intro = _models("ONE-PEACE: Exploring One General Representation Model Toward Unlimited Modalities",
                    "In this work, we explore a scalable way for building a general representation model toward "
                    "unlimited modalities. We release ONE-PEACE, a highly extensible model with 4B parameters that can "
                    "seamlessly align and integrate representations across vision, audio, and language modalities.",
                    "2305.11172")
    assert intro["one-peace"].accessibility == "open_weights" and intro["one-peace"].params_b == 4.0


def test_a_code_link_alone_never_means_open_weights():
    intro = _models("ROS-SAM: High-Quality Interactive Segmentation for Remote Sensing Moving Object",
                    "These results confirm ROS-SAM as a powerful tool for fine-grained segmentation in remote sensing "
                    "applications. Code is available at https://github.com/ShanZard/ROS-SAM.", "2503.12006")
    assert intro["ros-sam"].accessibility == "unknown" and not intro["ros-sam"].is_open
    assert "code link" in intro["ros-sam"].reason


def test_released_pretrained_models_and_models_with_code_are_open_weights():
    # 2010.01057 (LUKE) and 2211.06679 (AltCLIP): weights named beside the code
    assert _accessibility("Our source code and pretrained representations are available at "
                          "https://github.com/studio-ousia/luke")[0] == "open_weights"
    assert _accessibility("Our models and code are available at this https URL.")[0] == "open_weights"


def test_making_models_better_or_unreleased_models_are_not_release_cues():
    # 2503.14002 and 2503.11905: "make(s) ... model(s)" without a release; the third sentence is constructed
    for sentence in ("Fine-tuning large generative models is a promising perspective for making these models "
                     "available in these fields.",
                     "However, existing approaches typically require resource-intensive re-training or additional "
                     "parameters to accommodate for the new tasks, which makes the model inefficient for on-device "
                     "deployment.",
                     "We compare against unreleased models reported by their authors."):
        assert _accessibility(sentence)[:2] == ("unknown", None), sentence


def test_a_closed_cue_outweighs_a_code_link():
    # constructed: the paper says its own model is served only through an API; the code link is the method's
    assert _accessibility("Our model is available only via API. Code is available at "
                          "https://github.com/ShanZard/ROS-SAM.")[0] == "api"


@pytest.mark.parametrize("sentence", [
    # snapshot sentences (2605.26520, 2604.09793, 2605.30794, 2507.06181): other models called proprietary or
    # closed-source say nothing of the paper's own model (104 + 37 snapshot models were labelled API by them)
    "Experiments demonstrate the effectiveness of InterSketch, even outperforming proprietary models such as Gemini-3-Pro.",
    "Despite its smaller open-source architecture, GIANTS-4B outperforms proprietary baselines.",
    "MechVL outperforms the strongest closed-source baseline by 7.57 percentage points on the MechVQA benchmark.",
    "Our built-on agent is built on a proprietary model.",
    "However, such solutions become less effective when the underlying models are not available.",
])
def test_other_models_called_proprietary_are_not_a_closed_cue(sentence: str):
    assert _accessibility(sentence)[0] == "unknown"


@pytest.mark.parametrize("sentence", [
    # snapshot sentences (2603.24575, 2605.22064, 2604.13803, 2506.08140, 2505.11352, 2604.17429): the adjective
    # "open-source"/"open-weight" about other models, or their release, is no cue for the paper's own model
    "VFIG achieves state-of-the-art performance among open-source models and performs on par with GPT-5.",
    "The 7B and 30B models outperform open-source models such as DeepSeek-V4-Pro.",
    "We investigate this question by evaluating 12 open-weight vision-language models.",
    "It brings a 17.4% relative improvement, closing the gap between open-weight models and GPT-4o.",
    "Recently, large-scale pre-trained speech encoders and Large Language Models (LLMs) have been released.",
    "We present Jupiter-N, a reasoning model post-trained from Nemotron 3 Super, a fully open-source 120B LLM.",
    "Long-sequence streaming reconstruction remains a significant open challenge. Existing autoregressive models fail.",
    "With the release of the o1 model by OpenAI, reasoning models attract attention.",
    # a link that may hold only code or data (234 snapshot models were labelled open by "publicly available at")
    "The code is publicly available at https://github.com/CSYSI/ASGNet.",
    "Our code and dataset are publicly available at https://github.com/x/y.",
    "AgentFuel benchmarks are available at https://huggingface.co/datasets/RockfishData/TimeSeries.",
    # hosted for customers is not a release of weights (2504.07866, Pangu Ultra)
    "Our model and system will be available for our commercial customers.",
])
def test_words_about_other_models_or_code_are_not_open_weights(sentence: str):
    assert _accessibility(sentence)[0] == "unknown", sentence


@pytest.mark.parametrize("sentence", [
    # snapshot sentences (2507.08297, 2606.24510, 2506.20384, 2512.15586, 2511.19663, 2605.19359, 2505.12312)
    "We present Kwaipilot-AutoThink (KAT), an open-source 40B large language model developed to address overthinking.",
    "Here we present RaDaR (Rare Disease navigatoR), an open-source, compact reasoning LLM (32B parameters).",
    "We will introduce Paladin-mini, a compact (3.8B parameters) open-source classifier model.",
    "We introduce Bolmo, the first family of competitive fully open byte-level language models.",
    "We are making Fara-7B open-weight on Microsoft Foundry.",
    "The training code, pre-trained model weights, data extraction scripts, and the released dataset are publicly "
    "available at: https://github.com/igulluk/MAM-CLIP",
    "The implementation and fine-tuned model (ViCA-7B) are publicly available at https://huggingface.co/nkkbr/ViCA.",
])
def test_the_papers_own_model_called_open_or_released_is_open_weights(sentence: str):
    assert _accessibility(sentence)[0] == "open_weights", sentence


def test_each_name_of_a_released_list_is_released():
    # 2507.18013 (TeleChat2.5): "publicly release TeleChat2, TeleChat2.5 and T1" beside "proprietary models"
    text = ("We publicly release TeleChat2, TeleChat2.5 and T1, including post-trained versions with 35B and 115B "
            "parameters. T1 rivals proprietary models like o1-mini and GPT-4o.")
    assert _accessibility(text, ["TeleChat2.5"])[0] == "open_weights"
    assert _accessibility(text, ["T1"])[0] == "open_weights"


def test_apple_models_are_not_all_open():
    # MM1's abstract, abridged: its weights were never released, though Apple's OpenELM's were
    intro = _models("MM1: Methods, Analysis & Insights from Multimodal LLM Pre-training",
                    "In this work, we discuss building performant Multimodal Large Language Models (MLLMs). We build MM1, "
                    "a family of multimodal models up to 30B parameters, that are SOTA in pre-training metrics.",
                    "2403.09611")
    assert "mm1" in intro and not intro["mm1"].is_open


# ---- parameters: the model's own, total and active ----------------------------------------------------------------

def test_a_components_size_is_not_the_models_and_active_parameters_are_kept_apart():
    # 2505.07062 (Seed1.5-VL), abstract
    intro = _models("Seed1.5-VL Technical Report",
                    "We present Seed1.5-VL, a vision-language foundation model designed to advance general-purpose "
                    "multimodal understanding and reasoning. Seed1.5-VL is composed with a 532M-parameter vision encoder "
                    "and a Mixture-of-Experts (MoE) LLM of 20B active parameters.", "2505.07062")
    seed = intro["seed1.5-vl"]
    assert seed.params_b is None and seed.active_params_b == 20
    assert (seed.accessibility, seed.developer) == ("api", "bytedance")  # the curated fact, not a text cue


def test_a_data_sets_size_is_not_a_models():
    ext = extract_paper(PaperRecord(arxiv_id="2505.00001", title="FooVLM: a vision-language model",
                                    abstract="We introduce FooVLM, a vision-language model trained on FooData-2M "
                                             "samples."))
    assert all(m.params_b is None for m in ext.models)


def test_a_new_model_gets_no_developer_from_a_family_name():
    # a derivative named after a known family is not the family developer's model
    intro = _models("YOLOv11-RGBT: Towards a Comprehensive Single-Stage Multispectral Object Detection Framework",
                    "We propose YOLOv11-RGBT, a new comprehensive multimodal object detection framework.", "2506.14696")
    assert all(m.developer is None for m in intro.values())


def test_a_hub_account_link_names_the_developer_of_a_new_model():
    intro = _models("FooCoder-7B: an open code model",
                    "We introduce FooCoder-7B, a 7B code language model. Weights are available at "
                    "https://huggingface.co/deepseek-ai/FooCoder-7B.", "2506.00011")
    assert intro["foocoder-7b"].developer == "deepseek"
    assert "hub account" in intro["foocoder-7b"].reason
    personal = _models("BarLM: a small model", "We introduce BarLM, a 1B language model. Code: "
                       "https://github.com/some-student/barlm.", "2506.00012")
    assert personal["barlm"].developer is None  # a personal account says nothing about an organisation


def test_a_listed_models_short_name_reused_by_a_new_paper_is_a_new_model():
    # 2508.17404: "MoCo" here is a video generator, not Meta's Momentum Contrast
    from datetime import date

    ext = extract_paper(PaperRecord(
        arxiv_id="2508.17404", title="MoCo: Motion-Consistent Human Video Generation via Structure-Appearance "
        "Decoupling", abstract="We propose MoCo, a video generation model that decouples structure and appearance.",
        published=date(2025, 8, 24)))
    intro = [m for m in ext.models if m.role == "introduced"]
    assert [(m.key, m.developer) for m in intro] == [("moco-2508.17404", None)]


def test_a_known_model_released_long_before_the_paper_is_not_introduced_by_it():
    # 2505.01263 (FlowDubber, 2025): Qwen2.5 (released 2024-09-19) is its backbone, not its release
    from datetime import date

    ext = extract_paper(PaperRecord(
        arxiv_id="2505.01263", title="FlowDubber: Movie Dubbing with LLM-based Semantic-aware Learning",
        abstract="We introduce Qwen2.5 as the backbone of LLM to learn the in-context sequence from movie scripts.",
        published=date(2025, 5, 2)))
    assert not [m for m in ext.models if m.role == "introduced" and m.key == "qwen2.5"]
    report = extract_paper(PaperRecord(arxiv_id="2511.21631", title="Qwen3-VL Technical Report",
                                       abstract="We introduce Qwen3-VL, a vision-language model series.",
                                       published=date(2025, 11, 26)))
    assert [(m.key, m.developer) for m in report.models if m.role == "introduced"] == [("qwen3-vl", "alibaba")]


# ---- what the title's head noun says the named thing is (sentences written for these tests) ------------------------

REFUSED_TITLES = [
    # the head noun of the description is a benchmark, a data set or a suite, whatever the name ends with
    ("PlantSeg: A Large-Scale Leaf Disease Segmentation Benchmark for Field Images",
     "We present PlantSeg, a benchmark of 12,000 annotated leaf images from 30 crops.", "plantseg"),
    ("tg-corp-9m: a 9 million token tigrinya pretraining corpus",
     "We release tg-corp-9m, a cleaned corpus of web and news text in Tigrinya.", "tg-corp-9m"),
    ("RoboGen2: A Simulation Suite for Household Manipulation",
     "RoboGen2 provides 50 simulated kitchens and a common evaluation protocol.", "robogen2"),
    # a method named after a family prefix ("Gen", "Seg") is not a model
    ("Gen4Mix: Generative Mixing for Rare Class Segmentation",
     "Our approach, called Gen4Mix, augments the training set with synthetic images of rare classes.", "gen4mix"),
    # a framework that routes or orchestrates other agents is a method, not a model
    ("TaskWeaver2: Learning to Route Queries Across Agents",
     "We introduce TaskWeaver2, a framework for cost-aware orchestration. TaskWeaver2 learns which agent to call "
     "and routes queries to agents that fit the request.", "taskweaver2"),
    # a system whose description is only "a system that includes ..." and whose title reads as a method
    ("MemPal: From Diaries to a Personal Shopping Assistant",
     "We introduce MemPal, a system that includes a graph memory of past purchases and a ranking step.", "mempal"),
]

ACCEPTED_TITLES = [
    ("TerraNet: A Lightweight Network for Crop Type Mapping",
     "We propose TerraNet, a lightweight convolutional network for crop type mapping from satellite images.",
     "terranet"),
    ("OcuFormer: Learning Retinal Vessel Segmentation with Sparse Labels",
     "OcuFormer is trained with sparse labels and segments retinal vessels.", "ocuformer"),
    ("Leaf-SAM: Interactive Segmentation of Plant Leaves",
     "We fine-tune SAM on 8,000 leaf masks to obtain Leaf-SAM.", "leaf-sam"),
    ("Quokka-7B: An Open Bilingual Language Model for Science",
     "We introduce Quokka-7B, a 7B language model trained on scientific text.", "quokka-7b"),
]


@pytest.mark.parametrize(("title", "abstract", "key"), REFUSED_TITLES, ids=[t[2] for t in REFUSED_TITLES])
def test_benchmarks_datasets_and_methods_named_in_a_title_are_not_models(title: str, abstract: str, key: str):
    assert key not in _models(title, abstract, "2601.00011")


@pytest.mark.parametrize(("title", "abstract", "key"), ACCEPTED_TITLES, ids=[t[2] for t in ACCEPTED_TITLES])
def test_models_named_in_a_title_are_introduced(title: str, abstract: str, key: str):
    assert key in _models(title, abstract, "2601.00012")


def test_an_acronym_inside_a_title_word_is_not_the_title_name():
    intro = _models("Person Re-Identification from Gait Sequences with Transformers",
                    "Person re-identification (Re-ID) matches people across cameras. We propose a novel approach that "
                    "pairs a transformer with optimal matching.", "2601.00013")
    assert "re-id" not in intro


@pytest.mark.parametrize("sentence", [
    "To facilitate future research, we release all the code and billion-scale model.",
    "We make the generated instruction data, our model and code base publicly available.",
    "We release two open versions of the model, a base model and a chat model.",
])
def test_release_statements_about_the_model_are_open_weights(sentence: str):
    assert _accessibility(sentence)[0] == "open_weights"


def test_a_release_of_data_sets_is_not_open_weights():
    assert _accessibility("We release two datasets with LoD1 city models of 40 towns.")[0] == "unknown"


@pytest.mark.parametrize(("title", "abstract", "key"), [
    # a process done to models heads the title's phrase: a method
    ("EditGuard: Robust Large Model Editing via Sparse Memory", "We propose EditGuard, which edits facts in place.",
     "editguard"),
    ("SpecFit: Single Image Diffusion Model Customization Without Overfitting",
     "SpecFit adapts a pretrained text-to-image model to one image.", "specfit"),
])
def test_a_process_on_models_in_a_title_is_a_method(title: str, abstract: str, key: str):
    assert key not in _models(title, abstract, "2601.00014")


def test_a_participle_after_the_model_noun_does_not_end_the_title_phrase():
    intro = _models("Tiva-mini: A Compact Grounding Model Excelling in Real-World Scenes",
                    "We present Tiva-mini, a compact grounding model for documents and scenes.", "2601.00015")
    assert "tiva-mini" in intro


@pytest.mark.parametrize(("title", "abstract", "key"), [
    # a new name set beside "a ... model" by apposition
    ("Scaling Laws for Small Speech Models",
     "We test the law by training a predicted compute-optimal model, Warbler, that uses half the compute of prior "
     "systems.", "warbler"),
    # a purpose clause after the name is not its description ("a novel model, X, to first exploit ...")
    ("Gaze Prediction Guided by Referring Expressions",
     "Therefore, we propose a novel model, GazeVLA, to first exploit a vision-language model to fuse visual and "
     "linguistic features.", "gazevla"),
    # the full name says model even when the description says approach
    ("Form and Depth: Recursive Reasoners",
     "We introduce Looped Stem Model (LSM), a recursive reasoning approach whose network learns a stable transition "
     "operator.", "lsm"),
])
def test_new_names_the_text_calls_a_model(title: str, abstract: str, key: str):
    assert key in _models(title, abstract, "2601.00016")


def test_a_listed_name_spelled_out_meets_the_same_checks_as_the_name_alone():
    """"Momentum Contrast (MoCo)" and "MoCo, a ..." are one decision: MoCo's dated fact (Nov 2019) makes its own
    paper the listed model, with the curated access (a short name reused years later gets a paper-scoped key:
    tests/test_curated_models.py)."""
    title = "Momentum Contrast for Unsupervised Visual Representation Learning"
    long_form = extract_paper(PaperRecord(arxiv_id="1911.05722", title=title, abstract=(
        "We present Momentum Contrast (MoCo) for unsupervised visual representation learning. MoCo trains a visual "
        "encoder.")))
    plain = extract_paper(PaperRecord(arxiv_id="1911.05722", title=title, abstract=(
        "We present MoCo, a contrastive learning method for unsupervised visual representation learning that trains "
        "a visual encoder.")))
    facts = [[(m.key, m.role, m.accessibility) for m in e.models] for e in (long_form, plain)]
    assert facts[0] == facts[1] == [("moco", "introduced", "open_weights")]


def test_tex_accents_give_one_model_one_key():
    # 2509.18910: the title writes "MoiréNet", the abstract "Moir\'eNet"; both are one model, with its stated size
    ext = extract_paper(PaperRecord(
        arxiv_id="2509.18910", title="MoiréNet: A Compact Dual-Domain Network for Image Demoiréing",
        abstract="We propose Moir\\'eNet, a convolutional neural U-Net-based framework that synergistically integrates "
                 "frequency and spatial domain features. With only 5.513M parameters, representing a 48% reduction "
                 "compared to ESDNet-L, Moir\\'eNet combines superior restoration quality with parameter efficiency."))
    intro = [m for m in ext.models if m.role == "introduced"]
    assert [m.name for m in intro] == ["MoiréNet"]
    assert intro[0].params_b == pytest.approx(0.005513)


def test_a_count_said_to_be_small_is_the_papers_own_even_after_a_comparison():
    # 2505.08233 and 2509.05550: "when compared to prior methods, using only 0.38 million parameters"
    intro = _models("G-MSGINet: A Grouped Multi-Scale Graph-Involution Network for Contactless Fingerprint Recognition",
                    "Our approach achieves improvements of up to 4.8% in F1-score when compared to prior methods, "
                    "using only 0.38 million parameters and 6.63 giga floating-point operations.", "2505.08233")
    assert intro["g-msginet"].params_b == pytest.approx(0.00038)
    # a count of the models compared with stays theirs
    intro = _models("FooNet: Small Models for Big Tables",
                    "We introduce FooNet, which outperforms models with up to 70B parameters on table QA.", "2601.00001")
    assert intro["foonet"].params_b is None


def test_a_description_in_parentheses_gives_the_kind():
    # 2506.05218 (MonkeyOCR): the dataset it introduces is described inside parentheses
    intro = _models("MonkeyOCR: Document Parsing with a Structure-Recognition-Relation Triplet Paradigm",
                    "We introduce MonkeyOCR, a vision-language model for document parsing. To train and evaluate this "
                    "approach, we introduce the MonkeyDoc (the most comprehensive document parsing dataset to date), "
                    "with 3.9 million instances spanning over ten document types.", "2506.05218")
    assert "monkeyocr" in intro and "monkeydoc" not in intro
    # 2605.19491: "we propose PathCTM (a Pathology-oriented Continuous Thought Model)"
    intro = _models("Thinking in Scales: Accelerating Gigapixel Pathology Image Analysis",
                    "To address this challenge, we propose PathCTM (a Pathology-oriented Continuous Thought Model) that "
                    "enables token-efficient scale-space continuous reasoning for gigapixel WSIs.", "2605.19491")
    assert "pathctm" in intro


@pytest.mark.parametrize("title,abstract,arxiv_id,key", [
    # snapshot abstracts: a noun phrase of any lower-case words that ends in a model noun, then the name
    ("Test-Time Scaling with Reflective Generative Model",
     "We introduce our first reflective generative model MetaStone-S1, which obtains OpenAI o3's performance via the "
     "self-supervised process reward model (SPRM).", "2507.01951", "metastone-s1"),
    ("Cross-View Consistency for Detection",
     "To address this, we propose a simple yet effective model, SpannDetector, to leverage multi-view consistency.",
     "2506.10975", "spanndetector"),
])
def test_a_name_after_any_adjectives_and_a_model_noun_is_introduced(title, abstract, arxiv_id, key):
    assert key in _models(title, abstract, arxiv_id)


def test_an_acronym_modifier_before_a_name_is_not_a_model_noun():
    # 2506.00883: "the MLLM Interview (MITV) strategy" names a strategy, not an MLLM called Interview
    intro = _models("Improve MLLM Benchmark Efficiency through Interview",
                    "To address this issue, we propose the MLLM Interview (MITV) strategy, which aims to quickly obtain "
                    "MLLM performance metrics by quizzing fewer questions.", "2506.00883")
    assert "interview" not in intro and "mitv" not in intro


@pytest.mark.parametrize("sentence", [
    # snapshot sentences (2512.05965, 2508.09123, 2606.05058): the models are one item of a released list
    "We will release our data construction framework, datasets, and models to benefit the community.",
    "We release our annotation tool, datasets, code, and models.",
    "We will release the dataset, code, and pretrained models.",
])
def test_models_released_in_a_list_with_data_are_open_weights(sentence: str):
    assert _accessibility(sentence)[0] == "open_weights"
