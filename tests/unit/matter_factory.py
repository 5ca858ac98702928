"""Users, clients and matters written straight through the models, for the tests of what
happens inside a matter (time, invoices, payments, tasks, deadlines, documents) without
depending on the matter service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from themisia_desktop.core.models import Matter, MatterParty, User
from tests.unit.contact_factory import make_company, make_person


def make_user(s: Session, login: str, *, first: str = "Paul", last: str = "Durand",
              category: str = "associate", rate: str | None = "200") -> int:
    user = User(login=login, password_hash="x", first_name=first, last_name=last,
                category=category, standard_rate=Decimal(rate) if rate is not None else None,
                email=f"{login}@cabinet.example.fr")
    s.add(user)
    s.flush()
    return user.id


def make_matter(s: Session, client_id: int, responsible_id: int, *, reference: str = "2026-0001",
                title: str = "Litige commercial", status: str = "open",
                opened_on: date = date(2026, 1, 5)) -> int:
    matter = Matter(reference=reference, title=title, client_id=client_id,
                    responsible_id=responsible_id, status=status, opened_on=opened_on)
    matter.parties.append(MatterParty(contact_id=client_id, role="client"))
    s.add(matter)
    s.flush()
    return matter.id


def make_client_matter(s: Session, *, company: bool = True, reference: str = "2026-0001",
                       responsible_id: int | None = None) -> tuple[int, int]:
    """A client actif (a company by default) with one open matter: (client id, matter id)."""
    if company:
        client_id = make_company(s, "Boulangerie Dupont SARL", status="client_active")
    else:
        client_id = make_person(s, "Hélène", "Lefèvre", status="client_active")
    if responsible_id is None:
        responsible_id = make_user(s, f"resp{reference.replace('-', '')}")
    return client_id, make_matter(s, client_id, responsible_id, reference=reference)
