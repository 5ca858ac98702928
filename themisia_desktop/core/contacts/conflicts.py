"""Conflict-of-interest check for the parties of a new matter.

Each party is looked up among every contact with the duplicate matcher (identifiers, e-mail,
phone, similar name), then through company representatives (a company's legal representative
or beneficial owner, and the companies a person represents). For each contact found, what the
firm has to do with it is read from the contact's status and from every party of every matter.
Only the hits that matter are returned:

* an adverse party who is or was a client → "bloquant";
* a future client who is (or was) adverse in another matter → "bloquant" when that matter is
  still open, "à examiner" otherwise;
* the same situations reached through a representative, or through a name that is only
  similar → "à examiner".

``record_conflict_check`` keeps the check (who, when, searched, hits, decision) on the matter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts.duplicates import DuplicateProbe, candidates_in, probe_facts
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import ConflictCheck, Contact, ContactLink, Matter, MatterParty
from themisia_desktop.core.models.enums import ConflictDecision

BLOCKING, REVIEW = "bloquant", "à examiner"
CLIENT_STATUSES = ("client_active", "client_former")
CERTAIN_SCORE = 90      # an identifier, an e-mail or the very same name
LOOKUP_SCORE = 75       # looser than the duplicate check: better one hit too many
_OPEN = ("open",)


@dataclass(frozen=True)
class PartyProbe:
    name: str
    kind: str = "person"            # person / company
    siren: str | None = None
    email: str | None = None
    phone: str | None = None
    role: str = "adverse"           # enums.PartyRole: client, adverse…


@dataclass(frozen=True)
class ConflictHit:
    contact_id: int
    display_name: str
    reason: str
    severity: str                   # "bloquant" / "à examiner"
    party: str = ""                 # the party searched that led to it


def _matches(s: Session, party: PartyProbe) -> list[tuple[int, int, str]]:
    """(contact id, score, how) of the contacts a party may be."""
    probe = DuplicateProbe(kind=party.kind, display_name=party.name,
                           legal_name=party.name if party.kind == "company" else None,
                           siren=party.siren, emails=(party.email,) if party.email else (),
                           phones=(party.phone,) if party.phone else ())
    found = candidates_in(s, probe_facts(probe), limit=20, min_score=LOOKUP_SCORE)
    return [(m.contact_id, m.score, ", ".join(m.reasons)) for m in found]


def _linked(s: Session, contact_id: int) -> list[tuple[int, str]]:
    """Contacts linked through a representation, with how (in French)."""
    out = []
    for company_id, person_id, kind in s.execute(
            select(ContactLink.company_id, ContactLink.person_id, ContactLink.kind)
            .where(or_(ContactLink.company_id == contact_id, ContactLink.person_id == contact_id))):
        what = "représentant légal" if kind == "legal_representative" else "bénéficiaire effectif"
        if company_id == contact_id:
            out.append((person_id, f"{what} de la partie"))
        else:
            out.append((company_id, f"société dont la partie est {what}"))
    return out


def _involvement(s: Session, contact_id: int, matter_id: int | None) -> tuple[str, list, list]:
    """(status, [(reference, status)] as client, [(reference, status)] as adverse party)."""
    status = s.scalar(select(Contact.status).where(Contact.id == contact_id)) or ""
    other = [] if matter_id is None else [Matter.id != matter_id]
    as_client = set(s.execute(select(Matter.reference, Matter.status).where(
        Matter.client_id == contact_id, *other)).all())
    parties = s.execute(select(MatterParty.role, Matter.reference, Matter.status)
                        .join(Matter, Matter.id == MatterParty.matter_id)
                        .where(MatterParty.contact_id == contact_id, *other)).all()
    as_client |= {(ref, st) for role, ref, st in parties if role == "client"}
    adverse = sorted({(ref, st) for role, ref, st in parties if role == "adverse"})
    return status, sorted(as_client), adverse


def _refs(matters: list[tuple[str, str]]) -> str:
    return ", ".join(ref for ref, _ in matters[:3]) + (" …" if len(matters) > 3 else "")


def _hit_for(party: PartyProbe, status: str, as_client: list, adverse: list) -> tuple[str, bool] | None:
    """(reason, blocking) for one contact found, or None when nothing conflicts."""
    if party.role == "adverse":
        if status in CLIENT_STATUSES or as_client:
            when = "est client du cabinet" if status == "client_active" else "a été client du cabinet"
            where = f" (dossiers {_refs(as_client)})" if as_client else ""
            return f"Partie adverse qui {when}{where}", True
    elif party.role == "client" and adverse:
        open_ = [m for m in adverse if m[1] in _OPEN]
        return (f"Futur client partie adverse dans {'un dossier en cours' if open_ else 'un dossier'}"
                f" ({_refs(open_ or adverse)})", bool(open_))
    return None


def check_conflicts(db: Database, parties: list[PartyProbe], *,
                    matter_id: int | None = None) -> list[ConflictHit]:
    """The conflicts of interest the parties of a matter raise, blocking ones first. The
    matter's own parties are not counted against it."""
    hits: dict[tuple[int, str], ConflictHit] = {}
    with db.read() as s:
        for party in parties:
            if not (party.name or "").strip() and not (party.siren or party.email or party.phone):
                continue
            for cid, score, how in _matches(s, party):
                reached = [(cid, score >= CERTAIN_SCORE, f"correspondance : {how}")]
                reached += [(other, False, what) for other, what in _linked(s, cid)]
                for contact_id, certain, via in reached:
                    found = _hit_for(party, *_involvement(s, contact_id, matter_id))
                    if found is None:
                        continue
                    reason, blocking = found
                    severity = BLOCKING if blocking and certain else REVIEW
                    name = s.scalar(select(Contact.display_name).where(Contact.id == contact_id))
                    hit = ConflictHit(contact_id, name or "", f"{reason} — {via}", severity,
                                      party.name)
                    key = (contact_id, party.name)
                    if key not in hits or (hits[key].severity != BLOCKING and severity == BLOCKING):
                        hits[key] = hit
    return sorted(hits.values(), key=lambda h: (h.severity != BLOCKING, h.display_name))


def record_conflict_check(db: Database, clock: Clock, matter_id: int | None,
                          parties: list[PartyProbe], hits: list[ConflictHit], decision: str,
                          note: str | None, user_id: int | None) -> int:
    """Keep a check on the matter: who, when, what was searched and found, what was decided.
    Clearing or waiving a blocking hit needs a note saying why."""
    if decision not in {d.value for d in ConflictDecision}:
        raise ValidationError("Décision inconnue.", field="decision")
    blocking = any(h.severity == BLOCKING for h in hits)
    if blocking and decision in ("cleared", "waived") and not (note or "").strip():
        raise ValidationError("Un conflit bloquant a été trouvé : expliquez pourquoi le dossier "
                              "peut être accepté.", field="note")
    with db.write() as s:
        if matter_id is not None and s.get(Matter, matter_id) is None:
            raise ValidationError("Ce dossier n'existe plus.", field="matter_id")
        check = ConflictCheck(matter_id=matter_id, performed_by_id=user_id,
                              performed_at=clock.now(), searched=[asdict(p) for p in parties],
                              hits=[asdict(h) for h in hits], decision=decision,
                              decision_note=(note or "").strip() or None)
        s.add(check)
        s.flush()
        return check.id
