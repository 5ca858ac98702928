"""The « Notifications » area: the list (newest first, unread in bold), « Marquer comme lu »,
« Tout marquer comme lu », the preferences per kind, and the tracking of the e-mails."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt, QThreadPool

from tests.gui.helpers import click
from tests.unit.matter_factory import make_client_matter
from themisia_desktop.core.models.enums import NotificationChannel
from themisia_desktop.core.notify.notifications import (count_unread, get_preference, notify,
                                                       notify_in)
from themisia_desktop.core.notify.outbox import (PermanentSendError, claim_next, enqueue,
                                                 get_mail, send_one)
from themisia_desktop.gui import main_window as main_window_module
from themisia_desktop.gui.main_window import MainWindow
from themisia_desktop.gui.notify.install import install_notifications, toasts_of, tray_of
from themisia_desktop.gui.notify.notification_centre import (NotificationCentre,
                                                             build_notifications_page)


FACTORY = "themisia_desktop.gui.notify.notification_centre:build_notifications_page"


@pytest.fixture(autouse=True)
def _jobs_finished_before_the_base_closes(firm_ctx):
    """The pop-ups poll the base every few milliseconds here: let the last poll finish before
    the test's database goes away."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def centre(qtbot, firm_ctx):
    page = build_notifications_page(firm_ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


@pytest.fixture
def window(qtbot, firm_ctx, monkeypatch):
    """The main window with the centre as its « Notifications » page and the pop-ups on."""
    areas = tuple(dataclasses.replace(a, factory=FACTORY) if a.key == "notifications" else a
                  for a in main_window_module.AREAS)
    monkeypatch.setattr(main_window_module, "AREAS", areas)
    w = MainWindow(firm_ctx, firm_ctx.current_user)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _reloaded(qtbot, page: NotificationCentre) -> None:
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.reload()


def _three(ctx) -> None:
    me = ctx.current_user.id
    notify(ctx.db, ctx.clock, [me], "alert.task", "Tâche en retard : relancer le greffe")
    notify(ctx.db, ctx.clock, [me], "alert.invoice", "Facture F-2026-0007 impayée",
           "Relance à envoyer au client")
    notify(ctx.db, ctx.clock, [me], "alert.deadline", "Échéance demain : conclusions")


def _cell(page: NotificationCentre, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def _bold(page: NotificationCentre, row: int) -> bool:
    font = page.model.index(row, 2).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


def test_the_list_shows_the_newest_first_unread_in_bold(qtbot, centre, firm_ctx):
    _three(firm_ctx)
    _reloaded(qtbot, centre)
    assert [_cell(centre, r, 2) for r in range(3)] == [
        "Échéance demain : conclusions", "Facture F-2026-0007 impayée",
        "Tâche en retard : relancer le greffe"]
    assert _cell(centre, 0, 0) == "lundi 2 mars 2026 à 10:30"
    assert _cell(centre, 1, 1) == "Alertes sur les factures"
    assert _cell(centre, 1, 3) == "Relance à envoyer au client"
    assert _cell(centre, 0, 4) == "Non lue"
    assert all(_bold(centre, r) for r in range(3))
    assert centre.unread_label.text() == "3 notifications non lues"
    assert [centre.tabs.tabText(i) for i in range(3)] == [
        "Mes notifications", "Suivi des e-mails", "Mes préférences"]


def test_mark_one_then_all_read(qtbot, centre, firm_ctx):
    ctx = firm_ctx
    me = ctx.current_user.id
    _three(ctx)
    _reloaded(qtbot, centre)
    assert not centre.mark_button.isEnabled()
    centre.table.selectRow(1)
    with qtbot.waitSignal(centre.loaded, timeout=5000):
        click(qtbot, centre.mark_button)
    assert count_unread(ctx.db, me) == 2
    assert _cell(centre, 1, 4) == "Lue" and not _bold(centre, 1)
    assert _bold(centre, 0) and _bold(centre, 2)
    assert centre.unread_label.text() == "2 notifications non lues"
    assert not centre.mark_button.isEnabled()  # the selected one is read now

    with qtbot.waitSignal(centre.loaded, timeout=5000):
        click(qtbot, centre.mark_all_button)
    assert count_unread(ctx.db, me) == 0
    assert not any(_bold(centre, r) for r in range(3))
    assert centre.unread_label.text() == "Aucune notification non lue"
    assert not centre.mark_all_button.isEnabled()


def test_marking_in_the_centre_updates_the_tray_and_new_ones_appear(qtbot, window, firm_ctx):
    ctx = firm_ctx
    me = ctx.current_user.id
    _three(ctx)
    hub = install_notifications(window, ctx, me, interval_ms=100)
    tray = tray_of(window)
    qtbot.waitUntil(lambda: tray.count == 3, timeout=5000)
    centre = window.select_area("notifications")
    assert isinstance(centre, NotificationCentre)
    qtbot.waitUntil(lambda: centre.model.rowCount() == 3, timeout=5000)

    centre.table.selectRow(0)
    click(qtbot, centre.mark_button)
    qtbot.waitUntil(lambda: tray.count == 2, timeout=5000)
    assert tray.tooltip == "2 notifications non lues"

    notify(ctx.db, ctx.clock, [me], "alert.matter", "Nouveau dossier 2026-0002")
    qtbot.waitUntil(lambda: centre.model.rowCount() == 4, timeout=5000)
    assert _cell(centre, 0, 2) == "Nouveau dossier 2026-0002" and _bold(centre, 0)
    qtbot.waitUntil(lambda: len(toasts_of(window).visible_toasts()) == 1, timeout=5000)

    click(qtbot, centre.mark_all_button)
    qtbot.waitUntil(lambda: tray.count == 0, timeout=5000)
    qtbot.waitUntil(lambda: centre.unread_label.text() == "Aucune notification non lue",
                    timeout=5000)
    assert hub.unread == 0


def test_opening_a_notification_from_the_centre(qtbot, window, firm_ctx):
    from themisia_desktop.gui.contacts.contact_card import ContactCard

    ctx = firm_ctx
    with ctx.db.write() as s:
        client_id, _matter_id = make_client_matter(s)
    notify(ctx.db, ctx.clock, [ctx.current_user.id], "alert.contact", "KYC à renouveler",
           entity_type="contact", entity_id=client_id)
    centre = window.select_area("notifications")
    qtbot.waitUntil(lambda: centre.model.rowCount() == 1, timeout=5000)
    centre.table.selectRow(0)
    click(qtbot, centre.open_button)
    qtbot.waitUntil(lambda: isinstance(centre.opened_window, ContactCard), timeout=5000)
    assert centre.opened_window.contact_id == client_id
    qtbot.waitUntil(lambda: count_unread(ctx.db, ctx.current_user.id) == 0, timeout=5000)


def test_preferences_are_saved_and_honoured(qtbot, centre, firm_ctx):
    ctx = firm_ctx
    me = ctx.current_user.id
    prefs = centre.preferences_tab
    centre.tabs.setCurrentWidget(prefs)
    qtbot.waitUntil(lambda: prefs.combos["alert.invoice"].isEnabled(), timeout=5000)
    combo = prefs.combos["alert.invoice"]
    assert combo.currentText() == "Pop-up"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Pop-up", "E-mail", "Pop-up et e-mail"]
    with qtbot.waitSignal(prefs.saved, timeout=5000):
        combo.setCurrentIndex(combo.findText("E-mail"))
    assert get_preference(ctx.db, me, "alert.invoice") == NotificationChannel.EMAIL
    assert prefs.status_label.text() == (
        "Préférence enregistrée : « Alertes sur les factures » → E-mail.")
    with qtbot.waitSignal(prefs.saved, timeout=5000):
        prefs.combos["alert.deadline"].setCurrentIndex(2)
    assert get_preference(ctx.db, me, "alert.deadline") == NotificationChannel.BOTH

    with ctx.db.write() as s:
        invoice = notify_in(s, [me], "alert.invoice", "Facture impayée", at=ctx.clock.now())
        deadline = notify_in(s, [me], "alert.deadline", "Échéance demain", at=ctx.clock.now())
    assert invoice.notification_ids == () and len(invoice.mail_ids) == 1
    assert len(deadline.notification_ids) == 1 and len(deadline.mail_ids) == 1

    # A new page shows what is stored.
    again = build_notifications_page(ctx)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.preferences_tab.combos["alert.invoice"].isEnabled(),
                    timeout=5000)
    assert again.preferences_tab.combos["alert.invoice"].currentText() == "E-mail"
    assert again.preferences_tab.combos["alert.deadline"].currentText() == "Pop-up et e-mail"


class _Refusing:
    def send(self, mail):  # noqa: ANN001, ANN201
        raise PermanentSendError("Le serveur a refusé le message : 550 boîte inconnue.")


def test_the_outbox_tab_lists_a_failed_mail_with_its_error(qtbot, centre, firm_ctx):
    ctx = firm_ctx
    failed = enqueue(ctx.db, ctx.clock, "paul.durand@example.fr", "Relance facture F-2026-0007",
                     "Bonjour")
    send_one(ctx.db, ctx.clock, _Refusing(), claim_next(ctx.db, ctx.clock))
    enqueue(ctx.db, ctx.clock, "claire.martin@example.fr", "Convocation", "Bonjour")
    outbox = centre.outbox_tab
    centre.tabs.setCurrentWidget(outbox)
    with qtbot.waitSignal(outbox.loaded, timeout=5000):
        outbox.reload()
    rows = {outbox.model.index(r, 3).data(): [outbox.model.index(r, c).data() for c in range(6)]
            for r in range(outbox.model.rowCount())}
    assert rows["Relance facture F-2026-0007"] == [
        "2 mars 2026 à 10:30", "Échec", "paul.durand@example.fr", "Relance facture F-2026-0007",
        "1", "Le serveur a refusé le message : 550 boîte inconnue."]
    assert rows["Convocation"][1] == "En attente"

    with qtbot.waitSignal(outbox.loaded, timeout=5000):
        outbox.filter_combo.setCurrentIndex(outbox.filter_combo.findText("Échec"))
    assert outbox.model.rowCount() == 1

    outbox.table.selectRow(0)
    assert outbox.resend_button.isEnabled()
    with qtbot.waitSignal(outbox.loaded, timeout=5000):
        click(qtbot, outbox.resend_button)
    assert get_mail(ctx.db, failed.id).status == "pending"
    assert outbox.model.rowCount() == 0  # no longer failed
    assert outbox.message_label.text() == (
        "« Relance facture F-2026-0007 » sera renvoyé au prochain envoi.")
