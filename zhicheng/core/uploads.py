"""Upload checks by content, not by name (SECURITY.md 17–20).

Each check returns the bytes to store (images re-encoded without EXIF) or raises
UploadRejected with a Chinese message naming the rule. Nothing is written to storage
until a check has passed, so a rejected upload leaves no file behind.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

import pikepdf
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

Image.MAX_IMAGE_PIXELS = 40_000_000  # pixel bombs raise DecompressionBombError past 2x this

KIND_LABELS = {"pdf": "PDF", "jpeg": "JPG/JPEG", "png": "PNG"}


class UploadRejected(ValueError):
    def __init__(self, field_label: str, messages: list[str] | str):
        self.field_label = field_label
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(f"{field_label}：" + "；".join(self.messages))


@dataclass
class CheckedFile:
    content: bytes
    kind: str  # pdf | jpeg | png
    extension: str
    original_name: str
    width: int | None = None
    height: int | None = None

    def as_django_file(self) -> ContentFile:
        # A generated name: the client's name is kept only as metadata, never as a path.
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def _human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def read_upload(uploaded, *, field_label: str, max_bytes: int) -> bytes:
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise UploadRejected(
            field_label, f"文件大小为 {_human_size(size)}，不能超过 {_human_size(max_bytes)}"
        )
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(field_label, f"文件大小不能超过 {_human_size(max_bytes)}")
    if not data:
        raise UploadRejected(field_label, "文件为空")
    return data


def _active_content(pdf) -> list[str]:
    """Scan every object, direct ones nested in dictionaries and arrays included, for scripts and launches."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()

    def visit(obj, depth: int) -> None:
        if found or depth > 50:
            return
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            if obj.is_indirect:
                if obj.objgen in seen:
                    return
                seen.add(obj.objgen)
            action = obj.get("/S")
            if action in (pikepdf.Name.JavaScript, pikepdf.Name.Launch) or "/JS" in obj:
                found.append("PDF 含脚本或外部启动动作")
                return
            if "/EF" in obj or obj.get("/Type") == pikepdf.Name.EmbeddedFile:
                found.append("PDF 含嵌入文件")
                return
            for key in obj.keys():  # noqa: SIM118 - pikepdf streams are not iterable, their keys() are
                if key != "/Parent":
                    visit(obj[key], depth + 1)
        elif isinstance(obj, pikepdf.Array):
            for item in obj:
                visit(item, depth + 1)

    for obj in pdf.objects:
        visit(obj, 0)
        if found:
            break
    return found


def check_pdf(data: bytes, *, field_label: str) -> None:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise UploadRejected(field_label, "PDF 已加密，请上传未加密的扫描件") from exc
    except Exception as exc:  # noqa: BLE001 - any parse failure means not a usable PDF
        raise UploadRejected(field_label, "文件不是有效的 PDF，可能已损坏或被截断") from exc
    with pdf:
        if pdf.is_encrypted:
            raise UploadRejected(field_label, "PDF 已加密，请上传未加密的扫描件")
        root = pdf.Root
        problems = []
        if "/OpenAction" in root or "/AA" in root:
            problems.append("PDF 含自动执行动作")
        names = root.get("/Names")
        if names is not None and ("/JavaScript" in names or "/EmbeddedFiles" in names):
            problems.append("PDF 含脚本或嵌入文件")
        if not problems:
            problems.extend(_active_content(pdf))
        if problems:
            raise UploadRejected(field_label, "；".join(dict.fromkeys(problems)) + "，出于安全原因不予接收")
        if len(pdf.pages) == 0:
            raise UploadRejected(field_label, "PDF 没有页面")


def reencode_image(data: bytes, *, field_label: str, fmt: str = "JPEG") -> tuple[bytes, int, int]:
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            width, height = img.size
            clean = img.convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected(field_label, "图片像素过多，请压缩后再上传") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected(field_label, "图片无法解码，可能已损坏或被截断") from exc
    out = io.BytesIO()
    clean.save(out, format=fmt, quality=92, optimize=True)  # saving anew drops EXIF and trailing data
    return out.getvalue(), width, height


def check_file(uploaded, *, field_label: str, allowed: tuple[str, ...], max_bytes: int) -> CheckedFile:
    data = read_upload(uploaded, field_label=field_label, max_bytes=max_bytes)
    kind = sniff(data)
    if kind not in allowed:
        allowed_text = "、".join(KIND_LABELS[k] for k in allowed)
        raise UploadRejected(field_label, f"只接受 {allowed_text} 格式的文件（按文件内容判断，而非文件名）")
    name = (getattr(uploaded, "name", "") or "")[-120:].replace("/", "_").replace("\\", "_")
    if kind == "pdf":
        check_pdf(data, field_label=field_label)
        return CheckedFile(data, "pdf", "pdf", name)
    content, width, height = reencode_image(
        data, field_label=field_label, fmt="JPEG" if kind == "jpeg" else "PNG"
    )
    return CheckedFile(content, kind, "jpg" if kind == "jpeg" else "png", name, width, height)
