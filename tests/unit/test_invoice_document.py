"""The invoice .docx: rendered from the template, reopened and read back."""

import pytest
from docx import Document

from tests.unit.test_invoices import add_expense, add_time
from tests.unit.matter_factory import make_client_matter, make_user
from themisia_desktop.core.finance.invoice_document import DRAFT_LABEL, render_invoice_docx
from themisia_desktop.core.finance.invoices import cancel_invoice, create_draft, validate_invoice
from themisia_desktop.core.models import Address, CompanyDetails, Firm


@pytest.fixture
def firm(firm_ctx):
    ctx = firm_ctx
    with ctx.db.write() as s:
        f = s.query(Firm).one()
        f.address_line1, f.postal_code, f.city = "12 quai de la Pêcherie", "69001", "Lyon"
        f.siren, f.vat_number, f.bar = "552100554", "FR40552100554", "Lyon"
        f.legal_mentions = "Membre d'une association agréée : règlement par chèque accepté."
        ctx.lawyer = make_user(s, "pdurand", first="Paul", last="Durand", category="partner")
        ctx.client, ctx.matter = make_client_matter(s, responsible_id=ctx.lawyer)
        s.get(CompanyDetails, ctx.client).siren = "732829320"
        s.add(Address(contact_id=ctx.client, line1="3 rue des Fours", postal_code="69002", city="Lyon",
                      is_primary=True))
    add_time(ctx, 750, "250")
    add_expense(ctx, "35.20", description="Droit de plaidoirie & greffe")
    return ctx


def text_of(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.extend(p.text for p in doc.sections[0].footer.paragraphs)
    return "\n".join(parts)


def test_a_validated_invoice_carries_number_totals_and_mentions(firm, tmp_path):
    inv = create_draft(firm.db, firm.clock, firm.matter)
    validate_invoice(firm.db, firm.clock, inv)
    text = text_of(render_invoice_docx(firm.db, inv, tmp_path / "f.docx"))
    for expected in ("FACTURE", "N° F2026-00001", "Date : 02/03/2026", "Échéance : 01/04/2026",
                     "Cabinet Lefèvre & Associés", "SIREN 552100554", "TVA intracommunautaire FR40552100554",
                     "Avocats au barreau de Lyon", "Boulangerie Dupont SARL", "SIREN 732829320",
                     "3 rue des Fours, 69002 Lyon", "2026-0001 — Litige commercial",
                     "Honoraires — Me Paul Durand : 12 h 30 × 250,00\u00a0€", "12,5 h",
                     "Frais : Droit de plaidoirie & greffe (03/01/2026)",
                     "3\u202f160,20\u00a0€", "TVA 20 %", "632,04\u00a0€", "3\u202f792,24\u00a0€",
                     "Payable au plus tard le 01/04/2026", "pénalités de retard",
                     "indemnité forfaitaire pour frais de recouvrement de 40 €",
                     "Membre d'une association agréée"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    assert DRAFT_LABEL not in text


def test_a_draft_says_so_instead_of_a_number(firm, tmp_path):
    inv = create_draft(firm.db, firm.clock, firm.matter)
    text = text_of(render_invoice_docx(firm.db, inv, tmp_path / "d.docx"))
    assert "PROJET — NON VALIDÉE" in text and "F2026" not in text
    assert "3\u202f792,24\u00a0€" in text


def test_a_credit_note_renders_negative(firm, tmp_path):
    inv = create_draft(firm.db, firm.clock, firm.matter)
    validate_invoice(firm.db, firm.clock, inv)
    credit = cancel_invoice(firm.db, firm.clock, inv, "Erreur de destinataire")
    text = text_of(render_invoice_docx(firm.db, credit, tmp_path / "a.docx"))
    assert "AVOIR" in text and "N° F2026-00002" in text
    assert "Avoir annulant la facture F2026-00001." in text
    assert "-3\u202f792,24\u00a0€" in text
