"""E-certificates: signed data, the PDF with its QR code and embedded payload, public verification by number
and name, by QR token and by upload; tampering and wrong names fail; revocation shows with its date."""

import base64
import hashlib
import io
import json
import re
import subprocess

import pikepdf
import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pypdf import PdfReader

from zhicheng.certificates import signing
from zhicheng.certificates.pdf import embedded
from zhicheng.certificates.selectors import verify_by_number_and_name, verify_pdf, verify_token
from zhicheng.certificates.services import certificate_pdf_bytes
from zhicheng.core.models import AuditEvent

from .qrscan import qr_encodes


def _verify_url(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return str(doc.docinfo["/ZhichengVerifyURL"])


def _pdf(certified) -> bytes:
    return certificate_pdf_bytes(certified.certificate, base_url="http://testserver/")


def test_the_signed_payload_holds_the_certificate_and_verifies_with_the_public_key_alone(certified, client):
    certificate = certified.certificate
    data = json.loads(certificate.payload)
    assert data["name"] == "胡小明"
    assert re.fullmatch(r"\d{3}\*{11}\d{3}[\dX]", data["id_number"])  # masked, never the full number
    assert (data["title"], data["level"], data["specialty"]) == ("工程师", "中级", "机械")
    assert data["approval_document"].startswith("温人社发〔")
    # Offline: only the published key and the payload's exact bytes.
    pem = client.get("/certificates/public-key.pem")
    assert pem.status_code == 200 and b"BEGIN PUBLIC KEY" in pem.content
    key = load_pem_public_key(pem.content)
    key.verify(base64.b64decode(certificate.signature), certificate.payload.encode())


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(name="胡大明"),
        lambda d: d.update(level="副高级"),
        lambda d: d.update(approval_document="温人社发〔2020〕1号"),
    ],
)
def test_a_tampered_payload_fails_signature_verification(certified, change):
    data = json.loads(certified.certificate.payload)
    change(data)
    assert not signing.verify(signing.canonical(data), certified.certificate.signature)
    assert signing.verify(certified.certificate.payload, certified.certificate.signature)


def test_lookup_by_number_and_name_valid_and_a_wrong_name_is_unknown(certified, client):
    number = certified.certificate.number
    assert verify_by_number_and_name(number, "胡小明").state == "valid"
    assert verify_by_number_and_name(number, "胡大明").state == "unknown"
    assert verify_by_number_and_name("20990000000000000", "胡小明").state == "unknown"
    body = client.get("/certificates/verify/", {"number": number, "name": "胡小明"}).content.decode()
    assert "证书有效" in body and certified.certificate.id_number_masked in body
    wrong = client.get("/certificates/verify/", {"number": number, "name": "胡大明"}).content.decode()
    assert (
        "未查到证书" in wrong
        and "证书有效" not in wrong
        and certified.certificate.id_number_masked not in wrong
    )
    events = AuditEvent.objects.filter(event="certificate_verified")
    assert [e.data["state"] for e in events] == ["valid", "unknown"]


def test_the_qr_token_verifies_and_a_forged_token_does_not(certified, client):
    token = signing.qr_token(certified.certificate.number)
    assert verify_token(token).state == "valid"
    number, _, sig = token.partition(".")
    forged_number = number[:-1] + ("1" if number[-1] != "1" else "2")
    assert verify_token(f"{forged_number}.{sig}").state == "unknown"
    assert verify_token("garbage").state == "unknown"
    body = client.get("/certificates/verify/", {"t": token}).content.decode()
    assert "证书有效" in body


def test_the_pdf_carries_the_qr_code_the_payload_and_reads_like_a_certificate(certified):
    pdf = _pdf(certified)
    found = embedded(pdf)
    assert found["payload"] == certified.certificate.payload
    assert found["signature"] == certified.certificate.signature
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace(" ", "")
    for expected in (
        "专业技术资格证书",
        "胡小明",
        "工程师",
        certified.certificate.number,
        "发证日期",
        "扫描二维码查验证书真伪",
    ):
        assert expected in text, expected
    assert certified.application.applicant.id_number not in text  # the ID number only masked
    assert certified.certificate.id_number_masked in text
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 1
    # The QR code points at the public page with a token that verifies.
    url = _verify_url(pdf)
    assert url.startswith("http://testserver/certificates/verify/?t=")
    assert verify_token(url.split("t=", 1)[1]).state == "valid"


def test_the_printed_qr_code_reads_as_the_verification_link(certified, tmp_path):
    pdf = _pdf(certified)
    url = _verify_url(pdf)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True
    )
    assert qr_encodes(tmp_path / "page.png", url)
    assert not qr_encodes(tmp_path / "page.png", url + "x")


def test_the_same_pdf_is_served_every_time(certified, as_user):
    client = as_user(certified.application.applicant)
    first = client.get(f"/certificates/{certified.certificate.pk}/download/")
    second = client.get(f"/certificates/{certified.certificate.pk}/download/")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    certified.certificate.refresh_from_db()
    assert hashlib.sha256(first.content).hexdigest() == certified.certificate.pdf_sha256
    assert AuditEvent.objects.filter(event="certificate_downloaded").count() == 2


def test_only_the_holder_the_office_and_the_bureau_download(certified, world, as_user):
    url = f"/certificates/{certified.certificate.pk}/download/"
    assert as_user(world.office).get(url).status_code == 200
    assert as_user(world.bureau).get(url).status_code == 200
    assert as_user(world.case().application.applicant).get(url).status_code == 404
    assert as_user(world.experts[0].user).get(url).status_code == 404


def test_an_uploaded_certificate_verifies_and_a_tampered_one_fails(certified, client):
    pdf = _pdf(certified)
    upload = io.BytesIO(pdf)
    upload.name = "certificate.pdf"
    body = client.post("/certificates/verify/", {"file": upload}).content.decode()
    assert "证书有效" in body
    assert verify_pdf(pdf).state == "valid"
    # 1. The embedded payload edited (another name): the signature no longer matches.
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        data = json.loads(str(doc.docinfo["/ZhichengCertificate"]))
        data["name"] = "胡大明"
        doc.docinfo["/ZhichengCertificate"] = signing.canonical(data)
        out = io.BytesIO()
        doc.save(out)
    tampered = out.getvalue()
    result = verify_pdf(tampered)
    assert result.state == "tampered" and "数字签名验证失败" in result.message
    upload = io.BytesIO(tampered)
    upload.name = "certificate.pdf"
    assert "查验未通过" in client.post("/certificates/verify/", {"file": upload}).content.decode()
    # 2. The visible page edited, signature data untouched: the file is not the one issued.
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.pages[0].Contents.write(doc.pages[0].Contents.read_bytes() + b"\n")
        out = io.BytesIO()
        doc.save(out)
    result = verify_pdf(out.getvalue())
    assert result.state == "tampered" and "文件内容与签发的电子证书不一致" in result.message
    # 3. Not a certificate at all.
    assert verify_pdf(b"%PDF-1.4 not really").state == "unknown"


def test_a_non_pdf_upload_is_refused_by_content(certified, client):
    upload = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    upload.name = "certificate.pdf"
    body = client.post("/certificates/verify/", {"file": upload}).content.decode()
    assert "只接受 PDF 格式的文件" in body


def test_page_one_renders_to_an_image(certified, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(_pdf(certified))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 10_000


def test_the_signing_key_is_loaded_from_the_environment_when_given(settings, monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    key = Ed25519PrivateKey.generate()
    seed = base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()
    signing.private_key.cache_clear()
    settings.CERTIFICATE_SIGNING_KEY = seed
    try:
        signature = signing.sign("测试")
        assert signing.verify("测试", signature, key.public_key())
    finally:
        signing.private_key.cache_clear()


def test_the_applications_photo_prints_on_a_one_page_certificate(certified):
    from django.core.files.base import ContentFile

    from zhicheng.applications.models import WizardDraft
    from zhicheng.documents.samples import sample_photo

    draft = WizardDraft(application=certified.application)
    draft.photo.save("photo.jpg", ContentFile(sample_photo(seed=1, width=413, height=579)), save=True)
    pdf = _pdf(certified)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 1
        images = [image for page in doc.pages for image in page.get_images()]
    assert images, "the photo is embedded as an image"


def test_an_upload_after_a_number_and_name_query_answers_for_the_file_not_the_query(certified, client):
    """Issue 17 §1: after a query by number and name, the upload form posted to the same address (with the
    query string) and showed the query's "证书有效" for a tampered file. Each way of verifying answers alone."""
    number = certified.certificate.number
    query = client.get("/certificates/verify/", {"number": number, "name": "胡小明"}).content.decode()
    assert "证书有效" in query and "按证书编号和姓名查询的结果" in query
    with pikepdf.open(io.BytesIO(_pdf(certified))) as doc:
        doc.pages[0].Contents.write(doc.pages[0].Contents.read_bytes() + b"\n")
        out = io.BytesIO()
        doc.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "certificate.pdf"
    body = client.post(
        f"/certificates/verify/?number={number}&name=胡小明", {"file": upload}
    ).content.decode()
    assert "查验未通过" in body and "证书有效" not in body and "上传文件查验的结果" in body
    assert 'action="/certificates/verify/"' in query  # the upload form no longer carries the query along
