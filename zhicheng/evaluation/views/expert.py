"""The expert's side (blind review): tasks, scoring, declaring a conflict, voting; pages and JSON alike.

Every case is fetched through permissions.expert_cases(): a conflicted case or one on another panel is
absent, so it answers 404 and the denial is audited. Nothing here reads a name, ID number, phone,
employer or photo unless the plan turned blind review off (and then never the ID number or phone).
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role

from .. import events, forms, permissions, selectors
from ..blind import blind_case
from ..models import EvaluationCase, ExpertScore, Meeting, Vote
from ..services import ServiceError
from ..services.cases import rules_for
from ..services.experts import conflict_declare
from ..services.scoring import score_save
from ..services.votes import vote_cast

expert_only = require_role(Role.EXPERT)


def _case(request, pk: int) -> EvaluationCase:
    try:
        return selectors.get_case_for_expert(user=request.user, pk=pk)
    except EvaluationCase.DoesNotExist as exc:
        events.expert_case_denied(actor=request.user, case_id=pk)
        raise Http404("未找到该评审材料") from exc


def _view(case) -> object:
    return blind_case(case, reveal=not rules_for(case.plan).blind_review)


@expert_only
def home(request):
    return render(
        request,
        "evaluation/expert_home.html",
        {
            "profile": permissions.expert_profile(request.user),
            "rows": selectors.expert_worklist(request.user),
            "meetings": permissions.expert_meetings(request.user).filter(status=Meeting.Status.OPEN),
        },
    )


@expert_only
def case_detail(request, pk: int):
    case = _case(request, pk)
    profile = permissions.expert_profile(request.user)
    rules = rules_for(case.plan)
    score = ExpertScore.objects.filter(case=case, expert=profile).first()
    values = dict(score.marks) if score else {}
    comment = score.comment if score else ""
    error = ""
    if request.method == "POST":
        values = {item["key"]: request.POST.get(f"mark_{item['key']}", "") for item in rules.scoring_form}
        comment = request.POST.get("comment", "")
        submit = request.POST.get("submit") == "1"
        try:
            score = score_save(case=case, user=request.user, marks=values, comment=comment, submit=submit)
            messages.success(request, "评分已提交。" if submit else "评分已暂存，提交前可以修改。")
            return redirect("evaluation:expert_case", pk=case.pk)
        except ServiceError as exc:
            error = str(exc)
    criteria = [{**item, "value": values.get(item["key"], "")} for item in rules.scoring_form]
    return render(
        request,
        "evaluation/expert_case.html",
        {
            "case": _view(case),
            "criteria": criteria,
            "comment": comment,
            "score": score,
            "error": error,
            "can_score": permissions.can_score(request.user, case),
            "declare_form": forms.DeclareForm(),
            "due": rules.scoring_due,
        },
    )


@expert_only
@require_POST
def declare_conflict(request, pk: int):
    case = _case(request, pk)
    form = forms.DeclareForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError("回避理由：必须填写。")
        conflict_declare(
            case=case, expert=permissions.expert_profile(request.user), reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"已申请回避评审案卷 {case.code}，该材料不再出现在您的任务中。")
        return redirect("evaluation:expert_home")
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation:expert_case", pk=case.pk)


@expert_only
def meeting(request, pk: int):
    meeting = get_object_or_404(permissions.expert_meetings(request.user), pk=pk)
    profile = permissions.expert_profile(request.user)
    if request.method == "POST":
        case = _case(request, int(request.POST.get("case", "0") or 0))
        form = forms.VoteForm(request.POST)
        try:
            if not form.is_valid():
                raise ServiceError("表决意见：请选择赞成、反对或弃权。")
            vote_cast(meeting=meeting, case=case, user=request.user, choice=form.cleaned_data["choice"])
            messages.success(request, f"已对评审案卷 {case.code} 投票。")
        except ServiceError as exc:
            messages.error(request, str(exc))
        return redirect("evaluation:expert_meeting", pk=meeting.pk)
    present = meeting.attendance.filter(expert=profile).exists()
    cases = list(
        permissions.expert_cases(request.user)
        .filter(panel_id=meeting.panel_id)
        .select_related("plan")
        .order_by("pk")
    )
    mine = dict(Vote.objects.filter(meeting=meeting, expert=profile).values_list("case_id", "choice"))
    rows = [
        {
            "case": c,
            "voted": Vote.Choice(mine[c.pk]).label if c.pk in mine else "",
            "form": forms.VoteForm(prefix=f"c{c.pk}"),
        }
        for c in cases
    ]
    return render(
        request, "evaluation/expert_meeting.html", {"meeting": meeting, "present": present, "rows": rows}
    )


# --------------------------------------------------------------------------- JSON API (same scope, same views)


@expert_only
@require_GET
def api_cases(request):
    rows = selectors.expert_worklist(request.user)
    return JsonResponse(
        {
            "results": [
                {
                    "id": r["case"].pk,
                    "code": r["case"].code,
                    "plan": r["case"].plan.name,
                    "specialty": r["case"].specialty,
                    "level": r["case"].level,
                    "score_status": r["score"].status if r["score"] else "none",
                }
                for r in rows
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@expert_only
@require_GET
def api_case(request, pk: int):
    case = _case(request, pk)
    data = _view(case).as_dict()
    score = ExpertScore.objects.filter(case=case, expert=permissions.expert_profile(request.user)).first()
    data["my_score"] = (
        {
            "status": score.status,
            "marks": score.marks,
            "total": str(score.total) if score.total is not None else None,
        }
        if score
        else None
    )
    data["scoring_form"] = rules_for(case.plan).scoring_form
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
