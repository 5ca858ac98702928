"""themisia-admin as the IT person uses it (run in-process through its main())."""

import io
import json
import sys

import pytest

from themisia_desktop.cli import main
from themisia_desktop.core.db import Database, migrate


def run(monkeypatch, capsys, *argv, stdin: str = ""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_init_then_users_then_backup_and_restore(monkeypatch, capsys, db_url, tmp_path):
    code, out, _ = run(monkeypatch, capsys, "--db", db_url, "init", "--firm", "Cabinet Noël",
                       "--admin-login", "gnoel", "--admin-first-name", "Gaëlle",
                       "--admin-last-name", "Noël", "--password-stdin", stdin="Secret-de-Gaelle\n")
    assert code == 0 and "Cabinet « Cabinet Noël » créé" in out

    code, out, _ = run(monkeypatch, capsys, "--db", db_url, "users", "add", "mleroy", "--first-name",
                       "Marie", "--last-name", "Leroy", "--rate", "250,00", "--group", "Social",
                       "--password-stdin", stdin="Secret-de-Marie\n")
    assert code == 0
    code, out, _ = run(monkeypatch, capsys, "--db", db_url, "users", "list", "--json")
    users = {u["login"]: u for u in json.loads(out)}
    assert users["gnoel"]["is_admin"] and users["mleroy"]["standard_rate"] == "250.00"
    assert users["mleroy"]["groups"] == ["Social"]

    if Database(db_url).sqlite_path is None:
        code, _, err = run(monkeypatch, capsys, "--db", db_url, "backup", str(tmp_path / "b.sqlite3"))
        assert code == 1 and "pg_dump" in err
        return
    backup = tmp_path / "b.sqlite3"
    assert run(monkeypatch, capsys, "--db", db_url, "backup", str(backup))[0] == 0
    run(monkeypatch, capsys, "--db", db_url, "users", "reset-password", "mleroy", "--password-stdin",
        stdin="Changé-après-sauvegarde\n")
    code, out, _ = run(monkeypatch, capsys, "--db", db_url, "restore", str(backup), "--yes")
    assert code == 0 and "Base restaurée" in out
    from themisia_desktop.core.clock import Clock
    from themisia_desktop.core.firm.users import authenticate

    db = Database(db_url)
    assert authenticate(db, Clock(), "mleroy", "Secret-de-Marie").login == "mleroy"
    db.dispose()


def test_bad_input_gets_a_french_message_and_changes_nothing(monkeypatch, capsys, db_url):
    code, _, err = run(monkeypatch, capsys, "--db", db_url, "init", "--firm", "Cabinet",
                       "--admin-login", "a b", "--admin-first-name", "A", "--admin-last-name", "B",
                       "--password-stdin", stdin="Secret-assez-long\n")
    assert code == 1 and "L'identifiant doit faire" in err
    code, out, _ = run(monkeypatch, capsys, "--db", db_url, "users", "list")
    assert "Aucun utilisateur." in out
    code, _, err = run(monkeypatch, capsys, "--db", db_url, "users", "add", "x y", "--first-name",
                       "A", "--last-name", "B")
    assert code == 1 and "L'identifiant" in err  # refused before any password prompt


def test_db_upgrade_and_status(monkeypatch, capsys, db_url):
    code, out, err = run(monkeypatch, capsys, "--db", db_url, "db", "upgrade")
    assert code == 0 and "Base créée" in err
    code, out, _ = run(monkeypatch, capsys, "--db", db_url, "db", "upgrade")
    assert "déjà à jour" in out
    code, out, _ = run(monkeypatch, capsys, "--db", db_url, "db", "status")
    assert f"Version du schéma : {migrate.head_revision()}" in out


def test_a_wrong_subcommand_shows_usage_in_french(monkeypatch, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["users", "supprimer"])
    assert exc.value.code == 2
    assert "erreur" in capsys.readouterr().err


def test_outbox_commands_list_the_queue_and_refuse_to_send_without_a_server(monkeypatch, capsys,
                                                                              db_url):
    code, out, _err = run(monkeypatch, capsys, "--db", db_url, "outbox", "list")
    assert code == 0 and "La boîte d'envoi est vide." in out
    code, _out, err = run(monkeypatch, capsys, "--db", db_url, "outbox", "flush")
    assert code == 1 and "SMTP" in err and "n'est pas configuré" in err


def test_automation_commands_from_init_to_a_sweep(monkeypatch, capsys, db_url):
    code, _out, _err = run(monkeypatch, capsys, "--db", db_url, "init", "--firm", "Cabinet Martin",
                           "--admin-login", "cm", "--admin-first-name", "Claire",
                           "--admin-last-name", "Martin", "--password-stdin",
                           stdin="Motdepasse-2026\n")
    assert code == 0
    code, out, _err = run(monkeypatch, capsys, "--db", db_url, "workflows", "list", "--json")
    workflows = json.loads(out)
    assert code == 0 and len(workflows) >= 6
    first = workflows[0]["id"]
    code, out, _err = run(monkeypatch, capsys, "--db", db_url, "workflows", "enable", str(first))
    assert code == 0
    code, out, _err = run(monkeypatch, capsys, "--db", db_url, "sweep", "--now", "2026-03-02T09:30")
    assert code == 0
    code, out, _err = run(monkeypatch, capsys, "--db", db_url, "runs", "--json")
    assert code == 0 and json.loads(out) == []
    code, _out, err = run(monkeypatch, capsys, "--db", db_url, "sweep", "--now", "lundi")
    assert code == 1 and "--now" in err
