"""Export jobs (start, watch, download) and the browser preview of every document kind."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from . import registry, selectors, services
from .http import document_response
from .models import ExportJob
from .previews import PREVIEWS


def _job_or_404(request, pk: int) -> ExportJob:
    try:
        return selectors.get_export_job_for_view(user=request.user, pk=pk)
    except ExportJob.DoesNotExist as exc:
        raise Http404("导出任务不存在") from exc


@require_GET
def job_list(request):
    kinds = registry.kinds_for(request.user)
    jobs = [(job, _label(job)) for job in selectors.export_jobs_for(request.user)[:30]]
    return render(request, "documents/job_list.html", {"kinds": kinds, "jobs": jobs})


@require_POST
def job_start(request):
    kind = request.POST.get("kind", "")
    try:
        spec = registry.get(kind)
    except registry.UnknownExportKind as exc:
        raise Http404("没有这种导出") from exc
    # Only the parameters the kind declares are taken from the form.
    params = {name: request.POST[name] for name in spec.params if request.POST.get(name, "").strip()}
    # PermissionDenied from the service becomes the platform's 403 page.
    job = services.export_job_start(kind=kind, requested_by=request.user, params=params)
    messages.success(request, f"已开始导出“{spec.label}”，完成后可在本页下载。")
    return redirect("documents:job_detail", pk=job.pk)


@require_GET
def job_detail(request, pk: int):
    job = _job_or_404(request, pk)
    return render(request, "documents/job_detail.html", {"job": job, "label": _label(job)})


@require_GET
def job_progress(request, pk: int):
    """The fragment htmx polls; once the job is finished it stops asking for itself."""
    job = _job_or_404(request, pk)
    return render(request, "documents/_job_progress.html", {"job": job})


@require_GET
def job_download(request, pk: int):
    try:
        job = selectors.get_export_job_for_download(user=request.user, pk=pk)
    except ExportJob.DoesNotExist as exc:
        raise Http404("文件不存在或尚未生成") from exc
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename or job.file.name)
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def preview_index(request):
    return render(
        request,
        "documents/preview_index.html",
        {"previews": PREVIEWS.values(), "current": request.GET.get("show", "review_form")},
    )


@require_GET
@xframe_options_sameorigin  # shown in the preview page's <iframe>
def preview(request, key: str):
    item = PREVIEWS.get(key)
    if item is None:
        raise Http404("没有这种文书")
    inline = not item.filename
    return document_response(
        item.render(),
        filename=item.filename or f"{item.label}（示例）.pdf",
        content_type=item.content_type,
        inline=inline,
    )


def _label(job: ExportJob) -> str:
    try:
        return registry.get(job.kind).label
    except registry.UnknownExportKind:
        return job.kind
