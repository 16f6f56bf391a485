"""Every worked case of the shared contract (copied into ./cases) passes."""

import pytest

from .helpers import CASES, case, run

CASE_NAMES = sorted(p.stem for p in CASES.glob("*.json"))


def test_all_contract_cases_are_present():
    assert len(CASE_NAMES) >= 7


@pytest.mark.parametrize("name", CASE_NAMES)
def test_contract_case_reaches_expected_outcome_and_cites_its_clauses(name):
    data = case(name)
    result = run(data["ruleset"], data["profile"])
    expected = data["expect"]["outcome"]
    if expected == "not_ineligible":
        assert result["outcome"] in ("eligible", "needs_review"), result
    else:
        assert result["outcome"] == expected
    failing = [c for c in result["criteria"] if c["result"] == "not_met"]
    cited = " ".join(c["clause"] + " " + c["detail"] for c in failing)
    for fragment in data["expect"].get("cites", []):
        assert fragment in cited, f"{fragment!r} not cited by a not_met criterion: {failing}"
    assert result["ruleset"] == data["ruleset"]
    assert result["target_level"] == data["profile"]["target_level"]
    assert result["declaration"] == data["profile"]["declaration"]
