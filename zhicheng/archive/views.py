from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.core.uploads import UploadRejected

from . import selectors, services
from .forms import PersonalInfoForm, PhotoForm, ReturnForm, entry_form_class, initial_from_data
from .kinds import KIND_CHOICES, KINDS, XUEXIN_CHOICES
from .models import Entry, EntryVersion, EvidenceFile
from .photo import RULES_TEXT


def file_response(field_file, *, download_name: str):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("文件不存在") from exc
    response = FileResponse(handle, as_attachment=True, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def missing_personal_info(info, user) -> list[str]:
    missing = []
    if info is None or not info.employer_id:
        missing.append("现工作单位")
    for field, label in (
        ("department", "所在部门"),
        ("post", "岗位/职务"),
        ("work_start", "参加工作时间"),
        ("education_level", "最高学历"),
        ("specialty", "现从事专业"),
    ):
        if info is None or not getattr(info, field):
            missing.append(label)
    if not user.id_number:
        missing.append("身份证号")
    return missing


@require_role(Role.APPLICANT)
def personal_info(request):
    info = selectors.personal_info_for(request.user)
    form = PersonalInfoForm(request.POST or None, instance=info, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = ["email", *form.Meta.fields]
        services.personal_info_save(user=request.user, data={f: form.cleaned_data[f] for f in fields})
        messages.success(request, "个人基本信息已保存。")
        return redirect("archive:personal_info")
    return render(
        request,
        "archive/personal_info.html",
        {
            "form": form,
            "info": info,
            "facts": services.identity_facts(request.user.id_number),
            "photo_form": PhotoForm(),
            "photo_rules": RULES_TEXT,
            "missing": missing_personal_info(info, request.user),
            "nav": "personal",
        },
    )


@require_role(Role.APPLICANT)
@require_POST
def personal_photo(request):
    form = PhotoForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise UploadRejected("证件照", "请选择照片文件")
        services.personal_photo_set(user=request.user, uploaded=form.cleaned_data["photo"])
    except UploadRejected as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "默认证件照已更新（已去除照片中的拍摄信息）。")
    return redirect("archive:personal_info")


@require_role(Role.APPLICANT)
def personal_photo_file(request):
    info = selectors.personal_info_for(request.user)
    if not info or not info.photo:
        raise Http404("尚未上传证件照")
    return file_response(info.photo, download_name="证件照.jpg")


@require_role(Role.APPLICANT)
def entry_list(request):
    kind = request.GET.get("kind", "")
    if kind and kind not in KINDS:
        raise Http404("没有该类业绩档案")
    entries = selectors.entries_for_owner(request.user, kind=kind or None)
    info = selectors.personal_info_for(request.user)
    return render(
        request,
        "archive/entry_list.html",
        {
            "entries": entries,
            "kind": KINDS.get(kind),
            "kinds": KINDS.values(),
            "counts": selectors.entry_counts(request.user),
            "no_employer": not (info and info.employer_id),
            "nav": "entries",
        },
    )


def _entry_form_view(request, *, kind_code: str, entry: Entry | None):
    kind = KINDS[kind_code]
    form_class = entry_form_class(kind_code)
    latest = entry.latest_version if entry else None
    form = form_class(request.POST or None, initial=initial_from_data(kind, latest.data if latest else None))
    upload_error = None
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                entry = services.entry_create(
                    owner=request.user,
                    kind=kind_code,
                    data=form.to_data(),
                    uploads=request.FILES.getlist("files"),
                )
                messages.success(request, f"{kind.label}已保存，已提交所在单位审核。")
            else:
                version = services.entry_update(
                    entry=entry,
                    actor=request.user,
                    data=form.to_data(),
                    uploads=request.FILES.getlist("files"),
                    remove_file_ids=[i for i in request.POST.getlist("remove_files") if i.isdigit()],
                )
                messages.success(
                    request,
                    f"{kind.label}已保存为第 {version.number} 版，已提交所在单位审核；"
                    "审核通过前，申报时仍使用上一个审核通过的版本。"
                    if version.number > 1
                    else f"{kind.label}已保存，已提交所在单位审核。",
                )
            return redirect("archive:entry_detail", pk=entry.pk)
        except UploadRejected as exc:
            upload_error = str(exc)
        except services.ArchiveError as exc:
            upload_error = str(exc)
    return render(
        request,
        "archive/entry_form.html",
        {
            "form": form,
            "kind": kind,
            "entry": entry,
            "latest": latest,
            "upload_error": upload_error,
            "nav": "entries",
            "only_for": {f.name: " ".join(f.only_for) for f in kind.fields if f.only_for},
        },
        status=200,
    )


@require_role(Role.APPLICANT)
def entry_create(request, kind: str):
    if kind not in KINDS:
        raise Http404("没有该类业绩档案")
    return _entry_form_view(request, kind_code=kind, entry=None)


def _own_entry(request, pk: int) -> Entry:
    try:
        return selectors.get_entry_for_owner(user=request.user, pk=pk)
    except Entry.DoesNotExist as exc:
        raise Http404("业绩档案不存在") from exc


@require_role(Role.APPLICANT)
def entry_edit(request, pk: int):
    entry = _own_entry(request, pk)
    return _entry_form_view(request, kind_code=entry.kind, entry=entry)


@require_role(Role.APPLICANT)
def entry_detail(request, pk: int):
    entry = _own_entry(request, pk)
    versions = sorted(entry.versions.all(), key=lambda v: -v.number)
    return render(
        request,
        "archive/entry_detail.html",
        {"entry": entry, "kind": entry.kind_spec, "versions": versions, "nav": "entries"},
    )


@require_role(Role.APPLICANT)
@require_POST
def entry_delete(request, pk: int):
    entry = _own_entry(request, pk)
    services.entry_delete(entry=entry, actor=request.user)
    messages.success(request, f"已删除该条{entry.kind_spec.label}。已提交的申报仍保留当时使用的版本。")
    return redirect(f"/archive/entries/?kind={entry.kind}")


def evidence_file(request, pk: int):
    try:
        evidence = selectors.get_evidence_for_viewer(user=request.user, pk=pk)
    except EvidenceFile.DoesNotExist as exc:
        raise Http404("文件不存在") from exc
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}.get(evidence.kind, "bin")
    return file_response(evidence.file, download_name=f"佐证材料-{evidence.pk}.{extension}")


# --- employer: 业绩档案审核 ------------------------------------------------------------------------


@require_role(Role.EMPLOYER)
def review_queue(request):
    status = request.GET.get("status", EntryVersion.Status.PENDING)
    if status not in (
        EntryVersion.Status.PENDING,
        EntryVersion.Status.APPROVED,
        EntryVersion.Status.RETURNED,
    ):
        status = EntryVersion.Status.PENDING
    person = request.GET.get("person", "")
    owner_id = int(person) if person.isdigit() else None
    versions = list(selectors.review_queue_for_employer(request.user, status=status, owner_id=owner_id)[:300])
    return render(
        request,
        "archive/review_queue.html",
        {
            "versions": versions,
            "status": status,
            "people": selectors.pending_counts_by_person(request.user),
            "person": owner_id,
            "kinds": dict(KIND_CHOICES),
        },
    )


def _version_for_review(request, pk: int) -> EntryVersion:
    try:
        return selectors.get_version_for_review(user=request.user, pk=pk)
    except EntryVersion.DoesNotExist as exc:
        raise Http404("业绩档案不存在") from exc


@require_role(Role.EMPLOYER)
def review_detail(request, pk: int):
    version = _version_for_review(request, pk)
    previous = version.entry.approved_version if version.entry.approved_version_id != version.pk else None
    return render(
        request,
        "archive/review_detail.html",
        {
            "version": version,
            "previous": previous,
            "owner": version.entry.owner,
            "info": getattr(version.entry.owner, "personal_info", None),
            "return_form": ReturnForm(),
            "xuexin_choices": XUEXIN_CHOICES,
        },
    )


@require_role(Role.EMPLOYER)
@require_POST
def review_approve(request, pk: int):
    _version_for_review(request, pk)
    try:
        services.entry_version_approve(
            version=pk,
            actor=request.user,
            review_data={"xuexin_status": request.POST.get("xuexin_status", "")},
        )
    except services.ArchiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已审核通过。")
    return redirect("archive:review_queue")


@require_role(Role.EMPLOYER)
@require_POST
def review_return(request, pk: int):
    version = _version_for_review(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        previous = version.entry.approved_version if version.entry.approved_version_id != version.pk else None
        return render(
            request,
            "archive/review_detail.html",
            {
                "version": version,
                "previous": previous,
                "owner": version.entry.owner,
                "info": getattr(version.entry.owner, "personal_info", None),
                "return_form": form,
                "xuexin_choices": XUEXIN_CHOICES,
            },
        )
    try:
        services.entry_version_return(version=pk, actor=request.user, reason=form.cleaned_data["reason"])
    except services.ArchiveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已退回，申报人将收到退回原因。")
    return redirect("archive:review_queue")


@require_role(Role.EMPLOYER)
@require_POST
def review_bulk_approve(request):
    ids = [i for i in request.POST.getlist("versions") if i.isdigit()]
    if not ids:
        messages.error(request, "批量通过：请至少勾选一条业绩档案。")
        return redirect("archive:review_queue")
    done = services.entry_versions_approve_bulk(version_ids=ids, actor=request.user)
    skipped = len(set(ids)) - done
    text = f"已批量审核通过 {done} 条。"
    if skipped:
        text += f"另有 {skipped} 条已被处理或不属于本单位人员，未作改动。"
    messages.success(request, text)
    return redirect("archive:review_queue")
