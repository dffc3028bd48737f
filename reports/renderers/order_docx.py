"""The order («приказ») as an editable DOCX (python-docx): the same requisites,
text and lists as the PDF (reports/renderers/order.py), A4, Times New Roman
14 pt, margins 20/10/20/30 mm (GOST R 7.0.97-2016)."""

import io
import zipfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .base import RenderedFile

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)


def _para(document, text="", *, bold=False, align=None, indent=True, size=None):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(12.5)
    return paragraph


def _table(document, header: list[str], rows: list[list[str]], size: int = 12):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(size)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).font.size = Pt(size)
    return table


def _head(document, c: dict, draft: bool) -> None:
    if draft:
        _para(document, "ПРОЕКТ", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document, c["organization"]["name"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if c.get("letterhead"):
        _para(document, c["letterhead"], align=WD_ALIGN_PARAGRAPH.CENTER, size=11)
    _para(document, "")
    _para(document, "ПРИКАЗ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=16)
    line = document.add_table(rows=1, cols=2)
    date = c["date"] or "«___» ____________ 20___ г."
    number = "№ {}".format(c["number"] or "______")
    line.rows[0].cells[0].text = date
    line.rows[0].cells[1].text = number
    line.rows[0].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if c.get("place"):
        _para(document, c["place"], align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, "")
    _para(document, c["title"], bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(document, "")


def _body(document, c: dict) -> None:
    if c.get("preamble"):
        _para(document, c["preamble"])
    _para(document, "ПРИКАЗЫВАЮ:", bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    for number, point in enumerate(c["points"], start=1):
        _para(document, "{}. {}".format(number, point))
    _para(document, "")
    signature = document.add_table(rows=1, cols=2)
    signature.rows[0].cells[0].text = c.get("signatory") or "Директор"
    signature.rows[0].cells[1].text = "____________   " + c["director"]
    signature.rows[0].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if c.get("acquainted"):
        _para(document, "")
        _para(document, "С приказом ознакомлены:", align=WD_ALIGN_PARAGRAPH.LEFT)
        _table(document, ["ФИО", "Подпись", "Дата"],
               [[name, "", "«___» ______ 20___ г."] for name in c["acquainted"]])


def _appendix(document, c: dict) -> None:
    if not (c.get("people") or c.get("pairs") or c.get("awards") or c.get("winners")):
        return
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    mark = _para(
        document,
        "Приложение к приказу {}\nот {} № {}".format(
            c["organization"]["short_name"], c["date"] or "____________", c["number"] or "_____"
        ),
        align=WD_ALIGN_PARAGRAPH.RIGHT, size=12,
    )
    mark.paragraph_format.space_after = Pt(12)
    heading = c["list_title"]
    if c["kind"] != "introduction":
        heading += " на {} учебный год".format(c["academic_year"])
    _para(document, heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if c.get("pairs"):
        _table(document, ["№", "Наставник (ФИО, категория)", "Наставляемые (ФИО)",
                          "Форма наставничества", "Вид наставничества"],
               [[str(i), "{} ({})".format(r["mentor"], r["mentor_category"]), "\n".join(r["mentees"]),
                 r["form"], r["kind"]] for i, r in enumerate(c["pairs"], start=1)])
    if c.get("people"):
        _table(document, ["№", "Фамилия, имя, отчество", "Категория", "Должность"],
               [[str(i), r["name"], r["category"], r["position"]]
                for i, r in enumerate(c["people"], start=1)])
    if c.get("awards"):
        _table(document, ["№", "Наставник (ФИО)", "Вид поощрения", "За что", "Доплата, % оклада"],
               [[str(i), r["mentor"], r["kind"], r["reason"], r["percent"] or "—"]
                for i, r in enumerate(c["awards"], start=1)])
    if c.get("winners"):
        _table(document, ["Место", "Участник (ФИО, практика)", "Организация", "Итоговый балл",
                          "Диплом"],
               [[str(r["place"]), r["name"], r["organization"], r["total"], r["award"]]
                for r in c["winners"]])


def render_order_docx(order) -> RenderedFile:
    """``order`` as a DOCX: ``RenderedFile("prikaz-<number>-<date>.docx" (or
    «proekt-prikaza-<pk>.docx» for a draft), DOCX, bytes)``; reads the same
    content as the PDF (frozen for a signed order)."""
    from ..services.orders import document_content
    from .order import order_filename

    c = document_content(order)
    document = Document()
    _setup(document)
    _head(document, c, not order.is_frozen)
    _body(document, c)
    _appendix(document, c)
    buffer = io.BytesIO()
    document.save(buffer)
    return RenderedFile(order_filename(order, "docx"), DOCX, stable_zip(buffer.getvalue()))


def stable_zip(content: bytes) -> bytes:
    """The same ZIP (a DOCX is one) with every entry dated 1980-01-01: python-docx
    stamps the entries with the time of saving, so that the same order would
    give different bytes from one second to the next. With fixed dates a
    retried rendering of a signed order gives the same bytes (and SHA-256)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            stamped = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            stamped.compress_type, stamped.external_attr = item.compress_type, item.external_attr
            target.writestr(stamped, source.read(item.filename))
    return buffer.getvalue()

