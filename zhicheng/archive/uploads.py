"""Upload helpers shared by the archive and the application wizard, on top of core.uploads.

core.uploads decides whether the bytes are an acceptable PDF/JPEG/PNG; this module adds what the
archive and the wizard need around it: a refusal of names that carry a path, a refusal of JPEGs
with a payload after the image data (polyglots), and storage that removes what it wrote when the
surrounding transaction fails, so that a rejected or rolled-back upload leaves no file behind.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from zhicheng.core.uploads import CheckedFile, UploadRejected, check_file, sniff

# Bytes some encoders leave after the end-of-image marker; anything else is a second file riding along.
_PADDING = frozenset(b"\x00\xff\r\n \t")


def safe_original_name(name: str, *, field_label: str) -> str:
    """The client's file name is kept only as a label; one that carries a path or control bytes is refused."""
    name = unicodedata.normalize("NFC", name or "")
    if (
        "/" in name
        or "\\" in name
        or ".." in name
        or any(unicodedata.category(c) in ("Cc", "Cf") for c in name)
    ):
        raise UploadRejected(field_label, "文件名含有路径或控制字符，请重命名后再上传")
    return name[-120:]


def jpeg_end(data: bytes) -> int | None:
    """Offset just past the EOI marker found by walking the JPEG's segments; None if the walk fails."""
    if not data.startswith(b"\xff\xd8"):
        return None
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0xD9:  # EOI
            return i
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        if i + 2 > n:
            return None
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2:
            return None
        i += length
        if marker == 0xDA:  # SOS: entropy-coded data runs until a marker that is not a stuffed byte or RST
            while i < n - 1:
                if data[i] == 0xFF and data[i + 1] != 0x00 and not 0xD0 <= data[i + 1] <= 0xD7:
                    break
                i += 1
            else:
                return None
    return None


def reject_jpeg_payload(data: bytes, *, field_label: str) -> None:
    end = jpeg_end(data)
    if end is None:
        return  # a malformed stream is left to the decoder, which names it as damaged
    if any(b not in _PADDING for b in data[end:]):
        raise UploadRejected(
            field_label, "图片数据之后还附带了其他内容（疑似伪装文件），请用看图软件另存为 JPG 后再上传"
        )


def check_evidence(uploaded, *, field_label: str, allowed: tuple[str, ...], max_bytes: int) -> CheckedFile:
    if uploaded is None:
        raise UploadRejected(field_label, "请选择要上传的文件")
    original = safe_original_name(getattr(uploaded, "name", ""), field_label=field_label)
    head = uploaded.read(max_bytes + 1)
    if sniff(head) == "jpeg":
        reject_jpeg_payload(head, field_label=field_label)
    checked = check_file(
        _Rewound(head, uploaded), field_label=field_label, allowed=allowed, max_bytes=max_bytes
    )
    checked.original_name = original
    return checked


class _Rewound(io.BytesIO):
    """The bytes already read, presented again to core.uploads with the upload's declared size."""

    def __init__(self, data: bytes, uploaded):
        super().__init__(data)
        self.size = getattr(uploaded, "size", len(data))
        self.name = getattr(uploaded, "name", "")


@dataclass
class Stored:
    name: str
    sha256: str
    size: int


@contextmanager
def files_removed_on_error():
    """Wrap a service's transaction: files saved inside are deleted again if the block raises."""
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


def store(content: bytes, *, folder: str, extension: str, saved: list[str]) -> Stored:
    file = ContentFile(content)
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{extension}", file)
    saved.append(name)
    return Stored(name=name, sha256=hashlib.sha256(content).hexdigest(), size=len(content))
