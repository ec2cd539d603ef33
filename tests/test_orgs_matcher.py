"""Affiliation string -> organisation -> country (curated labs + the shared 2021 ROR names)."""

from __future__ import annotations

import pytest

from tracker.orgs.matcher import Matcher, default_matcher, normalise
from tracker.orgs.registry import load_registry


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return default_matcher()


@pytest.mark.parametrize(("text", "key", "country"), [
    ("DeepSeek-AI", "deepseek", "CN"),
    ("Google DeepMind, London, UK", "google-deepmind", "GB"),
    ("Meta FAIR", "meta-fair", "US"),
    ("Moonshot AI", "moonshot-ai", "CN"),
    ("Zhipu AI", "zhipu-ai", "CN"),
    ("Shanghai Artificial Intelligence Laboratory", "shanghai-ai-lab", "CN"),
    ("Technology Innovation Institute, Abu Dhabi", "tii", "AE"),
    ("Dept. of Computer Science, Tsinghua Univ., Beijing, China", "tsinghua", "CN"),
    ("University of California, Berkeley, USA", "uc-berkeley", "US"),
    ("Mila - Quebec AI Institute", "mila", "CA"),
    ("MIT CSAIL", "mit", "US"),
    ("The Chinese University of Hong Kong", "cuhk", "HK"),
])
def test_labs_and_universities(matcher: Matcher, text: str, key: str, country: str) -> None:
    res = matcher.match(text)
    assert (res.key, res.country) == (key, country)
    assert res.confidence >= matcher.threshold


def test_multinational_site_takes_the_country_the_string_names(matcher: Matcher) -> None:
    res = matcher.match("Microsoft Research, Bangalore, India")  # a curated site of its own
    assert res.key == "microsoft-research-india" and res.country == "IN"
    assert matcher.registry.get(res.key).parent == "microsoft-research"
    res = matcher.match("Apple, Zurich, Switzerland")  # no curated site: the parent, in the named country
    assert res.key == "apple" and res.country == "CH" and res.country_source == "text"


def test_postal_string_resolves_to_registry_org(matcher: Matcher) -> None:
    res = matcher.match("Department of Physics, University of Vermont, Burlington, Vermont 05405, USA")
    assert res.name == "University of Vermont" and res.country == "US" and res.method == "exact"


def test_unresolved_strings_get_no_guessed_country(matcher: Matcher) -> None:
    for text in ["", "   ", "12345", "asdf qwer zxcv", "清华大学", "Лаборатория искусственного интеллекта",
                 "State Key Laboratory of Mobile Network and Mobile Multimedia Technology"]:
        res = matcher.match(text)
        assert res.key is None and res.country is None, text


def test_unresolved_string_keeps_only_the_country_it_names(matcher: Matcher) -> None:
    res = matcher.match("Zorblax Quantum Widget Collective, Lyon, France")
    assert res.key is None and res.country == "FR" and res.country_source == "text"


def test_acronyms_are_case_sensitive(matcher: Matcher) -> None:
    assert matcher.match("we thank the fair reviewers").key is None
    assert matcher.match("FAIR").key == "meta-fair"


def test_match_all_splits_joint_affiliations(matcher: Matcher) -> None:
    keys = [r.key for r in matcher.match_all("Allen Institute for AI & University of Washington")]
    assert keys == ["allen-ai", "university-of-washington"]


def test_normalise_folds_spelling() -> None:
    assert normalise("Université de Montréal") == normalise("Universite de Montreal")
    assert normalise("The Univ. of Tokyo") == "university of tokyo"


def test_labs_only_matcher_works_without_ror() -> None:
    m = Matcher(load_registry(with_ror=False))
    assert m.match("Alibaba Group, Hangzhou").key == "alibaba"
    assert m.match("University of Vermont").key is None
