"""PDF renderers: one function per document, each returning the PDF bytes.

The Typst templates live in ``typst/`` next to this module. Each renderer turns its
dataclass into a *view model* (a dict of already formatted, already masked strings),
serialises it to JSON and hands it to Typst through ``sys.inputs``. Formatting and
masking therefore happen here, in Python, where they are tested; the templates only
lay text out, and because the data is a JSON value and never spliced into markup,
nothing an applicant types can change the document's structure.

Speed: font discovery and the Typst world are built once (core.typesetting: one font book per
process, one compiler per thread) and reused, so a render only lays out and exports (see
bench/bench_documents.py).
"""

from __future__ import annotations

import base64
import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from PIL import Image

from zhicheng.core.dates import cn_date, cn_month
from zhicheng.core.typesetting import RenderError, compile_typst

from .data import (
    DEFAULT_PLATFORM_NAME,
    EDUCATION_LEVELS,
    AuthorizationLetterData,
    DelegationLetterData,
    ExceptionalApprovalData,
    MailingChecklistData,
    PublicitySheetData,
    ReviewFormData,
    StageOpinion,
    WorkEntry,
)
from .masking import id_number as shown_id_number
from .masking import phone as shown_phone

TEMPLATE_DIR = Path(__file__).resolve().parent / "typst"
DEFAULT_WATERMARK = DEFAULT_PLATFORM_NAME
REVIEW_FORM_TITLE = "专业技术职务任职资格评审表"
# 论文、著作 and the like among the achievements: the 评审表 lists them again with the 代表作 marked.
WRITING_CATEGORIES = ("论文", "著作", "技术报告")

Layout = Literal["A4", "A3"]


# A template failed to compile: the one engine's error, under the name the documents' callers know.
DocumentRenderError = RenderError


# --------------------------------------------------------------------------- Typst plumbing
# The engine, the font book and the per-thread compilers are core.typesetting's, shared with the
# e-certificate and the fee receipt; this module adds the documents' own soft wrapping.


# Letters, digits, dots and underscores give a line breaker no place to break, so a long
# run (a patent number with a suffix, a pasted hash) would run out of its table cell and
# off the page. ID numbers (18) and ordinary codes stay whole; longer runs get invisible
# break opportunities every ten characters.
_UNBREAKABLE_RUN = re.compile(r"[0-9A-Za-z._]{20,}")
_ZWSP = "\u200b"


def _soft_wrap(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) < 20:
            return value
        return _UNBREAKABLE_RUN.sub(
            lambda m: _ZWSP.join(m[0][i : i + 10] for i in range(0, len(m[0]), 10)), value
        )
    if isinstance(value, dict):
        return {k: _soft_wrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_soft_wrap(v) for v in value]
    return value


def _compile(
    template: str, view: dict[str, Any], *, timestamp: datetime, extra: dict[str, str] | None = None
) -> bytes:
    return compile_typst(template, _soft_wrap(view), root=TEMPLATE_DIR, on=timestamp, extra=extra)


# --------------------------------------------------------------------------- formatting


def ym(value: date | None) -> str:
    """Year and month as the forms print them: 2015.07."""
    return f"{value.year}.{value.month:02d}" if value else ""


def period(start: date | None, end: date | None, *, open_end: str = "至今") -> str:
    return f"{ym(start)}—{ym(end) if end else open_end}"


def hours(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    d = Decimal(value)
    # 36 rather than 36.00, but keep 28.8 from weighted registrations.
    text = format(d.normalize(), "f")
    return text


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]


def _opinion_view(s: StageOpinion | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "kind": s.kind,
        "title": s.title,
        "organisation": s.organisation,
        "opinion": s.opinion,
        "date": cn_date(s.decided_on),
        "signer": s.signer,
        "publicity": (
            {
                "start": cn_date(s.publicity.start),
                "end": cn_date(s.publicity.end),
                "result": s.publicity.result,
            }
            if s.publicity
            else None
        ),
        "votes": (
            {
                "members": s.votes.members,
                "present": s.votes.present,
                "approve": s.votes.approve,
                "against": s.votes.against,
                "abstain": s.votes.abstain,
            }
            if s.votes
            else None
        ),
        "conclusion": s.conclusion,
    }


def photo_as_svg(photo: bytes) -> str:
    """Wrap the photo in a one-element SVG with a data: URI.

    Typst's sys.inputs carry strings only and the binding's in-memory files must be
    UTF-8, so this is the one lossless way to hand over image bytes without temp files.
    JPEG data passes through to the PDF untouched (DCT stream, no re-encoding); anything
    that a PDF cannot carry as-is (CMYK, palette, odd formats) is re-encoded once here.
    """
    with Image.open(io.BytesIO(photo)) as img:
        width, height = img.size
        fmt = img.format
        if fmt == "JPEG" and img.mode in ("RGB", "L"):
            mime, payload = "image/jpeg", photo
        elif fmt == "PNG":
            mime, payload = "image/png", photo
        else:
            buf = io.BytesIO()
            img.convert("RGB").save(buf, "JPEG", quality=90)
            mime, payload = "image/jpeg", buf.getvalue()
    encoded = base64.b64encode(payload).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<image width="{width}" height="{height}" xlink:href="data:{mime};base64,{encoded}"/></svg>'
    )


# --------------------------------------------------------------------------- 评审表


def review_form_view(
    data: ReviewFormData,
    *,
    layout: Layout = "A4",
    publicity: bool = False,
    reveal_identifiers: bool = False,
    watermark: str = DEFAULT_WATERMARK,
) -> dict[str, Any]:
    """The 评审表's view model; public so previews and tests can inspect exactly what prints."""
    a = data.applicant
    # The 公示版 is pinned up inside the employer: never a full ID number, never a phone,
    # whatever the caller's rights (seed 000 附件1 7: 导出评审表公示版 for internal publicity).
    reveal = reveal_identifiers and not publicity
    cq = data.current_qualification
    qualification = f"{data.qualification}（{data.level}）" if data.level else data.qualification
    ce_rows = [
        {
            "year": str(c.year),
            "general": hours(c.general_hours),
            "industry": hours(c.industry_hours),
            "professional": hours(c.professional_hours),
            "total": hours(c.total),
            "registry": c.registry,
        }
        for c in data.continuing_education
    ]
    ce_sum = {
        "general": hours(sum((Decimal(c.general_hours) for c in data.continuing_education), Decimal(0))),
        "industry": hours(sum((Decimal(c.industry_hours) for c in data.continuing_education), Decimal(0))),
        "professional": hours(
            sum((Decimal(c.professional_hours) for c in data.continuing_education), Decimal(0))
        ),
        "total": hours(sum((c.total for c in data.continuing_education), Decimal(0))),
    }
    highest = min(data.education, key=lambda e: EDUCATION_LEVELS.index(e.level), default=None)
    writings = [x for x in data.achievements if x.category in WRITING_CATEGORIES]
    return {
        "title": REVIEW_FORM_TITLE,
        # The plan's text where its notice quotes one (seed 001 附件2 二8, seed 003 附件5 一2).
        "watermark": data.watermark or watermark,
        "print_note": data.print_note,
        "layout": layout,
        "publicity": publicity,
        "reference": data.reference,
        "year": data.year,
        "photo": a.photo is not None,
        "cover": {
            "name": a.name,
            "employer": a.employer,
            "specialty": data.specialty,
            "current_qualification": cq.name if cq else "",
            "qualification": qualification,
            "declaration_type": data.declaration_type,
            "committee": data.committee,
            "date": cn_date(data.generated_at.date()),
        },
        "basic": {
            "name": a.name,
            "gender": a.gender,
            "birth": ym(a.birth_date),
            "ethnicity": a.ethnicity,
            "political_status": a.political_status,
            "work_start": ym(a.work_start),
            "id_number": shown_id_number(a.id_number, reveal_identifiers=reveal),
            "specialty_years": f"{a.specialty_years}年",
            "employer": a.employer,
            "employer_nature": a.employer_nature,
            "department_position": a.department_position,
            "administrative_post": a.administrative_post,
            "phone": None if publicity else shown_phone(a.phone, reveal_identifiers=reveal),
            "declaration_type": data.declaration_type,
            "current_qualification": cq.name if cq else "",
            "current_qualification_on": ym(cq.obtained_on) if cq else "",
            "current_qualification_issuer": cq.issued_by if cq else "",
            "current_post": data.current_post,
            "current_post_since": ym(data.current_post_since),
            "specialty": data.specialty,
            "series": data.series,
            "qualification": qualification,
            "foreign_language": data.foreign_language or "无",
            "computer": data.computer or "无",
            "highest_education": "／".join(p for p in (highest.level, highest.degree) if p)
            if highest
            else "",
            "committee": data.committee,
            "exceptional_basis": data.exceptional_basis,
        },
        "education": [
            {
                "period": period(e.start, e.end) if e.start else f"{ym(e.end)}毕业",
                "school": e.school,
                "major": e.major,
                "level": e.level,
                "degree": e.degree,
                "mode": e.mode,
            }
            for e in data.education
        ],
        "work": [_work_view(w) for w in data.work_history],
        "titles": [
            {
                "name": x.name,
                "obtained": ym(x.obtained_on),
                "issuer": x.issued_by,
                "appointed": ym(x.appointed_on),
                "certificate_no": x.certificate_no,
            }
            for x in data.titles
        ],
        "assessments": [
            {"year": str(x.year), "result": x.result, "employer": x.employer} for x in data.annual_assessments
        ],
        "ce": {"rows": ce_rows, "sum": ce_sum},
        "achievements": [
            {
                "no": str(i),
                "category": x.category,
                "title": x.title,
                "date": ym(x.achieved_on),
                "role": x.role,
                # Level and source on separate lines: sources are long unbreakable codes
                # (ZL202020123456.7) that would overflow if they followed the level.
                "level_source": "\n".join(p for p in (x.level, x.source) if p),
                "representative": x.representative,
            }
            for i, x in enumerate(data.achievements, start=1)
        ],
        # 论文、著作 with the 代表作 marked (seed 001 附件2 二5(9), seed 002 附件2 二10, seed 003
        # 附件5 二9: 需确定一篇代表作).
        "writings": [
            {
                "no": str(i),
                "category": x.category,
                "title": x.title,
                "date": ym(x.achieved_on),
                "role": x.role,
                "source": "\n".join(p for p in (x.level, x.source) if p),
                "representative": "★" if x.representative else "",
            }
            for i, x in enumerate(writings, start=1)
        ],
        "self_statement": paragraphs(data.self_statement),
        "opinions": [_opinion_view(s) for s in data.opinions],
        "publicity_note": (
            {"start": cn_date(data.publicity_period.start), "end": cn_date(data.publicity_period.end)}
            if data.publicity_period
            else None
        ),
    }


def _work_view(w: WorkEntry) -> dict[str, str]:
    return {"period": period(w.start, w.end), "employer": w.employer, "work": w.work, "post": w.post}


def review_form_pdf(
    data: ReviewFormData,
    *,
    layout: Layout = "A4",
    publicity: bool = False,
    reveal_identifiers: bool = False,
    watermark: str = DEFAULT_WATERMARK,
) -> bytes:
    """评审表 as PDF.

    ``layout="A3"`` gives the booklet seed 003 附件5 asks for: A3 landscape sheets, printed
    on both sides and folded/stapled in the middle, pages in reading order once folded.
    ``publicity=True`` is the 公示版: ID masked, phone and opinions left out.
    ``reveal_identifiers`` prints the full ID number and phone for readers entitled to them.
    """
    if layout not in ("A4", "A3"):
        raise ValueError(f"layout must be 'A4' or 'A3', not {layout!r}")
    view = review_form_view(
        data, layout=layout, publicity=publicity, reveal_identifiers=reveal_identifiers, watermark=watermark
    )
    extra = {"photo": photo_as_svg(data.applicant.photo)} if data.applicant.photo else None
    pdf = _compile("review_form.typ", view, timestamp=data.generated_at, extra=extra)
    if layout == "A3":
        pdf = impose_a3_booklet(pdf)
    return pdf


def booklet_order(page_count: int) -> list[tuple[int, int]]:
    """(left, right) 0-based A4 page indices for each A3 side, front then back, sheet by sheet.

    For a saddle-stitched booklet of n pages (n a multiple of 4) sheet i carries
    n-1-2i | 2i on its front and 2i+1 | n-2-2i on its back; folded and nested, the
    pages read 1, 2, 3, … n.
    """
    if page_count % 4:
        raise ValueError("a booklet needs a multiple of four pages")
    sides = []
    for i in range(page_count // 4):
        sides.append((page_count - 1 - 2 * i, 2 * i))
        sides.append((2 * i + 1, page_count - 2 - 2 * i))
    return sides


def impose_a3_booklet(a4_pdf: bytes) -> bytes:
    """Place the A4 pages two by two on A3 landscape sheets in booklet order.

    qpdf (through pikepdf) turns each A4 page into a form XObject and overlays it, which
    keeps text, fonts and the watermark as they are and takes a few milliseconds; pypdf's
    page merging took ~150 ms for the same four pages.
    """
    # heavy: pikepdf (qpdf) loads only for an A3 booklet, not with every PDF
    import pikepdf

    with pikepdf.Pdf.open(io.BytesIO(a4_pdf)) as src, pikepdf.Pdf.new() as out:
        box = src.pages[0].mediabox
        width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        for left, right in booklet_order(len(src.pages)):
            sheet = pikepdf.Page(out.add_blank_page(page_size=(2 * width, height)))
            sheet.add_overlay(src.pages[left], pikepdf.Rectangle(0, 0, width, height))
            sheet.add_overlay(src.pages[right], pikepdf.Rectangle(width, 0, 2 * width, height))
        with out.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(src.docinfo)
        out.docinfo = out.copy_foreign(src.docinfo)
        # Ask the print dialog for double-sided, flipped on the short edge: with landscape
        # booklet sheets that keeps the back of each sheet the right way up.
        out.Root.ViewerPreferences = pikepdf.Dictionary(Duplex=pikepdf.Name.DuplexFlipShortEdge)
        buf = io.BytesIO()
        # Deterministic /ID so the same form gives the same bytes, as the A4 output does.
        out.save(buf, deterministic_id=True)
    return buf.getvalue()


# --------------------------------------------------------------------------- 公示表


def publicity_sheet_pdf(data: PublicitySheetData) -> bytes:
    """公示表 of an employer (internal, with 业绩) or of a committee (public: name, employer,
    specialty and level only — SECURITY.md 14; the other fields are not even sent to Typst)."""
    public = data.audience == "committee"
    rows = []
    for i, r in enumerate(data.rows, start=1):
        row = {
            "no": str(i),
            "name": r.name,
            "employer": r.employer,
            "specialty": r.specialty,
            "qualification": r.qualification,
        }
        if not public:
            row |= {
                "gender": r.gender,
                "education": r.education,
                "current_qualification": r.current_qualification,
                "declaration_type": r.declaration_type,
                "achievements": r.achievements_summary,
            }
        rows.append(row)
    view = {
        "audience": data.audience,
        "title": f"{data.subject}{data.stage}公示",
        "issuer": data.issuer,
        "subject": data.subject,
        "stage": data.stage,
        "start": cn_date(data.period_start),
        "end": cn_date(data.period_end),
        "contact_department": data.contact_department,
        "contact_phone": data.contact_phone,
        "contact_address": data.contact_address,
        "contact": data.contact,
        "count": len(rows),
        "rows": rows,
        "issued_on": cn_date(data.issued_on),
    }
    return _compile(
        "publicity_sheet.typ", view, timestamp=datetime.combine(data.issued_on, datetime.min.time())
    )


# --------------------------------------------------------------------------- 破格审批表


def exceptional_approval_pdf(data: ExceptionalApprovalData) -> bytes:
    """破格推荐中级专业技术资格审批表, laid out cell for cell as seed 003 附件9."""
    view = {
        "title": data.title,
        "name": data.name,
        "gender": data.gender,
        "birth": ym(data.birth_date),
        "employer": data.employer,
        "administrative_post": data.administrative_post,
        "specialty_years": f"{data.specialty_years}年",
        "graduations": [
            f"{cn_month(data_g.graduated_on)}毕业于{data_g.school}{data_g.major}专业"
            + (f"（{data_g.level}）" if data_g.level else "")
            for data_g in data.graduations
        ],
        "current_post": data.current_post,
        "appointed_on": ym(data.appointed_on),
        "qualification_sought": data.qualification_sought,
        "resume": [_work_view(w) for w in data.resume],
        "resume_text": paragraphs(data.resume_text),
        "reasons": paragraphs(data.reasons),
        "employer_opinion": _opinion_view(data.employer_opinion),
        "department_opinion": _opinion_view(data.department_opinion),
        "hr_opinion": _opinion_view(data.hr_opinion),
    }
    # The PDF's creation date is the latest decision on it, so re-exporting an unchanged
    # form gives the same bytes; a form nobody has decided on yet is dated now.
    decided = [
        o.decided_on
        for o in (data.employer_opinion, data.department_opinion, data.hr_opinion)
        if o and o.decided_on
    ]
    stamp = datetime.combine(max(decided), datetime.min.time()) if decided else datetime.now()
    return _compile("exceptional_approval.typ", view, timestamp=stamp)


# --------------------------------------------------------------------------- 委托评审书


def delegation_letter_pdf(data: DelegationLetterData) -> bytes:
    """专业技术资格委托评审书 (seed 003 附件6) followed by its 委托评审名册."""
    view = {
        "committee": data.committee,
        "delegating_unit": data.delegating_unit,
        "qualification": data.qualification,
        "basis": data.basis,
        "first_name": data.persons[0].name,
        "count": len(data.persons),
        "issued_on": cn_date(data.issued_on),
        "persons": [
            {
                "no": str(i),
                "name": p.name,
                "gender": p.gender,
                "employer": p.employer,
                "specialty": p.specialty,
                "current_qualification": p.current_qualification,
                "qualification_sought": p.qualification_sought,
            }
            for i, p in enumerate(data.persons, start=1)
        ],
    }
    return _compile(
        "delegation_letter.typ", view, timestamp=datetime.combine(data.issued_on, datetime.min.time())
    )


# --------------------------------------------------------------------------- 委托证明


def authorization_letter_pdf(data: AuthorizationLetterData, *, reveal_identifiers: bool = False) -> bytes:
    """用人单位委托证明, printed, stamped and uploaded by the employer on first login."""
    view = {
        "employer_name": data.employer_name,
        "credit_code": data.credit_code,
        "employer_nature": data.employer_nature,
        "region": "".join(data.region),
        "address": data.address,
        "legal_representative": data.legal_representative,
        "account": data.account,
        "agent_name": data.agent_name,
        "agent_id_number": shown_id_number(data.agent_id_number, reveal_identifiers=reveal_identifiers),
        "agent_phone": shown_phone(data.agent_phone, reveal_identifiers=reveal_identifiers),
        "platform_name": data.platform_name,
        "issued_on": cn_date(data.issued_on),
    }
    return _compile(
        "authorization_letter.typ", view, timestamp=datetime.combine(data.issued_on, datetime.min.time())
    )


# --------------------------------------------------------------------------- 邮寄清单


def mailing_checklist_pdf(data: MailingChecklistData, *, reveal_identifiers: bool = False) -> bytes:
    """邮寄纸质材料清单 (seed 001 附件4) with the applicant's details and return address."""
    view = {
        "plan_name": data.plan_name,
        "applicant_name": data.applicant_name,
        "employer": data.employer,
        "qualification": data.qualification,
        "applicant_phone": shown_phone(data.applicant_phone, reveal_identifiers=reveal_identifiers),
        "items": [
            {"no": str(i), "name": x.name, "copies": x.copies, "note": x.note}
            for i, x in enumerate(data.items, 1)
        ],
        "mail_to_address": data.mail_to_address,
        "mail_to_contact": data.mail_to_contact,
        "mail_to_phone": data.mail_to_phone,
        "return_address": data.return_address,
        "return_recipient": data.return_recipient,
        "return_phone": shown_phone(data.return_phone, reveal_identifiers=reveal_identifiers),
        "notes": list(data.notes),
        "issued_on": cn_date(data.issued_on),
    }
    return _compile(
        "mailing_checklist.typ", view, timestamp=datetime.combine(data.issued_on, datetime.min.time())
    )
