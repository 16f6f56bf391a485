"""我的业绩档案 over JSON: the same selectors, forms and services as the pages."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import has_role

from . import selectors, services
from .forms import entry_form_class
from .kinds import KINDS

router = Router(tags=["业绩档案"])


class FileOut(Schema):
    id: int
    name: str
    kind: str
    size: int


class VersionOut(Schema):
    id: int
    number: int
    status: str
    status_label: str
    data: dict
    summary: str
    return_reason: str
    reviewed_at: datetime | None
    files: list[FileOut]


class EntryOut(Schema):
    id: int
    kind: str
    kind_label: str
    latest: VersionOut
    approved_version_id: int | None


class PersonalOut(Schema):
    real_name: str
    masked_id_number: str
    masked_phone: str
    email: str
    gender: str
    birth_date: date | None
    employer: str | None
    department: str
    post: str
    work_start: date | None
    education_level: str
    degree: str
    specialty: str
    has_photo: bool


class ArchiveOut(Schema):
    personal: PersonalOut
    entries: list[EntryOut]


class EntryIn(Schema):
    kind: str = ""
    data: dict = {}


class ErrorItem(Schema):
    loc: list[str]
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


def _applicant(request):
    if not has_role(request.user, Role.APPLICANT):
        raise HttpError(403, "您的账号没有此项操作的权限。")


def _version_out(v) -> VersionOut:
    return VersionOut(
        id=v.pk,
        number=v.number,
        status=v.status,
        status_label=v.get_status_display(),
        data=v.data,
        summary=v.summary,
        return_reason=v.return_reason,
        reviewed_at=v.reviewed_at,
        files=[FileOut(id=f.pk, name=f.original_name, kind=f.kind, size=f.size) for f in v.files.all()],
    )


def _entry_out(e) -> EntryOut:
    return EntryOut(
        id=e.pk,
        kind=e.kind,
        kind_label=KINDS[e.kind].label,
        latest=_version_out(e.latest_version),
        approved_version_id=e.approved_version_id,
    )


@router.get("/", response=ArchiveOut, summary="我的个人基本信息和业绩档案")
def my_archive(request):
    _applicant(request)
    user = request.user
    info = selectors.personal_info_for(user)
    facts = services.identity_facts(user.id_number)
    personal = PersonalOut(
        real_name=user.real_name,
        masked_id_number=user.masked_id_number,
        masked_phone=user.masked_phone,
        email=user.email,
        gender=str(facts.get("gender", "")),
        birth_date=facts.get("birth_date"),
        employer=info.employer.name if info and info.employer_id else None,
        department=info.department if info else "",
        post=info.post if info else "",
        work_start=info.work_start if info else None,
        education_level=info.education_level if info else "",
        degree=info.degree if info else "",
        specialty=info.specialty if info else "",
        has_photo=bool(info and info.photo),
    )
    return ArchiveOut(personal=personal, entries=[_entry_out(e) for e in selectors.entries_for_owner(user)])


@router.post("/entries", response={201: EntryOut, 422: ErrorOut}, summary="新增业绩档案条目（提交单位审核）")
def create_entry(request, payload: EntryIn):
    _applicant(request)
    if payload.kind not in KINDS:
        return Status(
            422, ErrorOut(detail=[ErrorItem(loc=["body", "kind"], msg=f"类别：应为 {'、'.join(KINDS)} 之一")])
        )
    form = entry_form_class(payload.kind)(data=payload.data)
    if not form.is_valid():
        problems = [
            ErrorItem(
                loc=["body", "data", name],
                msg=f"{form.fields[name].label if name in form.fields else '内容'}：{e}",
            )
            for name, errors in form.errors.items()
            for e in errors
        ]
        return Status(422, ErrorOut(detail=problems))
    entry = services.entry_create(owner=request.user, kind=payload.kind, data=form.to_data())
    entry = selectors.get_entry_for_owner(user=request.user, pk=entry.pk)
    return Status(201, _entry_out(entry))
