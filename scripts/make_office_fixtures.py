"""Write the old Office test fixtures (committed under tests/fixtures/office/); needs LibreOffice.

    python scripts/make_office_fixtures.py [OUT_DIR]      # default tests/fixtures/office

report_2022.doc     examples/shiping_2022.docx saved by LibreOffice as Word 97–2003 (all three
                    standard tables; truth in examples/shiping_2022.truth.json)
merged_cells.wps    tests/fixtures/docx/merged_cells.docx saved as Word 97–2003 under a .wps name.
                    Kingsoft WPS Writer's .wps is this same OLE2 Word binary (a `WordDocument`
                    stream); LibreOffice reads WPS files but has no filter that writes them.
merged_cells.rtf    the same DOCX saved as RTF (another "Word" format county sites upload)
table3.xls          standard table 三 of scripts/fixtures_html_docx.py, imported into Calc from HTML
                    (so its merged cells stay merged) and saved as Excel 97–2003
table3.xlsx         the same sheet saved as .xlsx (no extractor reads it directly either)
saved_as_html.doc   a Word "web page" (HTML with Office namespaces, GBK) under a .doc name
web_archive.doc     a MIME web archive (.mht) — table 四 and one picture — under a .doc name
truncated.doc       the first 4 KB of report_2022.doc (a broken download): damaged OLE2 directory

LibreOffice 7.4 writes these bytes deterministically (the .xlsx is re-zipped with fixed times), so
re-running leaves git clean.
"""

from __future__ import annotations

import base64
import quopri
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from fixturegen.labels import RL_COL_LABELS
from fixturegen.packing import normalize_zip
from fixtures_html_docx import (
    FIXTURE_ZIP_TIME,
    REVIEW_ROW,
    table3_html,
    tiny_png,
)

from extractors.office import find_soffice, run_soffice

TITLE = "某县2021年政府信息公开工作年度报告"

WORD_HTML = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
</head>
<body lang=ZH-CN style='tab-interval:21.0pt'>
<div class=WordSection1>
<p class=MsoNormal align=center><b><span style='font-size:22.0pt'>{title}</span></b></p>
<p class=MsoNormal>2021年，某县受理政府信息公开申请23件，上年结转2件。</p>
<p class=MsoNormal><b>三、收到和处理政府信息公开申请情况</b></p>
{table}
</div>
</body>
</html>
"""


def review_table_html() -> str:
    """Table 四 with its two header rows of merges, as Word's HTML export writes it."""
    top = '<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>'
    mid = ("<tr>" + "".join(f"<td rowspan=2>{o}</td>" for o in RL_COL_LABELS)
           + "<td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>")
    low = "<tr>" + "".join(f"<td>{o}</td>" for o in RL_COL_LABELS * 2) + "</tr>"
    data = "<tr>" + "".join(f"<td>{v}</td>" for v in REVIEW_ROW) + "</tr>"  # as in merged_cells.docx
    return f'<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>{top}{mid}{low}{data}</table>'


def web_archive() -> bytes:
    """A Word/IE single-file web page: quoted-printable GB2312 HTML plus one PNG part."""
    page = (f"<html><head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"><title>{TITLE}"
            f"</title></head><body><h1>{TITLE}</h1><p>全年发生政府信息公开行政复议3件、行政诉讼2件。</p>"
            "<p><b>四、政府信息公开行政复议、行政诉讼情况</b></p>"
            f"{review_table_html()}<p><img src=\"report.files/image001.png\" alt=\"图\"></p></body></html>")
    boundary = "----=_NextPart_01D80000.00000000"
    parts = [
        "MIME-Version: 1.0",
        f'Content-Type: multipart/related; boundary="{boundary}"',
        "",
        "This document is a Single File Web Page, also known as a Web Archive file.",
        "",
        f"--{boundary}",
        "Content-Location: file:///C:/report.htm",
        "Content-Transfer-Encoding: quoted-printable",
        'Content-Type: text/html; charset="gb2312"',
        "",
        quopri.encodestring(page.encode("gb2312")).decode("ascii"),
        "",
        f"--{boundary}",
        "Content-Location: file:///C:/report.files/image001.png",
        "Content-Transfer-Encoding: base64",
        "Content-Type: image/png",
        "",
        base64.encodebytes(tiny_png()).decode("ascii"),
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(parts).encode("ascii")


def write_fixtures(out_dir: Path) -> list[Path]:
    soffice, looked = find_soffice()
    if soffice is None:
        raise SystemExit(f"LibreOffice is needed to write these fixtures ({looked}); run `make system-deps`")

    def save(data: bytes, suffix: str, target: str, infilter: str | None = None) -> bytes:
        return run_soffice(soffice, data, suffix, target, f"fixture{suffix}", suffix, infilter=infilter)

    sheet = f'<html><head><meta charset="utf-8"></head><body>{table3_html()}</body></html>'.encode()
    report_doc = save((REPO / "examples" / "shiping_2022.docx").read_bytes(), ".docx", "doc:MS Word 97")
    merged = (REPO / "tests" / "fixtures" / "docx" / "merged_cells.docx").read_bytes()
    files = {
        "report_2022.doc": report_doc,
        "merged_cells.wps": save(merged, ".docx", "doc:MS Word 97"),
        "merged_cells.rtf": save(merged, ".docx", "rtf:Rich Text Format"),
        "table3.xls": save(sheet, ".html", "xls:MS Excel 97", infilter="HTML (StarCalc)"),
        "table3.xlsx": normalize_zip(save(sheet, ".html", "xlsx:Calc MS Excel 2007 XML", infilter="HTML (StarCalc)"),
                                     FIXTURE_ZIP_TIME, mode=0),
        "saved_as_html.doc": WORD_HTML.format(title=TITLE, table=table3_html()).encode("gb18030"),
        "web_archive.doc": web_archive(),
        "truncated.doc": report_doc[:4096],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
        written.append(out_dir / name)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "tests" / "fixtures" / "office")
    for path in write_fixtures(target):
        print(f"{path}  {path.stat().st_size:,} bytes")
