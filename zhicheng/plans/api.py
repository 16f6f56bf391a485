from datetime import date

from ninja import Router, Schema

from .selectors import open_plans

router = Router(tags=["申报计划"])


class PlanOut(Schema):
    id: int
    year: int
    name: str
    committee: str
    specialty: str
    levels: list[str]
    declaration_types: list[str]
    apply_start: date
    apply_end: date
    employer_deadline: date | None
    fees: dict[str, float]


@router.get("/open", response=list[PlanOut], summary="个人申报时间内的计划")
def list_open_plans(request):
    return [
        PlanOut(
            id=p.id,
            year=p.year,
            name=p.name,
            committee=p.committee.organization.name,
            specialty=p.specialty,
            levels=p.levels,
            declaration_types=p.declaration_types,
            apply_start=p.apply_start,
            apply_end=p.apply_end,
            employer_deadline=p.employer_deadline,
            fees={f.level: float(f.amount) for f in p.fees.all()},
        )
        for p in open_plans()
    ]
