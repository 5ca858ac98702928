"""Write the invoice template (resources/templates/invoice/facture.docx).

The template is rendered by ``themisia_desktop.core.finance.invoice_document`` with docxtpl in a
sandboxed Jinja2 environment; each expression sits inside one run so Word keeps it whole.
Run after changing the layout: ``.venv/bin/python scripts/make_invoice_template.py``.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "resources" / "templates" / "invoice" / "facture.docx"
LEFT, RIGHT, CENTER = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
GREY = RGBColor(0x55, 0x5B, 0x66)
NAVY = RGBColor(0x1F, 0x3A, 0x5F)



def fixed_widths(table, widths) -> None:  # noqa: ANN001
    """Column widths Word and LibreOffice both honour: a fixed layout and the grid's widths
    (cell widths alone are ignored by LibreOffice, which then sizes columns evenly)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width

def shade(cell, fill: str) -> None:  # noqa: ANN001
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def write(paragraph, text: str, *, bold: bool = False, size: float | None = None,  # noqa: ANN001
          color: RGBColor | None = None, italic: bool = False, align=None) -> None:  # noqa: ANN001
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(2)


def cell_text(cell, text: str, **kw) -> None:  # noqa: ANN001, ANN003
    write(cell.paragraphs[0], text, **kw)


def build() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)

    # Header: the firm on the left, the document title and number on the right.
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    cell_text(left, "{{ firm.name }}", bold=True, size=14, color=NAVY)
    for line in ("{{ firm.address }}", "{{ firm.contact }}", "{{ firm.bar }}", "{{ firm.ids }}"):
        write(left.add_paragraph(), line, size=9, color=GREY)
    cell_text(right, "{{ title }}", bold=True, size=20, color=NAVY, align=RIGHT)
    write(right.add_paragraph(), "{{ number_label }}", bold=True, size=12, align=RIGHT)
    write(right.add_paragraph(), "Date : {{ issued_on }}", align=RIGHT)
    write(right.add_paragraph(), "Échéance : {{ due_on }}", align=RIGHT)
    doc.add_paragraph()

    # Parties: the matter on the left, the addressee on the right.
    parties = doc.add_table(rows=1, cols=2)
    left, right = parties.rows[0].cells
    cell_text(left, "Dossier", bold=True, color=NAVY)
    write(left.add_paragraph(), "{{ matter }}")
    write(left.add_paragraph(), "Client : {{ client.name }}")
    write(left.add_paragraph(), "{{ client.ids }}", size=9, color=GREY)
    cell_text(right, "Facturé à", bold=True, color=NAVY)
    write(right.add_paragraph(), "{{ recipient.name }}", bold=True)
    write(right.add_paragraph(), "{{ recipient.address }}")
    doc.add_paragraph()
    write(doc.add_paragraph(), "{{ credit_note_text }}", italic=True)

    # Lines: one row repeated by docxtpl ({%tr %} rows are removed at rendering).
    lines = doc.add_table(rows=4, cols=4)
    lines.style = "Table Grid"
    widths = (Cm(9.5), Cm(2.0), Cm(2.5), Cm(3.0))
    fixed_widths(lines, widths)
    for row in lines.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for cell, text in zip(lines.rows[0].cells, ("Désignation", "Qté", "P.U. HT", "Montant HT"), strict=True):
        cell_text(cell, text, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF),
                  align=LEFT if text == "Désignation" else RIGHT)
        shade(cell, "1F3A5F")
    cell_text(lines.rows[1].cells[0], "{%tr for line in lines %}")
    row = lines.rows[2].cells
    cell_text(row[0], "{{ line.description }}")
    cell_text(row[1], "{{ line.quantity }}", align=RIGHT)
    cell_text(row[2], "{{ line.unit_price }}", align=RIGHT)
    cell_text(row[3], "{{ line.amount }}", align=RIGHT)
    cell_text(lines.rows[3].cells[0], "{%tr endfor %}")
    doc.add_paragraph()

    # Totals, right-aligned.
    tot = doc.add_table(rows=3, cols=2)
    fixed_widths(tot, (Cm(4.0), Cm(3.5)))
    tot.alignment = WD_TABLE_ALIGNMENT.RIGHT
    for (label, value), row in zip((("Total HT", "{{ total_excl_tax }}"),
                                    ("TVA {{ vat_rate }}", "{{ total_vat }}"),
                                    ("Total TTC", "{{ total_incl_tax }}")), tot.rows, strict=True):
        last = label == "Total TTC"
        cell_text(row.cells[0], label, bold=last, align=RIGHT)
        cell_text(row.cells[1], value, bold=last, align=RIGHT)
        row.cells[0].width, row.cells[1].width = Cm(4.0), Cm(3.5)
        if last:
            shade(row.cells[0], "E8EEF5")
            shade(row.cells[1], "E8EEF5")
    doc.add_paragraph()

    # Payment terms and the mentions French law requires on an invoice.
    write(doc.add_paragraph(), "Conditions de règlement", bold=True, color=NAVY)
    write(doc.add_paragraph(), "{{ payment_terms }}")
    write(doc.add_paragraph(), "{%p for mention in mentions %}")
    write(doc.add_paragraph(), "{{ mention }}", size=9)
    write(doc.add_paragraph(), "{%p endfor %}")
    write(doc.add_paragraph(), "{{ notes }}", italic=True)

    footer = section.footer.paragraphs[0]
    footer.alignment = CENTER
    run = footer.add_run("{{ firm.footer }}")
    run.font.size = Pt(8)
    run.font.color.rgb = GREY
    props = doc.core_properties
    props.title, props.author, props.comments = "Facture", "Themisia", ""
    return doc


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(OUT)
    print(f"écrit : {OUT}")


if __name__ == "__main__":
    main()
