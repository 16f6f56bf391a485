"""证件照 rules at their boundaries (seed 000 附件1 3): each broken rule is named in Chinese, by content."""

import io

import pytest
from PIL import Image

from tests.builders import jpeg_with_size
from tests.samples import pdf_bytes, png_bytes, upload
from zhicheng.archive.photo import MAX_BYTES, MIN_BYTES, check_photo
from zhicheng.core.uploads import UploadRejected


def _check(data: bytes, name: str = "照片.jpg"):
    return check_photo(upload(name, data, "image/jpeg"))


def _refusal(data: bytes, name: str = "照片.jpg") -> str:
    with pytest.raises(UploadRejected) as info:
        _check(data, name)
    return str(info.value)


@pytest.mark.parametrize(
    ("size", "accepted"),
    [
        (MIN_BYTES - 1, False),
        (MIN_BYTES, False),  # "大于30K": exactly 30 KB is refused
        (MIN_BYTES + 1, True),
        (MAX_BYTES - 1, True),
        (MAX_BYTES, False),  # "小于1M": exactly 1 MB is refused
        (MAX_BYTES + 1, False),
    ],
)
def test_file_size_must_be_over_30_kb_and_under_1_mb(size, accepted):
    data = jpeg_with_size(300, 400, size)
    if accepted:
        assert _check(data).uploaded_size == size
    else:
        assert "文件大小为" in _refusal(data) and "应大于 30 KB 且小于 1 MB" in _refusal(data)


@pytest.mark.parametrize(
    ("width", "height", "accepted"),
    [
        (215, 300, False),  # "大于215*300": equal is refused
        (216, 300, False),
        (215, 301, False),
        (216, 301, True),
    ],
)
def test_pixels_must_exceed_215_by_300(width, height, accepted):
    data = jpeg_with_size(width, height, 40 * 1024)
    if accepted:
        checked = _check(data)
        assert (checked.width, checked.height) == (width, height)
    else:
        assert f"照片尺寸为 {width}×{height} 像素，应大于 215×300 像素（宽×高）" in _refusal(data)


@pytest.mark.parametrize(
    ("width", "height", "accepted", "shown"),
    [
        (260, 400, True, None),  # 0.65 exactly
        (259, 400, False, "0.6475"),  # just under; rounding to 0.65 would hide why
        (320, 400, True, None),  # 0.8 exactly
        (321, 400, False, "0.8025"),
        (344, 400, False, "0.86"),
        (400, 400, False, "1.00"),
    ],
)
def test_ratio_between_0_65_and_0_8_inclusive(width, height, accepted, shown):
    data = jpeg_with_size(width, height, 40 * 1024)
    if accepted:
        _check(data)
    else:
        assert f"照片宽高比为 {shown}，应在 0.65–0.8 之间" in _refusal(data)


def test_every_broken_rule_is_named_at_once():
    message = _refusal(jpeg_with_size(200, 200))
    assert "文件大小为" in message and "照片尺寸为 200×200" in message and "照片宽高比为 1.00" in message


def test_format_is_judged_by_content_not_by_name():
    assert "只接受 JPG/JPEG 格式" in _refusal(png_bytes(300, 400), name="照片.jpg")
    assert "该文件是PDF 文件" in _refusal(pdf_bytes(), name="照片.jpeg")
    # A real JPEG named .png is fine: the name is only a label.
    _check(jpeg_with_size(300, 400, 40 * 1024), name="photo.png")


def test_exif_is_stripped_and_pixels_kept():
    img = Image.new("RGB", (300, 400), (250, 250, 250))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "CameraApp 1.0"  # Software
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    padded = _pad_exif_jpeg(out.getvalue())
    checked = _check(padded)
    stored = Image.open(io.BytesIO(checked.content))
    assert not stored.getexif() and b"PhoneMaker" not in checked.content
    assert stored.size == (300, 400) and len(checked.content) < MAX_BYTES


def _pad_exif_jpeg(data: bytes) -> bytes:
    pad = 40 * 1024 - len(data)
    body = pad - 4
    return data[:2] + b"\xff\xfe" + (body + 2).to_bytes(2, "big") + b"x" * body + data[2:]


def test_rotated_phone_photo_is_measured_as_displayed():
    """A 400×300 sensor image with EXIF orientation 6 is shown 300×400 (ratio 0.75): accepted and stored upright."""
    img = Image.new("RGB", (400, 300), (240, 240, 240))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    checked = _check(_pad_exif_jpeg(out.getvalue()))
    assert (checked.width, checked.height) == (300, 400)


def test_truncated_jpeg_is_refused():
    data = jpeg_with_size(300, 400, noise=True)
    assert len(data) > 60 * 1024
    assert "无法完整解码" in _refusal(data[: len(data) // 2])


def test_polyglot_jpeg_with_a_pdf_behind_it_is_refused():
    data = jpeg_with_size(300, 400, 40 * 1024) + pdf_bytes()
    assert "图片数据之后还附带了其他内容" in _refusal(data)


def test_pixel_bomb_is_refused_before_decoding():
    # A tiny JPEG header claiming 20000×20000 pixels.
    out = io.BytesIO()
    Image.new("L", (20000, 20000)).save(out, format="JPEG", quality=1)
    assert "像素过多" in _refusal(out.getvalue())


def test_traversal_names_are_refused():
    """Django's upload handler already reduces a multipart name to its base name; a caller that passes
    a raw stream (API, import) gets the same protection here."""
    data = jpeg_with_size(300, 400, 40 * 1024)
    for name in ("../../etc/passwd.jpg", "..\\boot.jpg", "a\x00.jpg"):
        raw = io.BytesIO(data)
        raw.name, raw.size = name, len(data)
        with pytest.raises(UploadRejected, match="文件名含有路径或控制字符"):
            check_photo(raw)


def test_stored_copy_stays_under_1_mb_even_when_the_reencode_grows():
    data = jpeg_with_size(900, 1200, noise=True)
    if not MIN_BYTES < len(data) < MAX_BYTES:
        pytest.skip(f"noise JPEG came out at {len(data)} bytes")
    checked = _check(data)
    assert len(checked.content) < MAX_BYTES
