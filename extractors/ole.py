"""Which program wrote an OLE2 compound file: Word / WPS Writer, Excel / WPS Spreadsheets, Works.

`.doc`, `.wps`, `.xls` and `.et` files all start with the same 8-byte OLE2 signature and their
names lie often (a spreadsheet uploaded as `.doc`), so the kind is read from the stream names in
the file's directory: Word 97–2003 and Kingsoft WPS Writer files hold `WordDocument`, Excel
97–2003 and Kingsoft ET files `Workbook` (`Book` for Excel 5/95), Microsoft Works word-processor
files `CONTENTS` + `MN0`. Encryption is detected here too, because LibreOffice would only say it
"could not load" a password-protected file.
"""

from __future__ import annotations

import io
import struct

import olefile

from extractors.errors import UnsupportedFormat

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# format name -> stream names that identify it (all of one tuple must be present)
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("doc", ("worddocument",)),
    ("xls", ("workbook",)),
    ("xls", ("book",)),
    ("works", ("contents", "mn0")),
)
NOT_REPORTS = {
    "powerpoint document": "a PowerPoint/WPS presentation",
    "__substg1.0_0037001f": "an Outlook e-mail (.msg)",
    "visiodocument": "a Visio drawing",
}
_FILEPASS, _EOF = 0x002F, 0x000A  # BIFF record types: workbook is encrypted / end of globals


def ole_format(data: bytes, source: str) -> str:
    """'doc', 'xls' or 'works' for an OLE2 file; UnsupportedFormat naming the reason otherwise."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            # top-level streams only: a workbook may embed a Word object in a storage, and vice versa
            streams = {p[0].lower() for p in ole.listdir(streams=True, storages=False) if len(p) == 1}
            kind = _kind(streams, source)
            if kind == "doc" and _word_encrypted(ole.openstream("WordDocument").read(12)):
                raise UnsupportedFormat(source, "encrypted (password-protected) Word/WPS document")
            if kind == "xls" and _workbook_encrypted(ole, streams):
                raise UnsupportedFormat(source, "encrypted (password-protected) Excel/WPS workbook")
            return kind
    except UnsupportedFormat:
        raise
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError… on damaged files
        raise UnsupportedFormat(
            source, f"damaged OLE2 file (.doc/.wps/.xls/.et): {type(exc).__name__}: {exc}"
        ) from exc


def _kind(top: set[str], source: str) -> str:
    for kind, names in KINDS:
        if all(n in top for n in names):
            return kind
    if "encryptedpackage" in top:
        raise UnsupportedFormat(source, "encrypted (password-protected) Office document")
    for name, what in NOT_REPORTS.items():
        if name in top:
            raise UnsupportedFormat(source, f"{what}, not a Word/WPS/Excel document")
    listed = ", ".join(sorted(top)[:8]) or "none"
    raise UnsupportedFormat(source, f"OLE2 file that is not a Word/WPS/Excel document (streams: {listed})")


def _word_encrypted(fib: bytes) -> bool:
    """FibBase flag fEncrypted: bit 8 of the 16-bit word at offset 10 of the WordDocument stream."""
    return len(fib) >= 12 and bool(fib[11] & 0x01)


def _workbook_encrypted(ole: olefile.OleFileIO, streams: set[str]) -> bool:
    """A FILEPASS record among the workbook-globals records means the workbook is encrypted."""
    name = "Workbook" if "workbook" in streams else "Book"
    data = ole.openstream(name).read(64 * 1024)
    pos = 0
    while pos + 4 <= len(data):
        rtype, size = struct.unpack_from("<HH", data, pos)
        if rtype == _FILEPASS:
            return True
        if rtype == _EOF:
            return False
        pos += 4 + size
    return False
