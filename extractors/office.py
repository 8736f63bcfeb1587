"""Old Office files → DOCX or HTML bytes, converted by headless LibreOffice.

County sites still publish Word 97–2003 / Kingsoft WPS Writer (.doc, .wps), RTF, and Excel 97–2003
/ Kingsoft ET (.xls, .et) files, and spreadsheets as .xlsx. Rather than parse those binary formats, LibreOffice converts them
to a format whose extractor already rebuilds merged cells: documents to DOCX (gridSpan / vMerge
survive the round trip), spreadsheets to HTML (Calc's HTML export writes merges as rowspan /
colspan; it has no DOCX export).

`convert` is a pure function of its input bytes: every call gets a private temp dir and its own
LibreOffice user profile (so conversions can run in parallel and as root, and nothing leaks
between files), macros disabled, proxies pointed at a closed local port so a linked picture
cannot reach the network, an input size cap, and a timeout that kills soffice's whole process
group. soffice is found via $OGI_SOFFICE, else `soffice` / `libreoffice` on PATH.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extractors.errors import ExtractionError

STAGE = "convert"
SOFFICE_ENV = "OGI_SOFFICE"
MAX_INPUT_BYTES = 50 * 1024 * 1024  # old Office report files are < 5 MB; a 50 MB one is not a report
TIMEOUT_S = 40.0  # a fresh-profile conversion takes ~1–2 s; stays under ingest's 60 s per-file limit
DEAD_PROXY = "127.0.0.1:9"  # the discard port: nothing listens, connections fail at once


@dataclass(frozen=True)
class Conversion:
    """How one old Office format is converted: input suffix, LibreOffice target, and what to install."""

    suffix: str  # name given to the input file (LibreOffice still detects the type from content)
    target: str  # --convert-to argument: "<ext>:<export filter>"
    label: str  # what the original is, for notes and errors
    package: str  # Debian package whose absence makes this conversion unavailable


CONVERSIONS: dict[str, Conversion] = {
    "doc": Conversion(".doc", "docx:MS Word 2007 XML", "Word 97–2003 / WPS Writer (.doc/.wps)",
                      "libreoffice-writer-nogui"),
    "works": Conversion(".wps", "docx:MS Word 2007 XML", "Microsoft Works (.wps)", "libreoffice-writer-nogui"),
    "rtf": Conversion(".rtf", "docx:MS Word 2007 XML", "RTF", "libreoffice-writer-nogui"),
    "xls": Conversion(".xls", "html:HTML (StarCalc)", "Excel 97–2003 / WPS Spreadsheets (.xls/.et)",
                      "libreoffice-calc-nogui"),
    "xlsx": Conversion(".xlsx", "html:HTML (StarCalc)", "Excel (.xlsx)", "libreoffice-calc-nogui"),
}

# Seeded into each fresh profile: no macros, no proxy bypass, no first-start work.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
{items}
</oor:items>
"""
_SETTINGS = (
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("org.openoffice.Office.Common/Misc", "FirstRun", "false"),
    ("org.openoffice.Inet/Settings", "ooInetProxyType", "1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("org.openoffice.Inet/Settings", "ooInetFTPProxyName", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "9"),
    ("org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
)


class ConverterUnavailable(ExtractionError):
    """LibreOffice is not installed (or $OGI_SOFFICE points nowhere): this file cannot be read."""

    def __init__(self, source: str, fmt: str, detail: str):
        conv = CONVERSIONS[fmt]
        super().__init__(
            source, STAGE,
            f"converter not available: LibreOffice (soffice) is needed to read {conv.label} files "
            f"({detail}); install it with `make system-deps` or "
            f"apt-get install --no-install-recommends {conv.package}",
        )


def find_soffice() -> tuple[str | None, str]:
    """(path of soffice or None, how it was looked for) — $OGI_SOFFICE wins over PATH."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        found = shutil.which(configured)
        return found, f"{SOFFICE_ENV}={configured} is not an executable"
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found, "no soffice or libreoffice on PATH"


def convert(data: bytes, source: str, fmt: str, *, timeout_s: float = TIMEOUT_S) -> bytes:
    """The bytes of `data` (a old Office file of format `fmt`) converted to DOCX or HTML.

    Raises `ConverterUnavailable` without LibreOffice and `ExtractionError` when the file is too
    big, LibreOffice cannot load it, or it takes longer than `timeout_s`.
    """
    conv = CONVERSIONS[fmt]
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractionError(source, STAGE, f"a {conv.label} file of {len(data) >> 20} MB is over the "
                              f"{MAX_INPUT_BYTES >> 20} MB limit")
    soffice, looked = find_soffice()
    if soffice is None:
        raise ConverterUnavailable(source, fmt, looked)
    return run_soffice(soffice, data, conv.suffix, conv.target, source, conv.label, timeout_s=timeout_s)


def run_soffice(soffice: str, data: bytes, suffix: str, target: str, source: str, what: str, *,
                infilter: str | None = None, timeout_s: float = TIMEOUT_S) -> bytes:
    """One sandboxed `soffice --convert-to target` of `data` (saved as `input<suffix>`).

    `what` names the input in errors; `infilter` forces an import filter (e.g. HTML into Calc).
    """
    with tempfile.TemporaryDirectory(prefix="ogi-soffice-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_profile_xml(), encoding="utf-8")
        (work / "out").mkdir()
        infile = work / f"input{suffix}"
        infile.write_bytes(data)
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
               "--nologo", "--norestore", "--nodefault", "--nolockcheck"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", target, "--outdir", str(work / "out"), str(infile)]
        output = _run(cmd, work, source, timeout_s)
        produced = work / "out" / f"input.{target.split(':', 1)[0]}"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise ExtractionError(source, STAGE, f"LibreOffice could not read it as {what} "
                                  f"(damaged or mislabelled?): {_tail(output)}")
        return produced.read_bytes()


def _profile_xml() -> str:
    items = "\n".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for path, name, value in _SETTINGS
    )
    return _PROFILE.format(items=items)


def _run(cmd: list[str], work: Path, source: str, timeout_s: float) -> str:
    """Run soffice in its own process group; kill the whole group on timeout. Returns its output."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work),
        "TMPDIR": str(work),
        "LANG": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",
        **{k: f"http://{DEAD_PROXY}" for k in ("http_proxy", "https_proxy", "ftp_proxy",
                                                "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY")},
    }
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ExtractionError(source, STAGE, f"LibreOffice took longer than the {timeout_s:.0f} s limit") from None
    except BaseException:
        _kill_group(proc)
        raise
    return out.decode("utf-8", "replace")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def _tail(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.strip() and "javaldx" not in ln]
    return " / ".join(lines[-2:])[:300] or "no output"
