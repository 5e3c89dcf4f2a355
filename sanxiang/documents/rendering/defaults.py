"""The shipped default .docx templates: built from the catalogue with python-docx, loaded by kind.

`sanxiang document_templates` rebuilds sanxiang/documents/templates_docx/*.docx; the files are
committed so that a body can download one, edit it in Word or WPS and upload it as its own
version. Zip entries carry a fixed date, so a rebuild of an unchanged catalogue gives identical
bytes (and the same template SHA-256 on every document).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from functools import cache
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .. import kinds
from ..blobs import digest

FOLDER = Path(__file__).resolve().parent.parent / "templates_docx"
SONG, FANGSONG, HEI = "宋体", "仿宋", "黑体"
FIXED_DATE = (2026, 1, 1, 0, 0, 0)
SIGN_LABELS = {
    "party": "当事人（签名）",
    "officer": "执法人员（签名）",
    "witness": "见证人（签名）",
    "interviewee": "被询问人（签名）",
    "host": "听证主持人（签名）",
    "recipient": "受送达人（签名）",
    "presider": "主持人（签名）",
    "recorder": "记录人（签名）",
}
NO_LABEL = {"body_text"}  # letter paragraphs printed without a label


def path_for(code: str) -> Path:
    return FOLDER / f"{code}.docx"


@cache
def load(code: str) -> tuple[bytes, str]:
    """The shipped template of a kind and its SHA-256."""
    data = path_for(code).read_bytes()
    return data, digest(data).sha256


# --- building -------------------------------------------------------------------------------------


def set_font(target, east_asia: str, size: float | None = None, bold: bool = False) -> None:
    """Latin text in Times New Roman, Chinese in `east_asia` (Word and WPS read w:eastAsia)."""
    target.font.name = "Times New Roman"
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size:
        target.font.size = Pt(size)
    target.font.bold = bold or None


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(30), Mm(28)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    set_font(normal, FANGSONG, 14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(26)
    doc.core_properties.author = "三项 Sanxiang"
    doc.core_properties.created = doc.core_properties.modified = datetime.datetime(*FIXED_DATE)
    doc.core_properties.last_modified_by = "三项 Sanxiang"


def _para(doc_or_cell, text: str = "", *, align=None, font=FANGSONG, size=None, bold=False, indent=False):
    paragraph = doc_or_cell.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(28)
    if text:
        set_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _header(doc) -> None:
    _para(doc, "{{ agency }}", align=WD_ALIGN_PARAGRAPH.CENTER, font=SONG, size=18, bold=True)
    _para(doc, "{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, font=SONG, size=22, bold=True)
    _para(doc, "{{ reference }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    _para(doc)


def _footer(doc) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第 ", "PAGE"), (" 页 共 ", "NUMPAGES"), (" 页", None)):
        set_font(paragraph.add_run(text), SONG, 10.5)
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), f" {field} ")
            run = OxmlElement("w:r")
            text_el = OxmlElement("w:t")
            text_el.text = "1"
            run.append(text_el)
            simple.append(run)
            paragraph._p.append(simple)


def _optional(kind: kinds.Kind) -> set[str]:
    required = {alt for item in kind.required for alt in item.split("|")}
    return {f.key for f in kind.fields} - required


def _field(doc, kind: kinds.Kind, field: kinds.Field) -> None:
    guarded = kind.layout == "letter" and field.key in _optional(kind)
    if guarded:
        _para(doc, f"{{%p if {field.key} %}}")
    if field.key == "qa":
        _para(doc, f"{field.label}：", bold=True)
        _para(doc, "{%p for line in qa_lines %}")
        _para(doc, "{{ line }}", indent=True)
        _para(doc, "{%p endfor %}")
    elif field.key in NO_LABEL:
        _para(doc, f"{{{{ {field.key} }}}}", indent=True)
    elif field.block:
        _para(doc, f"{field.label}：", bold=True)
        _para(doc, f"{{{{ {field.key} }}}}", indent=True)
    else:
        _para(doc, f"{field.label}：{{{{ {field.key} }}}}")
    if guarded:
        _para(doc, "{%p endif %}")


def _parties_table(doc) -> None:
    columns = (
        ("姓名/名称", "p.name"),
        ("证件号码", "p.id_value"),
        ("法定代表人", "p.legal_representative"),
        ("年龄", "p.age"),
        ("住所/地址", "p.address"),
        ("联系电话", "p.phone"),
    )
    _para(doc, "当事人基本情况", bold=True)
    table = doc.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (label, key) in enumerate(columns):
        _cell(table.cell(0, i), label, bold=True)
        _cell(table.cell(2, i), f"{{{{ {key} }}}}")
    _cell(table.cell(1, 0), "{%tr for p in parties %}")
    _cell(table.cell(3, 0), "{%tr endfor %}")
    _para(doc)


def _cell(cell, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    set_font(paragraph.add_run(text), FANGSONG, 12, bold)


def _form(doc, kind: kinds.Kind) -> None:
    rows = [f for f in kind.fields if f.key != "parties"]
    if len(rows) != len(kind.fields):
        _parties_table(doc)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, field in enumerate(rows):
        table.cell(i, 0).width, table.cell(i, 1).width = Mm(38), Mm(118)
        _cell(table.cell(i, 0), field.label, bold=True)
        _cell(table.cell(i, 1), f"{{{{ {field.key} }}}}")
        if field.key == "recipient_signature":
            set_font(
                table.cell(i, 1).add_paragraph().add_run("（签名或盖章）　　　年　　月　　日"), FANGSONG, 12
            )


def _closing(doc, kind: kinds.Kind) -> None:
    if kind.layout == "letter":
        _para(doc)
        _para(doc, "{{ agency }}（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
        _para(doc, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    elif kind.layout == "record":
        _para(doc)
        _para(doc, "以上笔录已经本人核对，与事实相符。", indent=True)
        for role in kind.signers:
            _para(doc, f"{SIGN_LABELS[role]}：＿＿＿＿＿＿＿＿　　　年　　月　　日")
        _para(doc, "{{ agency }}　{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        for role in kind.signers:
            _para(doc, f"{SIGN_LABELS[role]}：＿＿＿＿＿＿＿＿　　　年　　月　　日")


def build(kind: kinds.Kind) -> bytes:
    doc = Document()
    _setup(doc)
    doc.core_properties.title = kind.title
    _header(doc)
    if kind.layout == "form":
        _form(doc, kind)
    else:
        for field in kind.fields:
            _field(doc, kind, field)
    _closing(doc, kind)
    _footer(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Same content, same bytes: fixed entry dates and order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def build_all(folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code, kind in kinds.KINDS.items():
        target = folder / f"{code}.docx"
        partial = target.with_suffix(".part")
        partial.write_bytes(build(kind))
        partial.replace(target)
        written.append(target)
    load.cache_clear()
    return written
