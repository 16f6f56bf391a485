"""The 证件照 rules of the provincial platform (seed 000 附件1 3, seed 001 附件2 二1, seed 003 附件3 二1):

    JPG 或 JPEG 格式，文件大于 30K 且小于 1M，大于 215*300（宽*高）像素，照片宽高比大于等于 0.65 且小于等于 0.8

Readings, each named in the message an applicant sees:
- format by content (JPEG magic bytes and a JPEG decoder), never by the file name;
- "30K" and "1M" are 30 × 1024 and 1024 × 1024 bytes, both exclusive;
- "大于 215*300" is width > 215 and height > 300 (both exclusive);
- the ratio is width / height as displayed, i.e. after the EXIF orientation is applied; 0.65 and 0.8 are
  inclusive and compared exactly (13/20 ≤ w/h ≤ 4/5 in integers, no float rounding at the edges).

The size rule applies to the file as uploaded: that is the file the notice describes and the one the
applicant can act on. The stored copy is re-encoded (EXIF and anything else but pixels dropped), so its
size differs; it keeps the pixel dimensions (so the dimension and ratio rules still hold) and is kept
under 1 MB by lowering the JPEG quality step by step when needed. It may fall under 30 KB for a very
plain image, which is harmless: nothing downstream re-checks the stored copy's size.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from zhicheng.core.uploads import MAX_IMAGE_PIXELS, UploadRejected, check_pixels, open_image, sniff

from .uploads import reject_jpeg_payload, safe_original_name

MIN_BYTES = 30 * 1024  # exclusive
MAX_BYTES = 1024 * 1024  # exclusive
MIN_WIDTH, MIN_HEIGHT = 215, 300  # exclusive
RATIO_MIN_NUM, RATIO_MIN_DEN = 13, 20  # 0.65 inclusive
RATIO_MAX_NUM, RATIO_MAX_DEN = 4, 5  # 0.8 inclusive
READ_CAP = 20 * 1024 * 1024  # beyond this the file is refused unread
MAX_PIXELS = MAX_IMAGE_PIXELS  # the one limit of core.uploads
RULES_TEXT = "JPG/JPEG 格式，文件大于 30 KB 且小于 1 MB，大于 215×300 像素（宽×高），宽高比 0.65–0.8"
FIELD = "证件照"


@dataclass
class CheckedPhoto:
    content: bytes
    width: int
    height: int
    sha256: str
    uploaded_size: int
    original_name: str


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.2f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def ratio_text(width: int, height: int) -> str:
    text = f"{width / height:.2f}"
    if text in ("0.65", "0.80"):  # rounding would hide why a value just outside the edge was refused
        text = f"{width / height:.4f}"
    return text


def rule_problems(*, size: int | None, width: int | None, height: int | None) -> list[str]:
    problems = []
    if size is not None and not MIN_BYTES < size < MAX_BYTES:
        problems.append(f"文件大小为 {human_size(size)}，应大于 30 KB 且小于 1 MB")
    if width is not None and height is not None:
        if not (width > MIN_WIDTH and height > MIN_HEIGHT):
            problems.append(f"照片尺寸为 {width}×{height} 像素，应大于 215×300 像素（宽×高）")
        if not (
            width * RATIO_MIN_DEN >= RATIO_MIN_NUM * height
            and width * RATIO_MAX_DEN <= RATIO_MAX_NUM * height
        ):
            problems.append(f"照片宽高比为 {ratio_text(width, height)}，应在 0.65–0.8 之间")
    return problems


def _displayed_size(img: Image.Image) -> tuple[int, int]:
    width, height = img.size
    try:
        orientation = img.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - a broken EXIF block only loses the rotation hint
        orientation = None
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _encode(img: Image.Image) -> bytes:
    for quality in (95, 90, 85, 80, 75, 70, 60, 50):
        out = io.BytesIO()
        img.save(out, format="JPEG", quality=quality, optimize=True)
        if out.tell() < MAX_BYTES:
            return out.getvalue()
    return out.getvalue()


def check_photo(uploaded, *, field_label: str = FIELD) -> CheckedPhoto:
    if uploaded is None:
        raise UploadRejected(field_label, "请选择照片文件")
    original = safe_original_name(getattr(uploaded, "name", ""), field_label=field_label)
    declared = getattr(uploaded, "size", None)
    if declared is not None and declared > READ_CAP:
        raise UploadRejected(field_label, rule_problems(size=declared, width=None, height=None))
    data = uploaded.read(READ_CAP + 1)
    size = len(data)
    if not data:
        raise UploadRejected(field_label, "文件为空")
    if sniff(data) != "jpeg":
        found = {"png": "PNG 图片", "pdf": "PDF 文件"}.get(sniff(data) or "", "无法识别的文件")
        raise UploadRejected(field_label, [f"只接受 JPG/JPEG 格式的照片（按文件内容判断，该文件是{found}）"])
    try:
        img = open_image(data)
        if img.format != "JPEG":
            raise UploadRejected(field_label, "只接受 JPG/JPEG 格式的照片（按文件内容判断）")
        check_pixels(img, field_label=field_label)
        width, height = _displayed_size(img)
        problems = rule_problems(size=size, width=width, height=height)
        if problems:
            raise UploadRejected(field_label, problems)
        img.load()
        img = ImageOps.exif_transpose(img).convert("RGB")
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected(field_label, "图片像素过多（超过 4000 万像素），请缩小后再上传") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected(field_label, "照片无法完整解码，文件可能已损坏或被截断") from exc
    reject_jpeg_payload(data, field_label=field_label)
    content = _encode(img)
    return CheckedPhoto(
        content=content,
        width=img.width,
        height=img.height,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_size=size,
        original_name=original,
    )
