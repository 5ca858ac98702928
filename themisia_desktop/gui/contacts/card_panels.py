"""Which of the card's panels apply to a contact: « KYC » (persons and companies), « Rôles »
and « Tarifs négociés » (clients and prospects), « Liens » (companies and persons)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from themisia_desktop.core.contacts.card import CardHeader
from themisia_desktop.core.models.enums import ContactKind, ContactStatus

CLIENT_STATUSES = (ContactStatus.PROSPECT, ContactStatus.CLIENT_ACTIVE, ContactStatus.CLIENT_FORMER)


def panel_names(kind: ContactKind, status: ContactStatus) -> list[str]:
    names = []
    if kind in (ContactKind.PERSON, ContactKind.COMPANY):
        names.append("KYC")
    if status in CLIENT_STATUSES and kind != ContactKind.JURISDICTION:
        names += ["Rôles", "Tarifs négociés"]
    if kind in (ContactKind.PERSON, ContactKind.COMPANY):
        names.append("Liens")
    return names


def panels_for(ctx, header: CardHeader, parent: QWidget) -> list[tuple[str, QWidget]]:  # noqa: ANN001
    """New panels (each reads its own data on its worker) for the names that apply."""
    from themisia_desktop.gui.contacts.kyc_panel import KycPanel
    from themisia_desktop.gui.contacts.links_panel import LinksPanel
    from themisia_desktop.gui.contacts.rates_panel import RatesPanel
    from themisia_desktop.gui.contacts.roles_panel import RolesPanel

    existing = set(getattr(parent, "panels", {}))
    makers = {
        "KYC": lambda: KycPanel(ctx, header.id, parent),
        "Rôles": lambda: RolesPanel(ctx, header.id, parent),
        "Tarifs négociés": lambda: RatesPanel(ctx, header.id, parent),
        "Liens": lambda: LinksPanel(ctx, header.id, header.kind, parent),
    }
    return [(name, makers[name]()) for name in panel_names(header.kind, header.status)
            if name not in existing]
