"""The firm's document store: files of a matter (``matters/<référence>/``) or of a contact
(``contacts/<id>/``) under one root folder, and their ``document`` rows.

The row keeps the path *relative* to the root, so workstations that mount the shared folder in
different places find the same file. A file is written under a name of its own (never over an
existing one: « contrat (2).pdf ») before its row is flushed; if the transaction does not
commit, the file is removed again, so the store holds no file the base does not know.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.clock import PARIS, Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.firm.settings import DEFAULTS
from themisia_desktop.core.models import Contact, Document, FirmSetting, Interaction, Matter, User
from themisia_desktop.core.models.enums import InteractionKind

log = logging.getLogger(__name__)

ENTITY = "document"
_CHUNK = 1024 * 1024
_MAX_NAME = 120  # characters of a stored file name, extension included
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
_PENDING_FILES = "themisia_documents_pending"


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    matter_id: int | None
    contact_id: int | None
    title: str
    file_name: str
    stored_path: str
    mime_type: str | None
    size_bytes: int | None
    sha256: str | None
    template_name: str | None
    created_at: datetime
    created_by: str | None

    @property
    def size_text(self) -> str:
        return size_text(self.size_bytes)

    @property
    def created_text(self) -> str:
        return self.created_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def size_text(size: int | None) -> str:
    """1536 → « 1,5 Ko » (French units and decimal comma)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} octet{'s' if size > 1 else ''}"
    value, unit = size / 1024, "Ko"
    if value >= 1024:
        value, unit = value / 1024, "Mo"
    if value >= 1024:
        value, unit = value / 1024, "Go"
    return f"{value:.1f} {unit}".replace(".", ",")


# -- names and folders -------------------------------------------------------------------------
def safe_file_name(name: str, *, default: str = "document") -> str:
    """A file name that is safe on Windows, macOS and Linux: no folder part, no ``..``, no
    forbidden or control character, no reserved device name, at most ``_MAX_NAME`` characters."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    base = _FORBIDDEN.sub("_", base).strip().strip(".").strip()
    if not base:
        base = default
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem:
        stem, ext = base, ""
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    ext = ext[:16]
    room = _MAX_NAME - (len(ext) + 1 if ext else 0)
    stem = stem[:room].rstrip(" .") or default
    return f"{stem}.{ext}" if ext else stem


def resolve_store_root(db: Database, data_dir: Path) -> Path:
    """The firm's document store: the ``document_store`` setting, or ``<data>/documents``."""
    with db.read() as s:
        return store_root_in(s, data_dir)


def store_root_in(session: Session, data_dir: Path) -> Path:
    row = session.get(FirmSetting, "document_store")
    value = (row.value if row is not None else DEFAULTS["document_store"]) or ""
    return Path(str(value)).expanduser() if str(value).strip() else Path(data_dir) / "documents"


def _owner_folder(session: Session, matter_id: int | None, contact_id: int | None
                  ) -> tuple[PurePosixPath, Matter | None, Contact | None]:
    if (matter_id is None) == (contact_id is None):
        raise ValidationError("Un document appartient soit à un dossier, soit à un contact.",
                              field="owner")
    if matter_id is not None:
        matter = session.get(Matter, matter_id)
        if matter is None:
            raise NotFoundError(f"Le dossier n° {matter_id} n'existe pas.")
        return PurePosixPath("matters", safe_file_name(matter.reference, default=str(matter.id))), \
            matter, None
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"Le contact n° {contact_id} n'existe pas.")
    return PurePosixPath("contacts", str(contact.id)), None, contact


def _open_new(folder: Path, name: str) -> tuple[Path, BinaryIO]:
    """Create ``folder/name`` exclusively, or « name (2) », « name (3) »… when it exists."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    for n in range(1, 10_000):
        candidate = name if n == 1 else (f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})")
        target = folder / candidate
        try:
            return target, open(target, "xb")  # noqa: SIM115 — closed by the caller
        except FileExistsError:
            continue
    raise ValidationError(f"Trop de fichiers nommés « {name} » dans ce dossier.", field="source")


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


# -- removing files whose transaction did not commit ----------------------------------------------
def _forget_on_commit(session: Session) -> None:
    session.info.pop(_PENDING_FILES, None)


def _remove_on_rollback(session: Session, transaction) -> None:  # noqa: ANN001
    if transaction.parent is not None:
        return
    for path in session.info.pop(_PENDING_FILES, []):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s after a failed transaction", path, exc_info=True)


def _track(session: Session, path: Path) -> None:
    pending = session.info.setdefault(_PENDING_FILES, [])
    if not event.contains(session, "after_commit", _forget_on_commit):
        event.listen(session, "after_commit", _forget_on_commit)
        event.listen(session, "after_transaction_end", _remove_on_rollback)
    pending.append(path)


# -- writing ------------------------------------------------------------------------------------
def check_source(source: Path) -> Path:
    """Refuse, in French, what cannot be attached: nothing is written."""
    path = Path(source)
    if not path.exists():
        raise ValidationError(f"Le fichier « {path.name} » est introuvable.", field="source")
    if path.is_dir():
        raise ValidationError(f"« {path.name} » est un dossier, pas un fichier.", field="source")
    if not path.is_file():
        raise ValidationError(f"« {path.name} » n'est pas un fichier ordinaire.", field="source")
    if path.stat().st_size == 0:
        raise ValidationError(f"Le fichier « {path.name} » est vide.", field="source")
    return path


def _default_title(file_name: str) -> str:
    """« Courrier adverse.pdf » → « Courrier adverse » (the name the user gave, not the stored one)."""
    name = safe_file_name(file_name)
    return name.rpartition(".")[0] or name


@dataclass(frozen=True)
class _Written:
    folder: PurePosixPath  # relative to the store root
    path: Path
    size: int
    sha256: str


def _write_new(store_root: Path, folder: PurePosixPath, file_name: str,
               write: Callable[[BinaryIO], None]) -> _Written:
    """Write a new file in ``folder`` under a name of its own; removed again on any error."""
    name = safe_file_name(file_name)
    target, out = _open_new(Path(store_root).joinpath(*folder.parts), name)
    digest = hashlib.sha256()
    size = 0

    class _Hashing:
        def write(self, data: bytes) -> int:
            nonlocal size
            digest.update(data)
            size += len(data)
            return out.write(data)

    try:
        with out:
            write(_Hashing())  # type: ignore[arg-type]
        if size == 0:
            raise ValidationError(f"Le fichier « {name} » est vide.", field="source")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return _Written(folder, target, size, digest.hexdigest())


def _record_in(session: Session, clock: Clock, written: _Written, *, title: str | None,
               matter_id: int | None, contact_id: int | None, template_name: str | None,
               user_id: int | None) -> int:
    """The row, the event and the journal line of a file already written in the store."""
    _folder, matter, contact = _owner_folder(session, matter_id, contact_id)
    name = written.path.name
    title = " ".join((title or "").split())[:300] or name.rpartition(".")[0] or name
    now = clock.now()
    doc = Document(matter_id=matter_id, contact_id=contact_id, title=title, file_name=name,
                   stored_path=str(written.folder / name), mime_type=mimetypes.guess_type(name)[0],
                   size_bytes=written.size, sha256=written.sha256, template_name=template_name,
                   created_by_id=user_id, created_at=now)
    session.add(doc)
    session.flush()
    client_id = matter.client_id if matter is not None else contact.id  # type: ignore[union-attr]
    record_event(session, kind=EventKind.CREATED, entity_type=ENTITY, entity_id=doc.id, at=now,
                 user_id=user_id, payload={
                     "matter_id": matter_id, "contact_id": contact_id, "client_id": client_id,
                     "title": title, "file_name": name, "template_name": template_name})
    verb = "généré" if template_name else "ajouté"
    where = f" au dossier {matter.reference}" if matter is not None else ""
    session.add(Interaction(
        contact_id=client_id, matter_id=matter_id, kind=InteractionKind.DOCUMENT.value,
        occurred_at=now, subject=f"Document {verb}{where} : {title}"[:300], user_id=user_id,
        details={"document_id": doc.id, "file_name": name, "template_name": template_name}))
    return doc.id


def add_document_in(session: Session, clock: Clock, store_root: Path, *,
                    write: Callable[[BinaryIO], None], file_name: str, title: str | None = None,
                    matter_id: int | None = None, contact_id: int | None = None,
                    template_name: str | None = None, user_id: int | None = None) -> int:
    """Inside the caller's transaction: write a file into the store with ``write(out)`` and
    add its row, event and journal line. The file is removed if that transaction does not
    commit. Returns the document id."""
    folder = _owner_folder(session, matter_id, contact_id)[0]
    title = title or _default_title(file_name)
    written = _write_new(store_root, folder, file_name, write)
    _track(session, written.path)
    return _record_in(session, clock, written, title=title, matter_id=matter_id,
                      contact_id=contact_id, template_name=template_name, user_id=user_id)


def store_document(db: Database, clock: Clock, store_root: Path, *,
                   write: Callable[[BinaryIO], None], file_name: str, title: str | None = None,
                   matter_id: int | None = None, contact_id: int | None = None,
                   template_name: str | None = None, user_id: int | None = None) -> int:
    """Write the file first (no database lock is held while a large file is copied), then its
    row, event and journal line in one transaction; the file is removed if that fails."""
    with db.read() as s:
        folder = _owner_folder(s, matter_id, contact_id)[0]
    title = title or _default_title(file_name)
    written = _write_new(store_root, folder, file_name, write)
    try:
        with db.write() as s:
            return _record_in(s, clock, written, title=title, matter_id=matter_id,
                              contact_id=contact_id, template_name=template_name, user_id=user_id)
    except BaseException:
        written.path.unlink(missing_ok=True)
        raise


def attach_file(db: Database, clock: Clock, store_root: Path, source: Path, *,
                matter_id: int | None = None, contact_id: int | None = None,
                title: str | None = None, user_id: int | None = None) -> int:
    """Copy ``source`` into the store for a matter or a contact; returns the document id."""
    path = check_source(source)

    def copy(out: BinaryIO) -> None:
        try:
            with open(path, "rb") as src:
                while chunk := src.read(_CHUNK):
                    out.write(chunk)
        except OSError as exc:
            raise ValidationError(f"Impossible de lire « {path.name} » : {exc.strerror or exc}.",
                                  field="source") from exc

    return store_document(db, clock, store_root, write=copy, file_name=path.name, title=title,
                          matter_id=matter_id, contact_id=contact_id, user_id=user_id)


# -- reading and removing -------------------------------------------------------------------------
def _path_of(store_root: Path, stored_path: str) -> Path:
    relative = PurePosixPath(stored_path.replace("\\", "/"))
    path = Path(store_root).joinpath(*relative.parts)
    if relative.is_absolute() or ".." in relative.parts or not _inside(Path(store_root), path):
        raise ValidationError("Le chemin enregistré de ce document sort du dossier des documents.",
                              field="document")
    return path


def document_path(db: Database, store_root: Path, document_id: int) -> Path:
    """Where the file of a document is on this workstation (it must exist)."""
    with db.read() as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError("Ce document n'existe pas (ou plus).")
        path = _path_of(store_root, doc.stored_path)
        name = doc.file_name
    if not path.is_file():
        raise NotFoundError(f"Le fichier « {name} » est introuvable dans le dossier des "
                            f"documents ({store_root}).")
    return path


def list_documents(db: Database, *, matter_id: int | None = None,
                   contact_id: int | None = None) -> list[DocumentInfo]:
    """The documents of a matter, or those attached to a contact, newest first."""
    if (matter_id is None) == (contact_id is None):
        raise ValidationError("Précisez un dossier ou un contact.", field="owner")
    q = select(Document, User).outerjoin(User, User.id == Document.created_by_id)
    q = q.where(Document.matter_id == matter_id) if matter_id is not None \
        else q.where(Document.contact_id == contact_id)
    with db.read() as s:
        rows = s.execute(q.order_by(Document.created_at.desc(), Document.id.desc())).all()
        return [DocumentInfo(
            id=d.id, matter_id=d.matter_id, contact_id=d.contact_id, title=d.title,
            file_name=d.file_name, stored_path=d.stored_path, mime_type=d.mime_type,
            size_bytes=d.size_bytes, sha256=d.sha256, template_name=d.template_name,
            created_at=d.created_at, created_by=u.full_name if u is not None else None)
            for d, u in rows]


def remove_document(db: Database, clock: Clock, store_root: Path, document_id: int, *,
                    user_id: int | None = None) -> None:
    """Delete a document's row (with an event and a journal line), then its file."""
    with db.write() as s:
        doc = s.get(Document, document_id)
        if doc is None:
            raise NotFoundError("Ce document n'existe pas (ou plus).")
        path = _path_of(store_root, doc.stored_path)
        now = clock.now()
        matter = s.get(Matter, doc.matter_id) if doc.matter_id is not None else None
        client_id = matter.client_id if matter is not None else doc.contact_id
        owner = ("matter", doc.matter_id) if doc.matter_id is not None else ("contact", doc.contact_id)
        record_event(s, kind=EventKind.UPDATED, entity_type=owner[0], entity_id=owner[1], at=now,
                     user_id=user_id, payload={"document": {
                         "action": "removed", "id": doc.id, "title": doc.title,
                         "file_name": doc.file_name}})
        if client_id is not None:
            s.add(Interaction(contact_id=client_id, matter_id=doc.matter_id,
                              kind=InteractionKind.DOCUMENT.value, occurred_at=now,
                              subject=f"Document supprimé : {doc.title}"[:300], user_id=user_id,
                              details={"document_id": doc.id, "file_name": doc.file_name}))
        s.delete(doc)
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("document %s removed from the base, file %s left in place", document_id, path,
                    exc_info=True)
