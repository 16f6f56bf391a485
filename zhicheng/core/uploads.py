"""Upload checks by content, not by name (SECURITY.md 17–20).

Each check returns the bytes to store (images re-encoded without EXIF) or raises
UploadRejected with a Chinese message naming the rule. Nothing is written to storage
until a check has passed, so a rejected upload leaves no file behind.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

import pikepdf
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

# One pixel limit for every image path (attachments, evidence, 证件照), checked from the header before any
# pixel is decoded. 40 million pixels is an A4 page scanned at 600 dpi; decoded, it is ~120 MB of RGB.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # Pillow's own guard, as a second line behind check_pixels

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


# Every PDF action but a jump inside the document is active content: scripts (JavaScript), programs
# (Launch), the network (URI, SubmitForm, ImportData, GoToR, GoToE, Thread), forms (XFA, ResetForm),
# media (Sound, Movie, Rendition, RichMedia), viewer commands (Named, Hide, SetOCGState, Trans, GoTo3DView).
# A scan needs none of them, so the rule is an allow-list of one: /GoTo.
SAFE_ACTIONS = frozenset({"/GoTo"})
ACTIVE_ANNOTATIONS = frozenset({"/RichMedia", "/Movie", "/Sound", "/Screen", "/3D", "/FileAttachment"})
_ACTION_KEYS = frozenset({"/A", "/OpenAction", "/Next", "/PA"})


def _action_problem(action) -> str | None:
    kind = action.get("/S")
    if kind is None or str(kind) not in SAFE_ACTIONS:
        name = str(kind)[1:] if kind is not None else "未知"
        return f"PDF 含交互动作（{name}），只接受文档内跳转"
    return None


def _active_content(pdf) -> list[str]:
    """Walk every object, direct ones nested in dictionaries and arrays included, for active content."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()

    def visit(obj, depth: int, *, as_action: bool = False) -> None:
        if found or depth > 50:
            return
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            if obj.is_indirect:
                if obj.objgen in seen and not as_action:
                    return
                seen.add(obj.objgen)
            if "/JS" in obj:
                found.append("PDF 含脚本")
                return
            if "/EF" in obj or obj.get("/Type") == pikepdf.Name.EmbeddedFile:
                found.append("PDF 含嵌入文件")
                return
            if "/XFA" in obj:
                found.append("PDF 含 XFA 表单脚本")
                return
            if obj.get("/Subtype") is not None and str(obj.get("/Subtype")) in ACTIVE_ANNOTATIONS:
                found.append(f"PDF 含多媒体或附件注释（{str(obj.get('/Subtype'))[1:]}）")
                return
            if as_action or obj.get("/Type") == pikepdf.Name.Action:
                problem = _action_problem(obj)
                if problem:
                    found.append(problem)
                    return
            for key in obj.keys():  # noqa: SIM118 - pikepdf streams are not iterable, their keys() are
                if key == "/Parent":
                    continue
                value = obj[key]
                if key == "/AA" and isinstance(value, pikepdf.Dictionary):
                    for trigger in value.keys():  # noqa: SIM118
                        visit(value[trigger], depth + 1, as_action=True)
                elif key in _ACTION_KEYS and isinstance(value, pikepdf.Dictionary):
                    visit(value, depth + 1, as_action=True)
                elif key == "/Next" and isinstance(value, pikepdf.Array):
                    for item in value:
                        visit(item, depth + 1, as_action=True)
                else:
                    visit(value, depth + 1)
        elif isinstance(obj, pikepdf.Array):
            for item in obj:
                visit(item, depth + 1)

    visit(pdf.Root, 0)
    for obj in pdf.objects:
        if found:
            break
        visit(obj, 0)
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
        names = root.get("/Names")
        if names is not None and ("/JavaScript" in names or "/EmbeddedFiles" in names):
            problems.append("PDF 含脚本或嵌入文件")
        acroform = root.get("/AcroForm")
        if acroform is not None and "/XFA" in acroform:
            problems.append("PDF 含 XFA 表单脚本")
        if not problems:
            problems.extend(_active_content(pdf))
        if problems:
            raise UploadRejected(field_label, "；".join(dict.fromkeys(problems)) + "，出于安全原因不予接收")
        if len(pdf.pages) == 0:
            raise UploadRejected(field_label, "PDF 没有页面")


def too_many_pixels(width: int, height: int) -> str:
    return (
        f"图片像素过多：{width}×{height} 像素（约 {width * height / 10_000:.0f} 万像素），"
        f"上限为 {MAX_IMAGE_PIXELS // 10_000} 万像素，请缩小后再上传"
    )


def check_pixels(img: Image.Image, *, field_label: str) -> None:
    """Refuse an image whose header declares too many pixels; Image.open has read only the header so far."""
    width, height = img.size
    if width * height > MAX_IMAGE_PIXELS:
        raise UploadRejected(field_label, too_many_pixels(width, height))


def open_image(data: bytes):
    """Pillow's lazy open: only the header is read. Its bomb warning is silenced because the caller checks
    the pixels itself (check_pixels) and names the size; past twice the limit Pillow refuses on its own."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def reencode_image(data: bytes, *, field_label: str, fmt: str = "JPEG") -> tuple[bytes, int, int]:
    try:
        with open_image(data) as img:
            check_pixels(img, field_label=field_label)
            img.load()
            width, height = img.size
            clean = img.convert("RGB")
    except UploadRejected:  # a ValueError itself: not to be renamed "无法解码" below
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected(
            field_label, f"图片像素过多（超过 {MAX_IMAGE_PIXELS // 10_000} 万像素），请缩小后再上传"
        ) from exc
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
