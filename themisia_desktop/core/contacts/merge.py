"""Merging two contacts, and undoing it (DESIGN §5b).

``merge_contacts`` re-points every row referencing the merged-away contact to the kept one (the
references are found in the models, see :mod:`.merge_snapshot`), applies the fields chosen one
by one, soft-deletes the merged contact (``merged_into_id``/``merged_at``) and keeps in a
``MergeRecord`` a JSON snapshot: both contacts' rows and details before, each re-pointed row
(table, key, previous values) and each row deleted to avoid a collision (a role or a link the
kept contact already has, a "pas un doublon" decision about the merged one). ``undo_merge``
replays the snapshot in reverse. Each is one transaction, journalled on both contacts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import Clock
from themisia_desktop.core.contacts import merge_snapshot as snap
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Contact, Interaction, Matter, MergeRecord, TimeEntry
from themisia_desktop.core.contacts.search_index import reindex_contacts
from themisia_desktop.core.text import contact_search_text, contact_sort_name

LABELS = {  # table → what the user calls the rows that move
    "matter": "Dossiers", "matter_party": "Parties", "invoice": "Factures", "payment": "Règlements",
    "interaction": "Interactions", "contact_role": "Rôles", "document": "Documents",
    "kyc_record": "KYC", "contact_link": "Liens", "task": "Tâches", "appointment": "Rendez-vous",
    "address": "Adresses", "contact_channel": "E-mails et téléphones",
    "negotiated_rate": "Taux négociés", "duplicate_dismissal": "Décisions « pas un doublon »",
}
CONTACT_FIELDS = ("display_name", "status", "primary_email", "primary_phone", "city",
                  "external_ref", "notes", "kyc_status", "kyc_expires_on", "owner_id")
DETAIL_PREFIX = {"person": "person_details", "company": "company_details",
                 "jurisdiction": "jurisdiction_details"}
STATUS_RANK = {"contact": 0, "prospect_lost": 1, "prospect": 2, "client_former": 3,
               "client_active": 4}
_DROPPED_WITH_MERGED = {"duplicate_dismissal"}  # a decision about the merged-away record
_NO_SELF_LINK = {"contact_link", "duplicate_dismissal"}
_SOFT_UNIQUE = {"contact_channel": ("contact_id", "kind", "value")}  # same e-mail twice


@dataclass(frozen=True)
class FieldDiff:
    field: str              # "display_name", "company.siren"…
    keep_value: Any
    merged_value: Any
    default: str            # "keep" or "merged"


@dataclass(frozen=True)
class MergePreview:
    keep_id: int
    merge_id: int
    keep_name: str
    merge_name: str
    moves: dict[str, int]   # French label → rows that will move (time entries via matters)
    fields: list[FieldDiff] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_pair(s: Session, keep_id: int, merge_id: int) -> tuple[Contact, Contact]:
    if keep_id == merge_id:
        raise ValidationError("Impossible de fusionner une fiche avec elle-même.")
    keep, merged = s.get(Contact, keep_id), s.get(Contact, merge_id)
    if keep is None or merged is None:
        raise ValidationError("Cette fiche n'existe plus.")
    for c in (keep, merged):
        if c.merged_into_id is not None:
            raise ValidationError(f"« {c.display_name} » a déjà été fusionnée dans une autre fiche.")
    if keep.kind != merged.kind:
        raise ValidationError("Une personne, une société et une juridiction ne se fusionnent pas "
                              "entre elles : corrigez d'abord le type de la fiche.")
    return keep, merged


def _field_values(s: Session, contact: Contact) -> dict[str, Any]:
    values = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    detail = DETAIL_PREFIX[contact.kind]
    row = snap.read_row(s, snap.table(detail), snap.table(detail).c.contact_id == contact.id)
    prefix = detail.split("_")[0]
    for col in snap.table(detail).columns:
        if col.name != "contact_id":
            values[f"{prefix}.{col.name}"] = row[col.name] if row else None
    return values


def _diffs(s: Session, keep: Contact, merged: Contact) -> list[FieldDiff]:
    kept, other = _field_values(s, keep), _field_values(s, merged)
    diffs = []
    for name, value in kept.items():
        theirs = other[name]
        if value == theirs or _blank(theirs):
            continue
        default = "merged" if _blank(value) else "keep"
        if name == "status" and STATUS_RANK.get(theirs, 0) > STATUS_RANK.get(value, 0):
            default = "merged"
        diffs.append(FieldDiff(name, value, theirs, default))
    return diffs


def _count_moves(s: Session, merge_id: int) -> dict[str, int]:
    moves: dict[str, int] = {}
    for name, cols in snap.contact_references().items():
        tbl = snap.table(name)
        n = s.scalar(select(func.count()).select_from(tbl).where(
            or_(*(c == merge_id for c in cols)))) or 0
        if n:
            moves[LABELS.get(name, name)] = n
    time_entries = s.scalar(select(func.count(TimeEntry.id)).join(
        Matter, Matter.id == TimeEntry.matter_id).where(Matter.client_id == merge_id)) or 0
    if time_entries:
        moves["Temps (par les dossiers)"] = time_entries
    return moves


def preview_merge(db: Database, keep_id: int, merge_id: int) -> MergePreview:
    """What a merge of ``merge_id`` into ``keep_id`` would move and which fields differ."""
    with db.read() as s:
        keep, merged = _check_pair(s, keep_id, merge_id)
        return MergePreview(keep_id, merge_id, keep.display_name, merged.display_name,
                            _count_moves(s, merge_id), _diffs(s, keep, merged))


# -- merge ---------------------------------------------------------------------------------
def _collides(s: Session, tbl, row: dict[str, Any], new: dict[str, Any]) -> bool:  # noqa: ANN001
    sets = snap.unique_column_sets(tbl)
    if tbl.name in _SOFT_UNIQUE:
        sets.append(_SOFT_UNIQUE[tbl.name])
    pk = snap.pk_of(tbl, row)
    for cols in sets:
        if not set(cols) & set(new):
            continue
        values = {c: new.get(c, row[c]) for c in cols}
        others = [tbl.c[c] == v for c, v in values.items()]
        same_row = [tbl.c[k] != v for k, v in pk.items()]
        if s.execute(select(1).select_from(tbl).where(*others, or_(*same_row)).limit(1)).first():
            return True
    return False


def _repoint(s: Session, keep_id: int, merge_id: int, now) -> tuple[list, list]:  # noqa: ANN001
    changed: list[list[Any]] = []
    deleted: list[list[Any]] = []
    for name, cols in snap.contact_references().items():
        tbl = snap.table(name)
        for row in snap.read_rows(s, tbl, or_(*(c == merge_id for c in cols))):
            pk = snap.pk_of(tbl, row)
            new = {c.name: keep_id for c in cols if row[c.name] == merge_id}
            values = [new.get(c.name, row[c.name]) for c in cols]
            if (name in _DROPPED_WITH_MERGED
                    or (name in _NO_SELF_LINK and len(set(values)) < len(values))
                    or _collides(s, tbl, row, new)):
                s.execute(delete(tbl).where(*snap.pk_filter(tbl, pk)))
                deleted.append([name, snap.row_to_json(row)])
                continue
            before = {k: row[k] for k in new}
            if "is_primary" in tbl.c and row["is_primary"]:
                new["is_primary"], before["is_primary"] = False, True
            if "updated_at" in tbl.c:
                new["updated_at"], before["updated_at"] = now, row["updated_at"]
            s.execute(update(tbl).where(*snap.pk_filter(tbl, pk)).values(**new))
            changed.append([name, pk, snap.row_to_json(before)])
    return changed, deleted


def _apply_fields(s: Session, keep: Contact, merged: Contact, choices: dict[str, str]) -> None:
    theirs = _field_values(s, merged)
    detail = keep.person if keep.kind == "person" else \
        keep.company if keep.kind == "company" else keep.jurisdiction
    for diff in _diffs(s, keep, merged):
        if choices.get(diff.field, diff.default) != "merged":
            continue
        if "." not in diff.field:
            setattr(keep, diff.field, theirs[diff.field])
            continue
        if detail is None:  # the kept record had no details: start from the merged one's
            prefix = diff.field.split(".")[0]
            detail = type(getattr(merged, keep.kind))(contact_id=keep.id, **{
                c: theirs[f"{prefix}.{c}"] for c in snap.table(DETAIL_PREFIX[keep.kind]).c.keys()
                if c != "contact_id"})
            s.add(detail)
        setattr(detail, diff.field.split(".", 1)[1], theirs[diff.field])
    s.flush()
    s.refresh(keep)
    last = keep.person.last_name if keep.person else None
    first = keep.person.first_name if keep.person else None
    keep.sort_name = contact_sort_name(keep.kind, display_name=keep.display_name,
                                       last_name=last, first_name=first)
    company = keep.company
    keep.search_text = contact_search_text(
        keep.display_name, emails=[c.value for c in keep.channels if c.kind == "email"],
        phones=[c.value for c in keep.channels if c.kind == "phone"],
        siren=company.siren if company else None, siret=company.siret if company else None,
        vat_number=company.vat_number if company else None, city=keep.city)


def _journal(s: Session, contact_id: int, subject: str, at, user_id, details) -> None:  # noqa: ANN001
    s.add(Interaction(contact_id=contact_id, kind="merge", occurred_at=at, subject=subject,
                      user_id=user_id, details=details))


def merge_contacts(db: Database, clock: Clock, keep_id: int, merge_id: int, *,
                   field_choices: dict[str, str] | None = None,
                   user_id: int | None = None) -> int:
    """Merge ``merge_id`` into ``keep_id`` in one transaction; returns the merge record's id.
    ``field_choices`` maps a field of :attr:`MergePreview.fields` to "keep" or "merged";
    fields left out take the preview's default (an empty field is filled from the other)."""
    choices = dict(field_choices or {})
    for name, choice in choices.items():
        if choice not in ("keep", "merged"):
            raise ValidationError(f"Choix inconnu pour « {name} » : « keep » ou « merged ».",
                                  field=name)
    now = clock.now()
    with db.write() as s:
        keep, merged = _check_pair(s, keep_id, merge_id)
        known = set(_field_values(s, keep))
        for name in choices:
            if name not in known:
                raise ValidationError(f"Champ inconnu : « {name} ».", field=name)
        moves = _count_moves(s, merge_id)
        before = {"kept": snap.contact_snapshot(s, keep_id), "merged": snap.contact_snapshot(s, merge_id)}
        changed, deleted = _repoint(s, keep_id, merge_id, now)
        s.expire_all()
        keep, merged = s.get(Contact, keep_id), s.get(Contact, merge_id)
        _apply_fields(s, keep, merged, choices)
        keep.updated_at = now
        merged.merged_into_id, merged.merged_at, merged.updated_at = keep_id, now, now
        record = MergeRecord(kept_id=keep_id, merged_id=merge_id, performed_by_id=user_id,
                             performed_at=now, snapshot={
                                 "version": 1, **before, "changed": changed, "deleted": deleted,
                                 "moves": moves, "choices": choices})
        s.add(record)
        s.flush()
        info = {"merge_record_id": record.id, "kept_id": keep_id, "merged_id": merge_id,
                "moves": moves}
        _journal(s, keep_id, f"Fusion avec « {merged.display_name} »", now, user_id, info)
        _journal(s, merge_id, f"Fusionnée dans « {keep.display_name} »", now, user_id, info)
        record_event(s, kind=EventKind.MERGED, entity_type="contact", entity_id=keep_id, at=now,
                     payload=info, user_id=user_id)
        reindex_contacts(s, [keep_id, merge_id])
        return record.id


# -- undo ----------------------------------------------------------------------------------
def undo_merge(db: Database, clock: Clock, merge_record_id: int,
               user_id: int | None = None) -> None:
    """Put both contacts back as they were and move every re-pointed row back."""
    now = clock.now()
    with db.write() as s:
        record = s.get(MergeRecord, merge_record_id)
        if record is None:
            raise ValidationError("Cette fusion n'existe pas.")
        if record.undone_at is not None:
            raise ValidationError("Cette fusion a déjà été annulée.")
        ids = (record.kept_id, record.merged_id)
        later = s.scalar(select(func.count(MergeRecord.id)).where(
            MergeRecord.id > record.id, MergeRecord.undone_at.is_(None),
            or_(MergeRecord.kept_id.in_(ids), MergeRecord.merged_id.in_(ids))))
        if later:
            raise ValidationError("Une fusion plus récente concerne ces fiches : "
                                  "annulez-la d'abord.")
        data = record.snapshot
        snap.restore_contact(s, data["merged"])
        snap.restore_contact(s, data["kept"])
        for name, pk, before in reversed(data["changed"]):
            tbl = snap.table(name)
            values = snap.from_json(tbl, before)
            still_here = [tbl.c[c] == record.kept_id for c, v in values.items()
                          if v == record.merged_id]
            s.execute(update(tbl).where(*snap.pk_filter(tbl, pk), *still_here).values(**values))
        for name, row in data["deleted"]:
            tbl = snap.table(name)
            s.execute(insert(tbl).values(**snap.from_json(tbl, row)))
        record.undone_at, record.undone_by_id = now, user_id
        kept_name = data["kept"]["contact"]["display_name"]
        merged_name = data["merged"]["contact"]["display_name"]
        info = {"merge_record_id": record.id, "undone": True}
        _journal(s, record.kept_id, f"Fusion avec « {merged_name} » annulée", now, user_id, info)
        _journal(s, record.merged_id, f"Fusion dans « {kept_name} » annulée", now, user_id, info)
        record_event(s, kind=EventKind.UPDATED, entity_type="contact", entity_id=record.kept_id,
                     at=now, payload=info, user_id=user_id)
        reindex_contacts(s, [record.kept_id, record.merged_id])
