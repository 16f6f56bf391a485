"""Certificates: the holder's list and download, paper requests, the office's records, public checks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import has_role, require_role
from zhicheng.core import throttle
from zhicheng.core.middleware import client_ip
from zhicheng.core.uploads import UploadRejected, check_file
from zhicheng.evaluation.permissions import office_cases

from . import events, selectors, services, signing
from .forms import IntegrityForm, LookupForm, MailForm, PaperRequestForm, UploadForm
from .models import Certificate
from .permissions import can_download_certificate

MAX_UPLOAD = 5 * 1024 * 1024


@require_role(Role.APPLICANT)
def my_certificates(request):
    certificates = selectors.certificates_for_holder(request.user).prefetch_related("paper_requests")
    return render(request, "certificates/my_list.html", {"certificates": certificates})


def download(request, pk: int):
    certificate = get_object_or_404(
        Certificate.objects.select_related("case__plan__committee", "holder"), pk=pk
    )
    if not can_download_certificate(request.user, certificate):
        raise Http404("未找到")
    if certificate.status == Certificate.Status.REVOKED and has_role(request.user, Role.APPLICANT):
        messages.error(request, f"证书已于{certificate.revoked_on:%Y-%m-%d}撤销，不能下载。")
        return redirect("certificates:mine")
    data = services.certificate_pdf_bytes(certificate, base_url=request.build_absolute_uri("/"))
    events.certificate_downloaded(actor=request.user, certificate=certificate)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


@require_role(Role.APPLICANT)
def paper_request(request, pk: int):
    certificate = get_object_or_404(Certificate, pk=pk, holder=request.user)
    form = PaperRequestForm(request.POST or None, initial={"recipient": request.user.real_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_request_create(certificate=certificate, user=request.user, **form.cleaned_data)
            messages.success(request, "纸质证书申请已提交，寄出后将短信通知您 EMS 邮件号。")
            return redirect("certificates:mine")
        except services.CertificateError as exc:
            form.add_error(None, str(exc))
    return render(request, "certificates/paper_request.html", {"certificate": certificate, "form": form})


@require_role(Role.COMMITTEE_OFFICE)
def office_paper(request):
    return render(
        request,
        "certificates/office_paper.html",
        {"requests": selectors.paper_requests_for_office(request.user), "form": MailForm()},
    )


@require_role(Role.COMMITTEE_OFFICE)
@require_POST
def office_paper_mail(request, pk: int):
    row = selectors.get_paper_request_for_mailing(request.user, pk)
    form = MailForm(request.POST)
    try:
        if not form.is_valid():
            raise services.CertificateError("EMS 邮件号和寄出日期：必须填写。")
        services.paper_request_mail(request=row, actor=request.user, **form.cleaned_data)
        messages.success(request, "已登记寄出，并已短信通知持证人。")
    except services.CertificateError as exc:
        messages.error(request, str(exc))
    return redirect("certificates:office_paper")


@require_role(Role.COMMITTEE_OFFICE)
def office_integrity(request):
    cases = office_cases(request.user).select_related("application__applicant", "plan").order_by("-pk")
    form = IntegrityForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.integrity_record_create(actor=request.user, **form.cleaned_data)
            messages.success(
                request,
                f"已记入诚信档案：{record.person.real_name} {record.ban_from_year}–{record.ban_until_year}年不得申报。",
            )
            return redirect("certificates:office_integrity")
        except services.CertificateError as exc:
            form.add_error(None, str(exc))
    records = selectors.integrity_records_for_office(request.user)
    return render(request, "certificates/office_integrity.html", {"form": form, "records": records})


@login_not_required
def public_key(request):
    response = HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="zhicheng-certificates-ed25519.pem"'
    return response


# Public verification is throttled (issue 12 item 14): per client address, and per certificate number.
VERIFY_WINDOW = 10 * 60
VERIFY_PER_ADDRESS = 30
VERIFY_PER_NUMBER = 10
AUDIT_WINDOW = 60 * 60


def _verification_allowed(request, number: str) -> bool:
    checks = [("certificate-verify-ip", client_ip(request), VERIFY_PER_ADDRESS, VERIFY_WINDOW)]
    if number:
        checks.append(("certificate-verify-number", number, VERIFY_PER_NUMBER, VERIFY_WINDOW))
    return throttle.allowed(*checks)


def _audit_verification(request, *, method: str, state: str, number: str) -> None:
    """One row per address per hour for failed look-ups and for each certificate found: a flood of
    probes cannot become a flood of audit rows (the throttle bounds the rest)."""
    found = state in ("valid", "revoked")
    key = f"{client_ip(request)}|{method}|{state}|{number if found else ''}"
    if throttle.once_per("certificate-verify-audit", key, window=AUDIT_WINDOW):
        events.certificate_verified(method=method, state=state, number=number)


def verify_page(request):
    """证书查询 / 真伪查验: by number and name, by the QR code's link, or by uploading the PDF.
    Called by the portal's certificate_lookup view (the public page at /certificates/verify/)."""
    result, method, throttled = None, "", False
    lookup = LookupForm(request.GET if "number" in request.GET or "name" in request.GET else None)
    upload = UploadForm()
    asked = bool(request.GET.get("t")) or lookup.is_bound or request.method == "POST"
    if asked and not _verification_allowed(request, (request.GET.get("number") or "").strip()[:32]):
        throttled = True
        if throttle.once_per("certificate-verify-throttled", client_ip(request), window=AUDIT_WINDOW):
            events.certificate_verification_throttled()
    # An upload answers for the file alone, whatever query string the page still carries.
    elif request.method == "POST":
        method = "upload"
        lookup = LookupForm()
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            try:
                checked = check_file(
                    upload.cleaned_data["file"],
                    field_label="电子证书文件",
                    allowed=("pdf",),
                    max_bytes=MAX_UPLOAD,
                )
                result = selectors.verify_pdf(checked.content)
            except UploadRejected as exc:
                upload.add_error("file", "；".join(exc.messages))
    elif request.GET.get("t"):
        method = "qr"
        result = selectors.verify_token(request.GET["t"])
    elif lookup.is_bound:
        method = "number"
        if lookup.is_valid():
            result = selectors.verify_by_number_and_name(
                lookup.cleaned_data["number"], lookup.cleaned_data["name"]
            )
    if result is not None:
        number = result.certificate.number if result.certificate else ""
        _audit_verification(request, method=method, state=result.state, number=number)
    return render(
        request,
        "portal/certificate_lookup.html",
        {
            "lookup": lookup if lookup.is_bound else LookupForm(),
            "upload": upload,
            "result": result,
            "method": method,
            "key_id": signing.key_id(),
            "throttled": throttled,
        },
        status=429 if throttled else 200,
    )
