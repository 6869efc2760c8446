#!/usr/bin/env python3
"""Builds tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.docx from the seed text.

The seed (tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.txt) is the department's
document as copied out of Word: paragraphs are lines, table cells start with a tab. This
script turns it back into a Word document the way the department's original is laid out —
paragraphs, then one table per 项目绩效目标表 with the official layout's merged cells:
w:vMerge for the 预算规模及资金用途 / 资金支出计划 / 绩效目标 / 一级指标 labels that span rows,
w:gridSpan for the wide value cells. A cell's line breaks become paragraphs of the cell.

Only the standard library is used (zipfile writes minimal WordprocessingML): no network, no
Word or LibreOffice. The archive is deterministic (fixed timestamps), so re-running the
script gives the same bytes. `perf import` must read the result to the same model as the
text (tests/it/cli_import.rs).

Usage: python3 scripts/make_seed_docx.py [SEED.txt] [OUT.docx]
"""

import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.txt"
OUT = ROOT / "tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GRID = 7  # columns of the official layout


def squeeze(text):
    return re.sub(r"\s+", "", text)


def split(lines):
    """Prose lines, then (heading lines, cell texts) per table — the rule perf uses."""
    titles = []
    for t, line in enumerate(lines):
        if line.startswith("\t") or "绩效目标表" not in squeeze(line):
            continue
        start = t
        if squeeze(line).startswith("项目绩效目标表"):
            p = t
            while p > 0 and not lines[p - 1].strip():
                p -= 1
            if p > 0 and not lines[p - 1].startswith("\t"):
                start = p - 1
        titles.append((start, t))
    prose = [l for l in lines[: titles[0][0]] if l.strip()]
    tables = []
    for k, (start, t) in enumerate(titles):
        end = titles[k + 1][0] if k + 1 < len(titles) else len(lines)
        heading = [l for l in lines[start : t + 1] if l.strip()]
        cells = []
        for line in lines[t + 1 : end]:
            if line.startswith("\t"):
                cells.append(line[1:])
            elif cells:
                cells[-1] += "\n" + line
        tables.append((heading, cells))
    return prose, tables


def rows_of(cells):
    """Groups a table's cells into the rows of the official layout, with grid spans and
    vertical merges: each row is a list of (text, span, vmerge) where vmerge is None,
    "restart" or "continue"."""
    rows, i, mode, previous = [], 0, None, None
    while i < len(cells):
        first = squeeze(cells[i])
        second = squeeze(cells[i + 1]) if i + 1 < len(cells) else ""
        if first == "项目编码":
            kind = "code"
        elif first.startswith("预算规模"):
            kind = "budget"
        elif first.startswith("资金支出计划"):
            kind = "plan"
        elif first == "绩效目标":
            kind = "goal"
        elif first == "一级指标":
            kind, mode = "header", "indicators"
        elif mode == "indicators":
            kind = "indicator"
        elif first == "" and re.fullmatch(r"目标\d+", second):
            kind = "goal-more"
        elif first == "" and previous == "plan":
            kind = "plan-values"
        elif first == "" and previous == "budget":
            kind = "purpose"
        else:
            raise SystemExit(f"unexpected row start {cells[i]!r}")
        spans = {
            "code": [1, 2, 1, 3],
            "budget": [1, 1, 1, 1, 1, 1, 1],
            "purpose": [1, 6],
            "plan": [1, 1, 2, 1, 2],
            "plan-values": [1, 1, 2, 1, 2],
            "goal": [1, 1, 5],
            "goal-more": [1, 1, 5],
            "header": [1, 1, 1, 2, 1, 1],
            "indicator": [1, 1, 1, 2, 1, 1],
        }[kind]
        texts = cells[i : i + len(spans)]
        i += len(spans)
        row = []
        for c, (text, span) in enumerate(zip(texts, spans)):
            vmerge = None
            if c == 0 and kind in ("budget", "plan", "goal"):
                vmerge = "restart"
            elif c == 0 and kind in ("purpose", "plan-values", "goal-more"):
                vmerge = "continue"
            elif c == 0 and kind == "indicator":
                vmerge = "continue" if not text.strip() else "restart"
            row.append((text, span, vmerge))
        rows.append(row)
        previous = kind
    return rows


def paragraph(text):
    if not text:
        return "<w:p/>"
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def cell(text, span, vmerge):
    props = []
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        props.append("<w:vMerge/>")
        text = ""
    body = "".join(paragraph(line) for line in text.split("\n")) or "<w:p/>"
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{body}</w:tc>"


def table(rows):
    grid = "".join('<w:gridCol w:w="1300"/>' for _ in range(GRID))
    body = "".join(
        "<w:tr>" + "".join(cell(*c) for c in row) + "</w:tr>" for row in rows
    )
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}'
        f"</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )


def document(text):
    lines = text.replace("\r\n", "\n").split("\n")
    prose, tables = split(lines)
    parts = [paragraph(l.strip()) for l in prose]
    for heading, cells in tables:
        parts += [paragraph(l.strip()) for l in heading]
        parts.append(table(rows_of(cells)))
    body = "".join(parts)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def write(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


def main():
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    text = seed.read_text(encoding="utf-8")
    write(
        out,
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document(text)),
        ],
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
