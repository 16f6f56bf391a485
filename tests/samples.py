"""Real and malformed files for upload tests, built in memory."""

import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def pdf_bytes(pages: int = 1) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret", R=6))
    return out.getvalue()


def javascript_pdf_bytes() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    action = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    )
    pdf.Root.OpenAction = action
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def launch_action_pdf_bytes() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    annot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
                           A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe")))
    )  # fmt: skip
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([annot]))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def embedded_file_pdf_bytes() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ-not-really")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def jpeg_bytes(width: int = 300, height: int = 400, quality: int = 90) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 240)).save(out, format="JPEG", quality=quality)
    return out.getvalue()


def png_bytes(width: int = 20, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (1, 2, 3)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


MALFORMED_PDF_UPLOADS = {
    "truncated": lambda: pdf_bytes()[:120],
    "encrypted": encrypted_pdf_bytes,
    "javascript": javascript_pdf_bytes,
    "launch_action": launch_action_pdf_bytes,
    "embedded_file": embedded_file_pdf_bytes,
    "polyglot_jpeg_then_pdf": lambda: jpeg_bytes() + pdf_bytes(),
    "wrong_type_png": png_bytes,
    "empty": lambda: b"",
    "html_named_pdf": lambda: b"<html><script>alert(1)</script></html>",
}
