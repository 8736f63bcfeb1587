"""Generate hostile and broken input files for the robustness tests and the fuzz benchmark.

    python scripts/make_bad_files.py OUT_DIR [--small]

Each file is named after what is wrong with it; `EXPECTED` says what the pipeline must make
of it ("error": an error record naming the file; "ok": it loads). The big ones (a 50 MB page, a
3,000-page PDF) are generated, never committed; `--small` leaves them out.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules, also when loaded by path
from fixturegen.packing import png_chunk

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

EXPECTED: dict[str, str] = {
    "empty.pdf": "error",
    "truncated.pdf": "error",
    "encrypted.pdf": "error",
    "many_pages.pdf": "error",
    "nested_objects.pdf": "error",
    "zip_bomb.docx": "error",
    "entity_expansion.docx": "error",
    "not_a_zip.docx": "error",
    "binary.html": "error",
    "huge_page.html": "error",
    "gbk_declared_utf8.html": "ok",
    "huge_image.png": "error",
    "corrupt.png": "error",
}
BIG = {"huge_page.html", "many_pages.pdf"}
_CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  'wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')


def huge_image_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A small file that claims 30,000 × 30,000 pixels (900 M pixels, 2.7 GB decoded)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x00" * (width * 3)
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(row) for _ in range(200)) + comp.flush()  # only 200 rows present
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


def zip_bomb_docx(decompressed_mb: int = 1024) -> bytes:
    """A .docx whose document.xml inflates to `decompressed_mb` MB of spaces."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                     b'wordprocessingml/2006/main"><w:body>')
            chunk = b" " * (1024 * 1024)
            for _ in range(decompressed_mb):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def entity_expansion_docx() -> bytes:
    """A .docx whose document.xml is a 'billion laughs' entity expansion."""
    ents = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    xml = ('<?xml version="1.0"?><!DOCTYPE w:document [' + "".join(ents) + ']>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           '<w:t>&a9;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def nested_pdf(depth: int = 100_000) -> bytes:
    obj = b"[" * depth + b"]" * depth
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X " + obj + b" >>\nendobj\n"
    body += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref = len(body)
    body += b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n" + f"{body.index(b'2 0 obj'):010d}".encode()
    body += b" 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return body


def pdf_pages(n: int, encrypt: str | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt, invariant=1)
    for i in range(n):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def write_bad_files(out: Path, small: bool = False) -> dict[str, str]:
    """Write the files into `out`; returns {file name: expected outcome}."""
    out.mkdir(parents=True, exist_ok=True)
    good_pdf = (EXAMPLES / "shuyang_2023.pdf").read_bytes()
    gbk_page = (EXAMPLES / "xuanwei_2021.html").read_bytes()
    files: dict[str, bytes] = {
        "empty.pdf": b"",
        "truncated.pdf": good_pdf[: len(good_pdf) // 3],
        "encrypted.pdf": pdf_pages(1, encrypt="secret"),
        "nested_objects.pdf": nested_pdf(),
        "zip_bomb.docx": zip_bomb_docx(),
        "entity_expansion.docx": entity_expansion_docx(),
        "not_a_zip.docx": "这不是一个Word文件".encode() * 50,
        "binary.html": bytes(range(256)) * 64,
        "gbk_declared_utf8.html": gbk_page.replace(b"charset=gbk", b"charset=utf-8").replace(b"charset=GBK", b"charset=utf-8"),
        "huge_image.png": huge_image_png(),
        "corrupt.png": b"\x89PNG\r\n\x1a\n" + b"\x13\x37" * 500,
    }
    if not small:
        files["many_pages.pdf"] = pdf_pages(3000)
        files["huge_page.html"] = b"<html><body>" + ("<p>" + "政府信息公开" * 100 + "</p>").encode("utf-8") * 27_000
    for name, data in files.items():
        (out / name).write_bytes(data)
    return {name: EXPECTED[name] for name in files}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bad_files")
    for name, expected in write_bad_files(target, small="--small" in sys.argv).items():
        size = (target / name).stat().st_size
        print(f"{name:28s} {size / 1e6:8.2f} MB  expected: {expected}")
