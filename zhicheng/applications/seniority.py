"""专业工作年限: full years of engineering work up to the plan's cut-off (seed 001 附件2 三2, seed 003 附件5 三3).

"整年年限 / 实足年限": the professional work periods of the approved archive are merged where they overlap,
their whole months are added up to the cut-off date (资历计算截止), and the sum is divided by 12, rounding
down. A period without an end runs to the cut-off; a period starting after the cut-off does not count.
"""

from __future__ import annotations

from datetime import date, timedelta


def _whole_months(start: date, end_inclusive: date) -> int:
    end = end_inclusive + timedelta(days=1)  # the day after the last day worked
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def professional_work_years(periods: list[dict], as_of: date) -> int:
    spans: list[tuple[date, date]] = []
    for p in periods:
        if not p.get("professional", True) or not p.get("from"):
            continue
        start = date.fromisoformat(p["from"])
        end = date.fromisoformat(p["to"]) if p.get("to") else as_of
        end = min(end, as_of)
        if start <= end:
            spans.append((start, end))
    spans.sort()
    merged: list[list[date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return sum(_whole_months(s, e) for s, e in merged) // 12
