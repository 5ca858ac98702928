"""The invoice as a Word document, from the template resources/templates/invoice/facture.docx.

Rendered with docxtpl in a Jinja2 ``SandboxedEnvironment`` with ``StrictUndefined`` (a missing
field is an error, not a silent blank) and XML escaping on. The context holds only plain
strings, already formatted in French. A draft renders as « PROJET — NON VALIDÉE » instead of a
number. The mentions an invoice needs in France are always printed: number, issue date, the
firm's identity with SIREN and TVA number, client, description, HT / rate / TVA / TTC, due date,
late-payment penalties and — for a professional client (a company) — the fixed 40 € indemnity
for recovery costs (Code de commerce, art. L441-10 and D441-5).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select
from sqlalchemy.orm import Session

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.finance.invoice_queries import invoice_detail_in
from themisia_desktop.core.models import Address, CompanyDetails, Contact, Firm
from themisia_desktop.core.models.enums import ContactKind, InvoiceStatus
from themisia_desktop.core.money import format_eur
from themisia_desktop.core.paths import resources_dir

DRAFT_LABEL = "PROJET — NON VALIDÉE"


def template_path() -> Path:
    return resources_dir() / "templates" / "invoice" / "facture.docx"


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _join(*parts: str | None, sep: str = " ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def _address(session: Session, contact_id: int | None) -> str:
    if contact_id is None:
        return ""
    row = session.scalars(select(Address).where(Address.contact_id == contact_id)
                          .order_by(Address.is_primary.desc(), Address.id)).first()
    if row is None:
        return ""
    return _join(row.line1, row.line2, _join(row.postal_code, row.city), sep=", ")


def _firm(session: Session) -> dict[str, str]:
    firm = session.scalars(select(Firm).order_by(Firm.id)).first()
    if firm is None:
        return {k: "" for k in ("name", "address", "contact", "bar", "ids", "footer", "legal")}
    address = _join(firm.address_line1, firm.address_line2, _join(firm.postal_code, firm.city), sep=", ")
    contact = _join(f"Tél. {firm.phone}" if firm.phone else None, firm.email, sep=" — ")
    ids = _join(f"SIREN {firm.siren}" if firm.siren else None,
                f"TVA intracommunautaire {firm.vat_number}" if firm.vat_number else None, sep=" — ")
    bar = f"Avocats au barreau de {firm.bar}" if firm.bar else ""
    return {"name": firm.name, "address": address, "contact": contact, "bar": bar, "ids": ids,
            "footer": _join(firm.name, address, ids, sep=" — "), "legal": (firm.legal_mentions or "").strip()}


def _amount(value: Decimal) -> str:
    return format_eur(value)


def _quantity(hundredths: int, description: str) -> str:
    """150 → "1,5"; a fees line (hours) gets its unit: "1,5 h"."""
    value = Decimal(hundredths) / 100
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} h" if description.startswith("Honoraires") else text


def _mentions(professional: bool, legal: str) -> list[str]:
    out = ["En cas de retard de paiement, des pénalités de retard sont exigibles au taux de trois "
           "fois le taux de l'intérêt légal, sans qu'un rappel soit nécessaire.",
           "Pas d'escompte pour paiement anticipé."]
    if professional:
        out.append("Tout retard de paiement entraîne de plein droit une indemnité forfaitaire pour "
                   "frais de recouvrement de 40 € (articles L441-10 et D441-5 du Code de commerce).")
    out.extend(line.strip() for line in legal.splitlines() if line.strip())
    return out


def invoice_context(session: Session, invoice_id: int) -> dict:
    """The plain, French-formatted values the template prints."""
    detail = invoice_detail_in(session, invoice_id)
    inv = detail.invoice
    firm = _firm(session)
    client = session.get(Contact, inv.client_id)
    company = session.get(CompanyDetails, inv.client_id)
    professional = client.kind == ContactKind.COMPANY
    client_ids = ""
    if company is not None:
        client_ids = _join(f"SIREN {company.siren}" if company.siren else None,
                           f"TVA {company.vat_number}" if company.vat_number else None, sep=" — ")
    recipient_id = inv.billing_contact_id or inv.client_id
    recipient = session.get(Contact, recipient_id)
    name = recipient.display_name
    if recipient_id != inv.client_id:
        name = f"{name} — pour {client.display_name}"
    is_draft = inv.status == InvoiceStatus.DRAFT
    rate = Decimal(inv.vat_rate_bp) / 100
    due = "—" if is_draft else _day(inv.due_on)
    if inv.is_credit_note:
        terms = "Avoir imputable sur les sommes dues au cabinet ou remboursé sur demande."
        credit_text = f"Avoir annulant la facture {inv.credit_note_for_number}."
    else:
        terms = (f"Payable au plus tard le {due}, par virement ou chèque à l'ordre de {firm['name']}."
                 if not is_draft else "Payable à l'échéance indiquée sur la facture validée.")
        credit_text = ""
    return {
        "firm": firm,
        "title": "AVOIR" if inv.is_credit_note else "FACTURE",
        "number_label": DRAFT_LABEL if is_draft else f"N° {inv.number}",
        "issued_on": "—" if is_draft else _day(inv.issued_on),
        "due_on": due,
        "matter": f"{detail.matter_reference} — {detail.matter_title}",
        "client": {"name": client.display_name, "ids": client_ids},
        "recipient": {"name": name, "address": _address(session, recipient_id)},
        "credit_note_text": credit_text,
        "lines": [{"description": ln.description, "quantity": _quantity(ln.quantity_hundredths, ln.description),
                   "unit_price": _amount(ln.unit_price), "amount": _amount(ln.amount)}
                  for ln in detail.lines],
        "vat_rate": f"{rate:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " %",
        "total_excl_tax": _amount(inv.total_excl_tax),
        "total_vat": _amount(inv.total_vat),
        "total_incl_tax": _amount(inv.total_incl_tax),
        "payment_terms": terms,
        "mentions": _mentions(professional, firm["legal"]),
        "notes": "" if inv.is_credit_note else (inv.notes or ""),
    }


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def render_invoice_docx(db: Database, invoice_id: int, out_path: Path | str) -> Path:
    """Write the invoice (or credit note, or draft) as .docx at ``out_path``; returns it."""
    with db.read() as s:
        context = invoice_context(s, invoice_id)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = DocxTemplate(str(template_path()))
    doc.render(context, jinja_env=_environment(), autoescape=True)
    doc.save(str(out))
    return out


def default_file_name(detail_number: str | None, invoice_id: int) -> str:
    return f"Facture {detail_number}.docx" if detail_number else f"Brouillon de facture {invoice_id}.docx"
