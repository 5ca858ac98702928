"""themisia-admin contacts import/export/search/show and duplicates, run through main()."""

import csv
import io
import json
import sys
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from themisia_desktop.cli import main
from themisia_desktop.core.db import Database
from themisia_desktop.core.models import Contact, Invoice, Matter, TimeEntry, User

FRENCH_CSV = (
    "Type;Nom;Prénom;Raison sociale;Forme juridique;SIREN;E-mail;Téléphone;Adresse;Code postal;Ville;Statut;Réf\n"
    "Personne physique;Lefèvre;Hélène;;;;helene.lefevre@example.fr;06 12 34 56 78;3 rue de la Paix;69002;Lyon;Prospect;A-1\n"
    "Personne morale;;;Dupont SAS;SAS;552 100 554;contact@dupont.fr;04 72 00 00 01;12 quai Perrache;69002;Lyon;Contact;A-2\n"
    "Personne morale;;;Martin SARL;SARL;123456789;;;;;;;A-3\n"
    "\n"
    "Personne physique;Garçon;Noël;;;;noel@example.fr;;;;;;A-4\n"
)


def run(monkeypatch, capsys, *argv, stdin: str = ""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def base(monkeypatch, capsys, db_url):
    code, _, _ = run(monkeypatch, capsys, "--db", db_url, "init", "--firm", "Cabinet Noël",
                     "--admin-login", "gnoel", "--admin-first-name", "Gaëlle",
                     "--admin-last-name", "Noël", "--password-stdin", stdin="Secret-de-Gaelle\n")
    assert code == 0
    return db_url


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def contact_count(db_url: str) -> int:
    db = Database(db_url)
    try:
        with db.read() as s:
            return s.scalar(select(func.count()).select_from(Contact))
    finally:
        db.dispose()


def test_import_keeps_good_rows_and_reports_the_bad_siren_line(monkeypatch, capsys, base, tmp_path):
    path = write(tmp_path, "clients.csv", FRENCH_CSV)
    code, out, err = run(monkeypatch, capsys, "--db", base, "contacts", "import", path,
                         "--source-id", "Réf")
    assert code == 1
    assert "3 importés, 1 rejetés" in out
    assert "Ligne 4 rejetée" in err and "SIREN" in err
    db = Database(base)
    with db.read() as s:
        rows = {c.external_ref: c for c in s.scalars(select(Contact))}
    db.dispose()
    assert set(rows) == {"A-1", "A-2", "A-4"}               # Martin SARL never half-imported
    assert rows["A-1"].display_name == "Hélène Lefèvre" and rows["A-1"].status == "prospect"
    assert rows["A-1"].primary_phone == "+33612345678" and rows["A-1"].city == "Lyon"
    assert rows["A-2"].kind == "company"

    # Re-export, then compare with what went in.
    exported = tmp_path / "export.csv"
    code, out, _ = run(monkeypatch, capsys, "--db", base, "contacts", "export", str(exported))
    assert code == 0 and "3 contacts exportés" in out
    raw = exported.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                  # BOM: Excel reads UTF-8
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    by_ref = {r["Référence externe"]: r for r in table}
    assert set(by_ref) == {"A-1", "A-2", "A-4"}
    h, d = by_ref["A-1"], by_ref["A-2"]
    assert (h["Type"], h["Nom"], h["Prénom"], h["Statut"]) == ("Personne physique", "Lefèvre", "Hélène", "Prospect")
    assert (h["E-mail"], h["Téléphone"], h["Adresse"], h["Code postal"], h["Ville"]) == (
        "helene.lefevre@example.fr", "06 12 34 56 78", "3 rue de la Paix", "69002", "Lyon")
    assert (d["Raison sociale"], d["Forme juridique"], d["SIREN"], d["Type"]) == (
        "Dupont SAS", "SAS", "552100554", "Personne morale")

    # The export reads back into an empty base as the same contacts.
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}" if base.startswith("sqlite") else None
    if other:
        code, out, _ = run(monkeypatch, capsys, "--db", other, "contacts", "import", str(exported))
        assert code == 0 and "3 importés, 0 rejetés" in out
        again = tmp_path / "again.csv"
        run(monkeypatch, capsys, "--db", other, "contacts", "export", str(again))
        strip_id = lambda text: [line.split(";", 1)[1] for line in text.splitlines()]  # noqa: E731
        assert strip_id(again.read_text("utf-8-sig")) == strip_id(exported.read_text("utf-8-sig"))


def test_import_reads_english_headers_commas_cp1252_and_a_mapping(monkeypatch, capsys, base, tmp_path):
    text = ("Last name,First name,Company,E-mail,Zip,City,Address,Legacy\r\n"
            "Noël,François,,francois@example.fr,75001,Paris,1 rue de Rivoli,X9\r\n"
            ",,Société Générale Études,,,,,X10\r\n")
    path = write(tmp_path, "legacy.csv", text, encoding="cp1252")
    code, out, err = run(monkeypatch, capsys, "--db", base, "contacts", "import", path,
                         "--map", "Legacy=external_ref")
    assert code == 0 and "2 importés, 0 rejetés" in out, err
    code, out, _ = run(monkeypatch, capsys, "--db", base, "contacts", "search", "etudes", "--json")
    [row] = json.loads(out)
    assert row["display_name"] == "Société Générale Études"
    code, _, err = run(monkeypatch, capsys, "--db", base, "contacts", "import", path,
                       "--map", "Legacy=numero_secu")
    assert code == 1 and "Champ inconnu" in err


def test_all_or_nothing_imports_nothing_when_a_line_is_bad(monkeypatch, capsys, base, tmp_path):
    path = write(tmp_path, "clients.csv", "\ufeff" + FRENCH_CSV)
    code, out, err = run(monkeypatch, capsys, "--db", base, "contacts", "import", path,
                         "--all-or-nothing")
    assert code == 1 and "0 importés, 1 rejetés" in out and "Ligne 4" in err
    assert contact_count(base) == 0
    good = "".join(line + "\n" for line in FRENCH_CSV.splitlines() if "Martin" not in line)
    code, out, _ = run(monkeypatch, capsys, "--db", base, "contacts", "import",
                       write(tmp_path, "good.csv", good), "--all-or-nothing")
    assert code == 0 and "3 importés, 0 rejetés" in out
    assert contact_count(base) == 3


def test_search_ignores_accents_and_show_gives_the_banner(monkeypatch, capsys, base, tmp_path):
    run(monkeypatch, capsys, "--db", base, "contacts", "import", write(tmp_path, "c.csv", FRENCH_CSV),
        "--source-id", "Réf")
    code, out, _ = run(monkeypatch, capsys, "--db", base, "contacts", "search", "helene", "--json")
    assert code == 0
    [hit] = json.loads(out)
    assert hit["display_name"] == "Hélène Lefèvre" and hit["status"] == "Prospect"
    code, out, _ = run(monkeypatch, capsys, "--db", base, "contacts", "search", "helene")
    assert "Hélène Lefèvre" in out

    db = Database(base)
    with db.write() as s:
        client = s.scalar(select(Contact.id).where(Contact.external_ref == "A-2"))
        user = s.scalar(select(User.id))
        m = Matter(reference="2026-0001", title="Bail", client_id=client, responsible_id=user,
                   opened_on=date(2026, 1, 2))
        s.add(m)
        s.flush()
        s.add(TimeEntry(matter_id=m.id, user_id=user, work_date=date(2026, 1, 5), minutes=90,
                        description="Consultation", hourly_rate=Decimal("250.00"),
                        amount=Decimal("375.00"), rate_source="user_standard"))
        s.add(Invoice(matter_id=m.id, client_id=client, status="sent", due_on=date(2025, 1, 1),
                      total_incl_tax=Decimal("12345.67")))
    db.dispose()
    code, out, _ = run(monkeypatch, capsys, "--db", base, "contacts", "show", str(client), "--json")
    card = json.loads(out)
    assert code == 0 and card["display_name"] == "Dupont SAS"
    assert card["details"]["siren"] == "552100554"
    assert card["kyc"]["status"] == "to_check"
    assert card["banner"] == {"encours": "375.00", "solde_du": "12345.67",
                              "creances_douteuses": "12345.67", "active_matters": 1,
                              "archived_matters": 0}
    code, out, _ = run(monkeypatch, capsys, "--db", base, "contacts", "show", str(client))
    assert "Solde dû : 12\u202f345,67 €" in out
    code, _, err = run(monkeypatch, capsys, "--db", base, "contacts", "show", "999999")
    assert code == 1 and "n'existe pas" in err


def test_duplicates_lists_a_planted_pair(monkeypatch, capsys, base, tmp_path):
    text = FRENCH_CSV + "Personne morale;;;DUPONT S.A.S.;;552100554;;;;;;;B-7\n"
    run(monkeypatch, capsys, "--db", base, "contacts", "import", write(tmp_path, "c.csv", text),
        "--source-id", "Réf")
    code, out, _ = run(monkeypatch, capsys, "--db", base, "duplicates", "--json")
    assert code == 0
    groups = json.loads(out)
    planted = [g for g in groups if sorted(r for r in g["external_refs"]) == ["A-2", "B-7"]]
    assert len(planted) == 1
    group = planted[0]
    assert group["score"] >= 90 and len(group["contact_ids"]) == 2
    assert any("SIREN" in reason for reason in group["pairs"][0]["reasons"])
    code, out, _ = run(monkeypatch, capsys, "--db", base, "duplicates")
    assert "réf. B-7" in out


def test_contacts_help_is_french(monkeypatch, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["contacts", "import", "--help"])
    assert exc.value.code == 0
    assert "séparateur" in capsys.readouterr().out

