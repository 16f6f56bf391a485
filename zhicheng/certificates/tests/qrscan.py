"""Reading the QR code printed on a rendered certificate page, for tests, without a barcode library:
locate the symbol, sample every module, and compare with the symbol the expected text makes. Equal
matrices mean a scanner reads exactly that text (same data, version, error correction and mask)."""

from __future__ import annotations

import qrcode
from PIL import Image


def expected_matrix(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def printed_matrix(png_path, size: int, *, region=(0.0, 0.68, 0.42, 0.93)) -> list[list[bool]]:
    """The size×size modules found in the region (fractions of the page) where the certificate prints its QR."""
    img = Image.open(png_path).convert("RGB")
    width, height = img.size
    left, top, right, bottom = (
        int(region[0] * width),
        int(region[1] * height),
        int(region[2] * width),
        int(region[3] * height),
    )
    px = img.load()
    # Black, not the red frame or seal nor the brown captions: every channel dark.
    dark = [(x, y) for y in range(top, bottom) for x in range(left, right) if max(px[x, y]) < 90]
    if not dark:
        return []
    x0, x1 = min(x for x, _ in dark), max(x for x, _ in dark)
    y0, y1 = min(y for _, y in dark), max(y for _, y in dark)
    side = x1 - x0 + 1
    assert abs(side - (y1 - y0 + 1)) <= 3, "the dark area is not a square QR symbol"
    module = side / size
    return [
        [max(px[int(x0 + (c + 0.5) * module), int(y0 + (r + 0.5) * module)]) < 128 for c in range(size)]
        for r in range(size)
    ]


def qr_encodes(png_path, text: str) -> bool:
    matrix = expected_matrix(text)
    return printed_matrix(png_path, len(matrix)) == matrix
