"""Benchmark of the eligibility engine: evaluations per second on one core, per rule set.

    uv run python bench/bench_eligibility.py               # 2,000 profiles per rule set
    uv run python bench/bench_eligibility.py --profiles 5000 --seed 7

Profiles are generated from a seeded random source and vary in what drives the engine's
work: education (levels, majors in and out of the lists, vocational classes), titles and
their dates, work periods, continuing-education records, assessments, social insurance,
achievements, experience claims, sanctions and the declaration (正常/破格/越级/转评/技能).
Each rule set is measured three ways: validated by the compiled validator (what the API, the
command and the platform do since issue 15: fastjsonschema, with jsonschema only for the Chinese
messages of a refused profile), validated by jsonschema's cached Draft 2020-12 validator (the
path before), and without validation (a caller that built the profile itself).
The rule sets are loaded before timing; the engine does no I/O during evaluation.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhicheng.eligibility.engine import evaluate  # noqa: E402
from zhicheng.eligibility.rulesets import default_rulesets  # noqa: E402
from zhicheng.eligibility.validation import _messages, _validator  # noqa: E402

PLANS = {
    "wenzhou-mech-2020": (
        2020,
        ["assistant", "intermediate"],
        ["normal", "normal", "normal", "exceptional", "transfer"],
    ),
    "linping-manufacturing-2022": (
        2022,
        ["intermediate"],
        ["normal", "normal", "normal", "direct", "exceptional", "skilled", "transfer"],
    ),
    "zhejiang-mech-senior-2020": (
        2020,
        ["associate_senior"],
        ["normal", "normal", "normal", "exceptional", "skilled"],
    ),
    "wenling-mechatronics-2022": (
        2022,
        ["assistant", "intermediate", "intermediate"],
        ["normal", "normal", "normal", "exceptional", "skip_level", "transfer", "skilled"],
    ),
}
LOWER = {"assistant": "technician", "intermediate": "assistant", "associate_senior": "intermediate"}
MAJORS = ["机械工程"] * 3 + [
    "机械设计制造及其自动化",
    "电气工程及其自动化",
    "电子信息工程",
    "信管理与信息系统",
    "英语",
]
LEVELS = ["technical_secondary", "college", "bachelor", "bachelor", "bachelor", "master", "second_bachelor"]
SPECIALTIES = ["机电制造"] * 3 + ["机械", "电气", "计算机技术与软件"]
CITIES = {"wenzhou": "温州市", "linping": "杭州市", "zhejiang": "杭州市", "wenling": "台州市"}
# 温机工协创〔2022〕1号: the article of each work category's conditions (claims cite it).
ARTICLES = {
    "research": "第十二条",
    "design": "第十三条",
    "integration": "第十四条",
    "production": "第十五条",
    "service": "第十六条",
}
ACHIEVEMENTS = [
    {"kind": "patent", "subtype": "invention", "rank": 2},
    {"kind": "patent", "subtype": "utility", "rank": 1, "count": 2},
    {
        "kind": "paper",
        "level": "province",
        "role": "first_author",
        "similarity": 0.2,
        "has_retrieval_report": True,
    },
    {
        "kind": "paper",
        "level": "province",
        "role": "independent",
        "similarity": 0.6,
        "has_retrieval_report": True,
    },
    {"kind": "tech_award", "level": "county", "grade": 3, "issuer": "government"},
    {"kind": "key_project", "level": "city", "role": "backbone"},
    {"kind": "innovation_team", "level": "county", "role": "member"},
    {"kind": "honour", "subtype": "model_worker", "level": "county"},
    {"kind": "research_project", "level": "county", "count": 2},
    {"kind": "standard", "subtype": "national", "role": "drafter"},
    {"kind": "tech_promotion", "count": 3},
    {"kind": "problem_solved", "rank": 1},
    {"kind": "report", "role": "independent", "count": 2},
]


def _date(rng: random.Random, first: int, last: int) -> str:
    return f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def make_profile(rng: random.Random, ruleset_id: str) -> dict:
    year, levels, declarations = PLANS[ruleset_id]
    level = rng.choice(levels)
    category = rng.choice(list(ARTICLES))
    graduated = rng.randint(year - 25, year - 1)
    title_year = rng.randint(max(graduated, year - 12), year)
    profile: dict = {
        "as_of": f"{year}-12-31",
        "deadline": f"{year}-10-15",
        "target_level": level,
        "declaration": rng.choice(declarations),
        "specialty": rng.choice(SPECIALTIES),
        "work_category": category,
        "employer_type": rng.choice(
            ["private", "private", "state_owned", "public_institution", "provincial_soe"]
        ),
        "education": [
            {"level": rng.choice(LEVELS), "major": rng.choice(MAJORS), "graduated_on": f"{graduated}-06-30"}
        ],
        "titles": [
            {
                "level": LOWER[level],
                "specialty": "机电制造",
                "obtained_on": _date(rng, title_year, title_year),
            }
        ],
        "work": [{"from": f"{graduated}-07-01", "to": None}],
        "annual_assessments": [
            {"year": y, "result": rng.choice(["qualified"] * 30 + ["excellent", "basically_qualified"])}
            for y in range(year - 5, year + 1)
        ],
        "continuing_education": [
            {"year": y, "category": c, "hours": rng.choice(hours), "credits": rng.choice([4, 6, 8])}
            for y in range(year - 6, year + 1)
            for c, hours in (
                ("professional", [50] + [62, 70] * 6),
                ("general_public", [12] + [20] * 9),
                ("industry_public", [12]),
            )
        ],
        "social_insurance": [
            {
                "from": f"{rng.randint(year - 8, year)}-{rng.randint(1, 12):02d}",
                "to": None,
                "city": CITIES[ruleset_id.split("-")[0]],
            }
        ],
        "achievements": [
            {**rng.choice(ACHIEVEMENTS), "date": _date(rng, title_year, year)}
            for _ in range(rng.randint(0, 6))
        ],
        "experience_claims": [
            {"clause": f"{ARTICLES[category]}(二){i}", "text": "经历", "evidence": rng.random() < 0.9}
            for i in ("1(1)", "1(2)", "2(2)")
        ],
        "skill_certificates": [{"level": "technician", "obtained_on": _date(rng, year - 8, year)}],
        "self_score": rng.choice([None, 70, 85]),
        "annual_salary": rng.choice([120_000, 350_000]),
    }
    if profile["self_score"] is None:
        del profile["self_score"]
    if rng.random() < 0.3:
        profile["titles"].insert(
            0, {"level": "technician", "specialty": "机械", "obtained_on": f"{graduated + 1}-12-31"}
        )
        profile["titles"].sort(key=lambda t: t["obtained_on"])
    if rng.random() < 0.1:
        kind = rng.choice(["fine", "fraud", "discipline_under_investigation", "technical_accident"])
        profile["sanctions"] = [{"kind": kind, "amount": 2000, "decided_on": _date(rng, year - 4, year)}]
    if rng.random() < 0.2:
        profile["employer_region"] = {"province": "浙江省", "city": CITIES[ruleset_id.split("-")[0]]}
    return profile


def _jsonschema_only(profile: dict) -> None:
    """The validation of the path before issue 15: jsonschema's cached validator on every profile."""
    errors = [
        m for e in _validator("profile.schema.json").iter_errors(profile) for m in _messages(e, "profile")
    ]
    assert not errors, errors


def measure(ruleset_id: str, profiles: list[dict], *, validate: str, repeat: int) -> tuple[float, Counter]:
    outcomes: Counter = Counter()
    rates = []
    for _ in range(repeat):
        started = time.perf_counter()
        for profile in profiles:
            if validate == "jsonschema":
                _jsonschema_only(profile)
            outcome = evaluate(ruleset_id, profile, validate=validate == "compiled")["outcome"]
            outcomes[outcome] += 1
        rates.append(len(profiles) / (time.perf_counter() - started))
    return statistics.median(rates), outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2000, help="generated profiles per rule set")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the median is reported")
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the figures claim
    rng = random.Random(args.seed)
    default_rulesets()  # load the YAML before timing
    print(
        f"eligibility engine, {args.profiles} generated profiles per rule set, median of {args.repeat} passes, one core"
    )
    print(
        f"{'rule set':30} {'compiled':>9} {'jsonschema':>11} {'no schema':>10} "
        f"{'µs/eval':>8} {'validation share':>17}  outcomes"
    )
    for ruleset_id in PLANS:
        profiles = [make_profile(rng, ruleset_id) for _ in range(args.profiles)]
        evaluate(ruleset_id, profiles[0])  # warm the validators and caches
        _jsonschema_only(profiles[0])
        compiled, outcomes = measure(ruleset_id, profiles, validate="compiled", repeat=args.repeat)
        slow, _ = measure(ruleset_id, profiles, validate="jsonschema", repeat=args.repeat)
        bare, _ = measure(ruleset_id, profiles, validate="none", repeat=args.repeat)
        share = ", ".join(f"{k} {v // args.repeat}" for k, v in sorted(outcomes.items()))
        shares = f"{1 - compiled / bare:.0%} / {1 - slow / bare:.0%}"
        print(
            f"{ruleset_id:30} {compiled:9,.0f} {slow:11,.0f} {bare:10,.0f} {1e6 / compiled:8.0f} "
            f"{shares:>17}  {share}"
        )
    print("eval/s per column; validation share = the time spent validating, compiled / jsonschema")


if __name__ == "__main__":
    main()
