"""Paper steps in a plan's process (plans.process), with the settings the rules check."""

from django.urls import reverse

from zhicheng.plans.process import Step

from .models import PaperStep, PaperWhen


def steps_for_plan(plan, *, stages) -> list[Step]:
    if plan.pk is None:
        return []
    url = reverse("paper:office_plan", args=[plan.pk])
    steps = []
    for step in PaperStep.objects.filter(plan=plan):
        before = step.when == PaperWhen.BEFORE_REVIEW
        detail = (
            f"{step.window_label}，{step.address}；{len(step.items)}项逐项核对"
            if before
            else f"EMS邮寄至{step.address}；评审表一式{step.copies}份{'，盖章后寄回' if step.stamp_and_return else ''}"
        )
        params = {
            "start": step.start,
            "end": step.end,
            "address": step.address,
            "items": step.items,
            "copies": step.copies,
        }
        steps.append(
            Step("paper_check" if before else "paper_mailing", holder=plan.committee.organization.name,
                 title=step.title, detail=detail, params=params, edit_url=url, clause=step.clause)
        )  # fmt: skip
    return steps
