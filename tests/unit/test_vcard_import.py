"""vCard import (.vcf) as exported by Outlook, Apple Contacts and Google Contacts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from themisia_desktop.cli import main
from themisia_desktop.core.contacts.io_vcard import import_vcards, parse_vcards
from themisia_desktop.core.contacts.service import get_contact
from themisia_desktop.core.models import Contact

# Apple Contacts (3.0): folded NOTE, grouped items, a company card (X-ABShowAs), escapes.
APPLE = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//macOS 14.2//EN\r\n"
    "N:Lefèvre;Hélène;;Mme;\r\n"
    "FN:Hélène Lefèvre\r\n"
    "ORG:Boulangerie Dupont;\r\n"
    "TITLE:Gérante\r\n"
    "item1.EMAIL;type=INTERNET;type=HOME;type=pref:helene.lefevre@orange.fr\r\n"
    "item2.EMAIL;type=INTERNET;type=WORK:h.lefevre@dupont.fr\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:06 12 34 56 78\r\n"
    "item3.ADR;type=HOME;type=pref:;;12\\, rue Servient;Lyon;;69003;France\r\n"
    "BDAY:1975-07-14\r\n"
    "NOTE:Rencontrée au salon des entrepreneurs\\, suivi par Me Noël\\n\r\n"
    " Préfère être appelée le matin.\r\n"
    "UID:8F2C1D4E-7A5B-4C3D-9E8F-0A1B2C3D4E5F\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:;;;;\r\n"
    "FN:Dupont SAS\r\n"
    "ORG:Dupont SAS;\r\n"
    "X-ABShowAs:COMPANY\r\n"
    "TEL;type=WORK;type=VOICE:+33 4 72 00 00 01\r\n"
    "END:VCARD\r\n"
)

# Outlook (2.1): quoted-printable with a soft line break and CHARSET, bare TYPE parameters.
OUTLOOK = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gar=C3=A7on;No=C3=ABl\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:No=C3=ABl Gar=C3=A7on\r\n"
    "TEL;WORK;VOICE:01 42 60 20 20\r\n"
    "ADR;WORK;PREF;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;3 place de la Com=C3=A9die;Mo=\r\n"
    "ntpellier;;34000;France\r\n"
    "EMAIL;PREF;INTERNET:noel.garcon@example.fr\r\n"
    "END:VCARD\r\n"
)

# Google Contacts (4.0 style): KIND, VALUE=uri phones, urn:uuid UID, BDAY without dashes;
# the second card has an invalid e-mail and the third names no one.
GOOGLE = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "KIND:individual\n"
    "N:Martin;Claire;;Dr;\n"
    "FN:Claire Martin\n"
    "TEL;VALUE=uri;TYPE=\"cell,voice\";PREF=1:tel:+33-6-98-76-54-32\n"
    "EMAIL;TYPE=work:claire.martin@clinique.fr\n"
    "BDAY:19800229\n"
    "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "FN:Paul Bernard\n"
    "N:Bernard;Paul;;;\n"
    "EMAIL:paul.bernard@@exemple\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "NOTE:Fiche vide\n"
    "END:VCARD\n"
)


def _write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def _count(ctx) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count(Contact.id)))


def test_folded_lines_and_quoted_printable_are_read():
    cards = parse_vcards(APPLE + OUTLOOK)
    assert [c.position for c in cards] == [1, 2, 3]
    assert cards[0].first("NOTE").startswith("Rencontrée au salon")
    assert "Préfère être appelée" in cards[0].first("NOTE")
    assert cards[2].first("N") == "Garçon;Noël"
    assert cards[2].first("ADR") == ";;3 place de la Comédie;Montpellier;;34000;France"
    assert cards[2].all("TEL")[0].types == {"WORK", "VOICE"}


def test_apple_export_gives_a_person_and_a_company(firm_ctx, tmp_path):
    ctx = firm_ctx
    report = import_vcards(ctx.db, ctx.clock, _write(tmp_path, "apple.vcf", APPLE))
    assert report.rejected == [] and [p for p, _ in report.imported] == [1, 2]
    helene = get_contact(ctx.db, report.imported[0][1])
    assert helene.kind == "person" and helene.display_name == "Hélène Lefèvre"
    assert helene.person.civility == "Mme" and helene.person.birth_date == date(1975, 7, 14)
    assert helene.person.profession == "Gérante"
    assert helene.primary_email == "helene.lefevre@orange.fr"
    assert set(helene.emails) == {"helene.lefevre@orange.fr", "h.lefevre@dupont.fr"}
    assert helene.primary_phone == "+33612345678"
    assert [(a.line1, a.postal_code, a.city, a.country) for a in helene.addresses] == [
        ("12, rue Servient", "69003", "Lyon", "FR")]
    assert helene.notes.startswith("Société : Boulangerie Dupont\nRencontrée au salon des "
                                   "entrepreneurs, suivi par Me Noël\nPréfère")
    assert helene.external_ref == "8F2C1D4E-7A5B-4C3D-9E8F-0A1B2C3D4E5F"
    company = get_contact(ctx.db, report.imported[1][1])
    assert (company.kind, company.display_name, company.primary_phone) == (
        "company", "Dupont SAS", "+33472000001")


def test_outlook_quoted_printable_card(firm_ctx, tmp_path):
    ctx = firm_ctx
    report = import_vcards(ctx.db, ctx.clock, _write(tmp_path, "outlook.vcf", OUTLOOK))
    noel = get_contact(ctx.db, report.imported[0][1])
    assert noel.display_name == "Noël Garçon"
    assert [(a.line1, a.city) for a in noel.addresses] == [("3 place de la Comédie", "Montpellier")]
    assert noel.primary_email == "noel.garcon@example.fr"


def test_bad_cards_are_rejected_with_position_and_reason_never_half_imported(firm_ctx, tmp_path):
    ctx = firm_ctx
    report = import_vcards(ctx.db, ctx.clock, _write(tmp_path, "google.vcf", GOOGLE))
    assert [p for p, _ in report.imported] == [1]
    claire = get_contact(ctx.db, report.imported[0][1])
    assert claire.person.civility == "Dr" and claire.person.birth_date == date(1980, 2, 29)
    assert claire.primary_phone == "+33698765432"
    assert claire.external_ref == "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert [(r.position, r.line, r.name) for r in report.rejected] == [
        (2, 11, "Paul Bernard"), (3, 17, "")]
    assert report.rejected[0].field.startswith("emails") and "e-mail" in report.rejected[0].message.lower()
    assert "ni nom ni société" in report.rejected[1].message
    assert _count(ctx) == 1, "Paul Bernard was not created without his e-mail"


def test_a_card_imported_twice_is_refused_the_second_time(firm_ctx, tmp_path):
    ctx = firm_ctx
    path = _write(tmp_path, "apple.vcf", APPLE)
    import_vcards(ctx.db, ctx.clock, path)
    again = import_vcards(ctx.db, ctx.clock, path)
    assert [r.position for r in again.rejected] == [1]
    assert "Déjà importée" in again.rejected[0].message
    assert [p for p, _ in again.imported] == [2]  # the company card has no UID


def test_all_or_nothing_imports_nothing_when_a_card_is_bad(firm_ctx, tmp_path):
    ctx = firm_ctx
    report = import_vcards(ctx.db, ctx.clock, _write(tmp_path, "google.vcf", GOOGLE),
                           all_or_nothing=True)
    assert not report.committed and report.imported == [] and len(report.rejected) == 2
    assert _count(ctx) == 0


def test_cli_picks_the_vcard_reader_by_extension(monkeypatch, capsys, db_url, tmp_path):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("Secret-de-Gaelle\n"))
    assert main(["--db", db_url, "init", "--firm", "Cabinet Noël", "--admin-login", "gnoel",
                 "--admin-first-name", "Gaëlle", "--admin-last-name", "Noël",
                 "--password-stdin"]) == 0
    capsys.readouterr()
    code = main(["--db", db_url, "contacts", "import", _write(tmp_path, "carnet.VCF", GOOGLE)])
    out = capsys.readouterr()
    assert code == 1
    assert "1 importés, 2 rejetés." in out.out
    assert "Fiche n° 2 « Paul Bernard » (ligne 11) rejetée :" in out.err
