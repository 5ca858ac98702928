"""Backups of the embedded base are whole, restorable, and never made by copying a live file."""

import sqlite3

import pytest
from sqlalchemy import func, select

from tests.helpers.databases import postgres_admin_url
from themisia_desktop.core.db.backup import backup_file, check_backup, restore_file
from themisia_desktop.core.errors import DatabaseError
from themisia_desktop.core.firm.users import NewUser, create_user, list_users
from themisia_desktop.core.models import User

pytestmark = pytest.mark.skipif(postgres_admin_url() is not None, reason="SQLite backups")


def test_a_backup_taken_while_the_app_has_the_base_open_restores_every_user(firm_ctx, tmp_path):
    create_user(firm_ctx.db, firm_ctx.clock, NewUser(login="pdurand", password="Durand-2026-ok",
                                                     first_name="Paul", last_name="Durand",
                                                     category="associate"))
    dest = backup_file(firm_ctx.db.sqlite_path, tmp_path / "copie.sqlite3")
    check_backup(dest)

    # Afterwards someone deletes a user by mistake…
    with firm_ctx.db.write() as s:
        s.delete(s.scalar(select(User).where(User.login == "pdurand")))
    assert [u.login for u in list_users(firm_ctx.db)] == ["admin"]

    restore_file(dest, firm_ctx.db.sqlite_path)
    firm_ctx.db.dispose()
    assert sorted(u.login for u in list_users(firm_ctx.db)) == ["admin", "pdurand"]


def test_a_file_that_is_not_a_themisia_backup_is_refused_and_nothing_changes(firm_ctx, tmp_path):
    other = tmp_path / "autre.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    garbage = tmp_path / "photo.jpg"
    garbage.write_bytes(b"\xff\xd8\xff not a database" * 100)
    for bad, message in ((other, "pas une sauvegarde Themisia"), (garbage, "pas une base SQLite"),
                         (tmp_path / "absent.sqlite3", "introuvable")):
        with pytest.raises(DatabaseError, match=message):
            restore_file(bad, firm_ctx.db.sqlite_path)
    with firm_ctx.db.read() as s:
        assert s.scalar(select(func.count(User.id))) == 1
