"""The document store: files copied under the firm's folder, rows, events, journal lines."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.unit.contact_factory import make_person
from tests.unit.matter_factory import make_client_matter
from themisia_desktop.core.documents import store
from themisia_desktop.core.documents.store import (add_document_in, attach_file, document_path, list_documents,
                                                   remove_document, resolve_store_root,
                                                   safe_file_name, size_text)
from themisia_desktop.core.errors import NotFoundError, ValidationError
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.models import Document, Event, Interaction


@pytest.fixture
def matter(firm_ctx):
    with firm_ctx.db.write() as s:
        return make_client_matter(s)  # (client id, matter id)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "store"


def source(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def count(ctx, model) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_attach_copies_the_bytes_and_records_hash_event_and_journal_line(firm_ctx, matter, root,
                                                                        tmp_path):
    ctx = firm_ctx
    client_id, matter_id = matter
    data = "Assignation devant le tribunal de commerce — pièce n° 1\n".encode() * 500
    src = source(tmp_path, "Assignation.pdf", data)

    doc_id = attach_file(ctx.db, ctx.clock, root, src, matter_id=matter_id, title="Assignation",
                         user_id=ctx.current_user.id)

    path = document_path(ctx.db, root, doc_id)
    assert path == root / "matters" / "2026-0001" / "Assignation.pdf"
    assert path.read_bytes() == data and src.exists()
    [info] = list_documents(ctx.db, matter_id=matter_id)
    assert (info.id, info.title, info.file_name, info.size_bytes, info.mime_type) == (
        doc_id, "Assignation", "Assignation.pdf", len(data), "application/pdf")
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.stored_path == "matters/2026-0001/Assignation.pdf"
    assert info.created_by == "Hélène Lefèvre" and info.template_name is None
    with ctx.db.read() as s:
        event = s.scalars(select(Event).where(Event.entity_type == "document")).one()
        line = s.scalars(select(Interaction).where(Interaction.kind == "document")).one()
    assert (event.kind, event.entity_id, event.payload["matter_id"]) == ("created", doc_id, matter_id)
    assert (line.contact_id, line.matter_id) == (client_id, matter_id)
    assert line.subject == "Document ajouté au dossier 2026-0001 : Assignation"


def test_a_second_file_with_the_same_name_gets_its_own_name(firm_ctx, matter, root, tmp_path):
    ctx = firm_ctx
    _client, matter_id = matter
    first = attach_file(ctx.db, ctx.clock, root, source(tmp_path, "contrat.docx", b"version 1"),
                        matter_id=matter_id)
    second = attach_file(ctx.db, ctx.clock, root, source(tmp_path, "contrat.docx", b"version 2"),
                         matter_id=matter_id)
    assert document_path(ctx.db, root, first).read_bytes() == b"version 1"
    assert document_path(ctx.db, root, second).name == "contrat (2).docx"
    assert document_path(ctx.db, root, second).read_bytes() == b"version 2"
    assert {d.title for d in list_documents(ctx.db, matter_id=matter_id)} == {"contrat"}


@pytest.mark.parametrize("kind, message", [
    ("missing", "introuvable"), ("folder", "est un dossier"), ("empty", "est vide")])
def test_bad_sources_are_refused_and_nothing_is_written(firm_ctx, matter, root, tmp_path, kind,
                                                        message):
    ctx = firm_ctx
    src = {"missing": tmp_path / "absent.pdf", "folder": tmp_path,
           "empty": source(tmp_path, "vide.txt", b"")}[kind]
    with pytest.raises(ValidationError) as err:
        attach_file(ctx.db, ctx.clock, root, src, matter_id=matter[1])
    assert message in err.value.message and err.value.field == "source"
    assert count(ctx, Document) == 0 and count(ctx, Interaction) == 0
    assert files_under(root) == []


def test_a_failed_transaction_removes_the_copied_file(firm_ctx, matter, root, tmp_path,
                                                      monkeypatch):
    ctx = firm_ctx

    def broken(*_args, **_kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(store, "record_event", broken)
    with pytest.raises(RuntimeError):
        attach_file(ctx.db, ctx.clock, root, source(tmp_path, "note.txt", b"x"),
                    matter_id=matter[1])
    assert files_under(root) == [] and count(ctx, Document) == 0


def test_a_file_added_inside_a_transaction_that_rolls_back_is_removed(firm_ctx, matter, root):
    ctx = firm_ctx
    with pytest.raises(ValidationError), ctx.db.write() as s:
        add_document_in(s, ctx.clock, root, write=lambda out: out.write(b"brouillon"),
                        file_name="brouillon.txt", matter_id=matter[1])
        assert len(files_under(root)) == 1  # written, not yet committed
        raise ValidationError("Une autre règle métier refuse l'opération.")
    assert files_under(root) == [] and count(ctx, Document) == 0
    with ctx.db.write() as s:
        doc_id = add_document_in(s, ctx.clock, root, write=lambda out: out.write(b"final"),
                                 file_name="final.txt", matter_id=matter[1])
    assert document_path(ctx.db, root, doc_id).read_bytes() == b"final"


def test_a_document_belongs_to_a_matter_or_a_contact(firm_ctx, matter, root, tmp_path):
    ctx = firm_ctx
    src = source(tmp_path, "piece.txt", b"piece")
    with pytest.raises(ValidationError):
        attach_file(ctx.db, ctx.clock, root, src)
    with pytest.raises(ValidationError):
        attach_file(ctx.db, ctx.clock, root, src, matter_id=matter[1], contact_id=matter[0])
    with pytest.raises(NotFoundError):
        attach_file(ctx.db, ctx.clock, root, src, matter_id=9999)
    assert files_under(root) == []
    with ctx.db.write() as s:
        person = make_person(s, "Anne", "Roux")
    doc_id = attach_file(ctx.db, ctx.clock, root, src, contact_id=person, title="Pièce d'identité")
    assert document_path(ctx.db, root, doc_id) == root / "contacts" / str(person) / "piece.txt"
    assert [d.title for d in list_documents(ctx.db, contact_id=person)] == ["Pièce d'identité"]
    assert list_documents(ctx.db, matter_id=matter[1]) == []


def test_remove_deletes_the_row_and_the_file(firm_ctx, matter, root, tmp_path):
    ctx = firm_ctx
    doc_id = attach_file(ctx.db, ctx.clock, root, source(tmp_path, "a.txt", b"abc"),
                         matter_id=matter[1])
    path = document_path(ctx.db, root, doc_id)
    remove_document(ctx.db, ctx.clock, root, doc_id, user_id=ctx.current_user.id)
    assert not path.exists() and list_documents(ctx.db, matter_id=matter[1]) == []
    with ctx.db.read() as s:
        subjects = [i.subject for i in s.scalars(select(Interaction).order_by(Interaction.id))]
    assert subjects[-1] == "Document supprimé : a"
    with pytest.raises(NotFoundError):
        remove_document(ctx.db, ctx.clock, root, doc_id)


def test_a_stored_path_leaving_the_store_is_refused(firm_ctx, matter, root, tmp_path):
    ctx = firm_ctx
    doc_id = attach_file(ctx.db, ctx.clock, root, source(tmp_path, "a.txt", b"abc"),
                         matter_id=matter[1])
    with ctx.db.write() as s:
        s.get(Document, doc_id).stored_path = "../../secret.txt"
    with pytest.raises(ValidationError):
        document_path(ctx.db, root, doc_id)


@pytest.mark.parametrize("given, expected", [
    ("../../etc/passwd", "passwd"), ("..\\..\\Windows\\win.ini", "win.ini"),
    ("CON.txt", "_CON.txt"), ('rapport: "final"?.pdf', "rapport_ _final__.pdf"),
    ("...", "document"), ("  note .txt", "note.txt"), ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
])
def test_safe_file_names(given, expected):
    assert safe_file_name(given) == expected


def test_store_root_comes_from_the_setting(firm_ctx, tmp_path):
    ctx = firm_ctx
    assert resolve_store_root(ctx.db, ctx.dirs.data) == ctx.dirs.data / "documents"
    set_setting(ctx.db, "document_store", str(tmp_path / "partage"))
    assert resolve_store_root(ctx.db, ctx.dirs.data) == tmp_path / "partage"


def test_sizes_read_the_french_way():
    assert [size_text(n) for n in (1, 900, 1536, 5 * 1024 * 1024)] == [
        "1 octet", "900 octets", "1,5 Ko", "5,0 Mo"]
