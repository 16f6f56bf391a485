"""Typst PDFs of this app (the e-certificate) and of the evaluation (the fee receipt).

Same pattern as zhicheng/documents/pdf.py, on the same engine (core.typesetting: one font book per
process, one compiler per thread): a view model of already formatted, already masked strings goes to
Typst as one JSON value in sys.inputs (never spliced into markup).

The certificate PDF also carries its signed payload, signature and key id in the document information
dictionary (/ZhichengCertificate, /ZhichengSignature, /ZhichengKeyId), so that the file itself can be
checked offline, and by the upload-to-verify form.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pikepdf
import qrcode
import qrcode.image.svg

from zhicheng.core.dates import cn_date
from zhicheng.core.typesetting import compile_typst
from zhicheng.documents.pdf import photo_as_svg

TEMPLATE_DIR = Path(__file__).resolve().parent / "typst"
META_PAYLOAD = "/ZhichengCertificate"
META_SIGNATURE = "/ZhichengSignature"
META_KEY_ID = "/ZhichengKeyId"
META_VERIFY_URL = "/ZhichengVerifyURL"  # what the QR code encodes


def qr_svg(text: str) -> str:
    """A QR code as SVG paths (error correction M: still reads when printed small or slightly soiled)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, box_size=10)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def certificate_pdf(certificate, *, verify_url: str, photo: bytes | None = None) -> bytes:
    """The e-certificate: the signed data laid out as a certificate, the QR code, and the payload inside."""
    payload = json.loads(certificate.payload)
    view = {
        "number": payload["number"],
        "name": payload["name"],
        "id_number": payload["id_number"],
        "series": payload["series"],
        "title": payload["title"],
        "level": payload["level"],
        "specialty": payload["specialty"],
        "committee": payload["committee"],
        "issuer": payload["issuer"],
        "document": payload["approval_document"],
        "approved_on": cn_date(date.fromisoformat(payload["approved_on"])),
        "issued_on": cn_date(date.fromisoformat(payload["issued_on"])),
        "key_id": certificate.key_id,
        "verify_page": verify_url.split("?", 1)[0],
        "photo": photo is not None,
    }
    extra = {"qr": qr_svg(verify_url)}
    if photo is not None:
        extra["photo"] = photo_as_svg(photo)
    pdf = compile_typst("certificate.typ", view, root=TEMPLATE_DIR, on=certificate.issued_on, extra=extra)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.docinfo[META_PAYLOAD] = certificate.payload
        doc.docinfo[META_SIGNATURE] = certificate.signature
        doc.docinfo[META_KEY_ID] = certificate.key_id
        doc.docinfo[META_VERIFY_URL] = verify_url
        doc.docinfo["/Subject"] = f"专业技术资格电子证书 {payload['number']}"
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()


def embedded(pdf: bytes) -> dict[str, str] | None:
    """The payload, signature and key id a certificate PDF carries; None if it carries none."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            info = doc.docinfo
            if META_PAYLOAD not in info or META_SIGNATURE not in info:
                return None
            return {
                "payload": str(info[META_PAYLOAD]),
                "signature": str(info[META_SIGNATURE]),
                "key_id": str(info.get(META_KEY_ID, "")),
            }
    except pikepdf.PdfError:
        return None
