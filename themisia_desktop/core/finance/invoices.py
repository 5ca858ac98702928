"""Invoices of a matter: one import for the screens and the other services.

* building and editing drafts — :mod:`invoice_build`;
* validation (gap-free numbering), sending, doubtful flag, cancellation by credit note —
  :mod:`invoice_lifecycle` (its docstring explains numbering and cancellation);
* reading — :mod:`invoice_queries`; payments — :mod:`payments`; the .docx — :mod:`invoice_document`.
"""

from __future__ import annotations

from themisia_desktop.core.finance.invoice_build import (
    create_draft,
    create_draft_in,
    delete_draft,
    format_minutes,
    remove_entries,
    set_billing_contact,
    set_notes,
    totals,
    vat_of,
)
from themisia_desktop.core.finance.invoice_lifecycle import (
    cancel_invoice,
    cancel_invoice_in,
    mark_sent,
    next_invoice_number_in,
    set_doubtful,
    validate_invoice,
    validate_invoice_in,
)
from themisia_desktop.core.finance.invoice_queries import (
    BillingChoice,
    InvoiceDetail,
    InvoiceLineInfo,
    InvoiceSummary,
    UnbilledExpense,
    UnbilledTime,
    UnbilledWork,
    invoice_detail,
    invoice_detail_in,
    list_client_invoices,
    list_invoices,
    unbilled_work,
)

__all__ = [
    "BillingChoice", "InvoiceDetail", "InvoiceLineInfo", "InvoiceSummary", "UnbilledExpense",
    "UnbilledTime", "UnbilledWork", "cancel_invoice", "cancel_invoice_in", "create_draft",
    "create_draft_in", "delete_draft", "format_minutes", "invoice_detail", "invoice_detail_in",
    "list_client_invoices", "list_invoices", "mark_sent", "next_invoice_number_in",
    "remove_entries", "set_billing_contact", "set_doubtful", "set_notes", "totals",
    "unbilled_work", "validate_invoice", "validate_invoice_in", "vat_of",
]
