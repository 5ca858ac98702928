"""Pop-ups and tray icon of the main window: new notifications show up within a poll, once;
a click opens the record and marks it read; the tray shows the unread count."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QThreadPool
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication

from tests.unit.matter_factory import make_client_matter
from themisia_desktop.core.models.enums import NotificationChannel
from themisia_desktop.core.notify.notifications import (count_unread, notify, notify_in,
                                                       set_preference)
from themisia_desktop.core.notify.outbox import list_recent
from themisia_desktop.gui.main_window import MainWindow
from themisia_desktop.gui.notify.install import install_notifications, toasts_of, tray_of

POLL_MS = 100

# The offscreen platform cannot raise a stay-on-top window when it is shown; real ones can.


@pytest.fixture(autouse=True)
def _jobs_finished_before_the_base_closes(firm_ctx):
    """The pop-ups poll the base every few milliseconds here: let the last poll finish before
    the test's database goes away."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def window(qtbot, firm_ctx):
    w = MainWindow(firm_ctx, firm_ctx.current_user)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _install(qtbot, window, ctx, **kwargs):
    hub = install_notifications(window, ctx, ctx.current_user.id, interval_ms=POLL_MS, **kwargs)
    qtbot.waitUntil(lambda: hub.last_seen_id is not None, timeout=5000)
    return hub


def _wait_polls(qtbot, hub, count: int = 3) -> None:
    target = hub.polls + count
    qtbot.waitUntil(lambda: hub.polls >= target, timeout=5000)


def _matter(ctx) -> tuple[int, int]:
    with ctx.db.write() as s:
        return make_client_matter(s)


def test_a_new_notification_pops_up_once(qtbot, window, firm_ctx):
    ctx = firm_ctx
    hub = _install(qtbot, window, ctx)
    announced = []
    hub.new_notifications.connect(announced.extend)
    toasts = toasts_of(window)
    assert toasts.visible_toasts() == []

    notify(ctx.db, ctx.clock, [ctx.current_user.id], "alert.deadline",
           "Échéance demain : conclusions", "Dossier 2026-0001 — Boulangerie Dupont SARL")
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 1, timeout=5000)
    toast = toasts.visible_toasts()[0]
    assert toast.isVisible()
    assert toast.title_label.text() == "Échéance demain : conclusions"
    assert toast.kind_label.text() == "Échéances · 10:30"
    assert toast.body_label.text() == "Dossier 2026-0001 — Boulangerie Dupont SARL"
    flags = toast.windowFlags()
    for flag in (Qt.WindowType.FramelessWindowHint, Qt.WindowType.WindowStaysOnTopHint,
                 Qt.WindowType.WindowDoesNotAcceptFocus):
        assert flags & flag
    # Bottom right of the screen of the main window.
    area = window.screen().availableGeometry()
    assert area.contains(toast.geometry())
    assert area.right() - toast.geometry().right() < 40
    assert area.bottom() - toast.geometry().bottom() < 40

    _wait_polls(qtbot, hub, 4)
    assert [n.title for n in announced] == ["Échéance demain : conclusions"]
    assert len(toasts.visible_toasts()) == 1
    assert hub.unread == 1
    tray = tray_of(window)
    assert tray.count == 1
    assert tray.tooltip == "1 notification non lue"


def test_notifications_older_than_the_session_are_counted_not_popped_up(qtbot, window,
                                                                        firm_ctx):
    ctx = firm_ctx
    me = ctx.current_user.id
    notify(ctx.db, ctx.clock, [me], "alert.task", "Tâche en retard : relancer le greffe")
    notify(ctx.db, ctx.clock, [me], "alert.invoice", "Facture impayée depuis 60 jours")
    notify(ctx.db, ctx.clock, [me], "alert.invoice", "Facture impayée depuis 90 jours")
    hub = _install(qtbot, window, ctx)
    _wait_polls(qtbot, hub, 3)
    assert toasts_of(window).visible_toasts() == []
    tray = tray_of(window)
    assert tray.count == 3
    assert tray.tooltip == "3 notifications non lues"
    assert not tray.icon.isNull()


def test_clicking_a_toast_opens_the_matter_and_marks_it_read(qtbot, window, firm_ctx):
    from themisia_desktop.gui.matters.matter_screen import MatterScreen

    ctx = firm_ctx
    _client_id, matter_id = _matter(ctx)
    hub = _install(qtbot, window, ctx)
    notify(ctx.db, ctx.clock, [ctx.current_user.id], "alert.matter",
           "Seuil d'encours dépassé", entity_type="matter", entity_id=matter_id)
    toasts = toasts_of(window)
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 1, timeout=5000)
    qtbot.waitUntil(lambda: tray_of(window).count == 1, timeout=5000)

    qtbot.mouseClick(toasts.visible_toasts()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.findChildren(MatterScreen)), timeout=5000)
    screen = window.findChildren(MatterScreen)[0]
    assert screen.matter_id == matter_id
    assert screen.isWindow() and screen.isVisible()
    assert toasts.visible_toasts() == []
    qtbot.waitUntil(lambda: count_unread(ctx.db, ctx.current_user.id) == 0, timeout=5000)
    qtbot.waitUntil(lambda: tray_of(window).count == 0, timeout=5000)
    assert tray_of(window).tooltip == "Aucune notification non lue"
    assert hub.unread == 0


def test_clicking_a_toast_about_a_contact_opens_its_card(qtbot, window, firm_ctx):
    from themisia_desktop.gui.contacts.contact_card import ContactCard

    ctx = firm_ctx
    client_id, _matter_id = _matter(ctx)
    _install(qtbot, window, ctx)
    notify(ctx.db, ctx.clock, [ctx.current_user.id], "alert.contact",
           "KYC à renouveler", entity_type="contact", entity_id=client_id)
    toasts = toasts_of(window)
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 1, timeout=5000)
    qtbot.mouseClick(toasts.visible_toasts()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.findChildren(ContactCard)), timeout=5000)
    card = window.findChildren(ContactCard)[0]
    assert card.contact_id == client_id
    qtbot.waitUntil(lambda: count_unread(ctx.db, ctx.current_user.id) == 0, timeout=5000)


def test_a_toast_about_nothing_says_so_in_the_status_bar(qtbot, window, firm_ctx):
    ctx = firm_ctx
    _install(qtbot, window, ctx)
    notify(ctx.db, ctx.clock, [ctx.current_user.id], "alert.matter", "Dossier supprimé",
           entity_type="matter", entity_id=9999)
    toasts = toasts_of(window)
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 1, timeout=5000)
    qtbot.mouseClick(toasts.visible_toasts()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == "La fiche de cette notification n'existe plus.", timeout=5000)
    qtbot.waitUntil(lambda: count_unread(ctx.db, ctx.current_user.id) == 0, timeout=5000)


def test_toasts_stack_four_at_most_newest_at_the_bottom(qtbot, window, firm_ctx):
    ctx = firm_ctx
    hub = _install(qtbot, window, ctx)
    for n in range(1, 7):
        notify(ctx.db, ctx.clock, [ctx.current_user.id], "alert.task", f"Tâche n° {n}")
    toasts = toasts_of(window)
    qtbot.waitUntil(lambda: hub.unread == 6, timeout=5000)
    shown = toasts.visible_toasts()
    assert [t.title_label.text() for t in shown] == [f"Tâche n° {n}" for n in range(3, 7)]
    assert all(t.isVisible() for t in shown)
    tops = [t.geometry().top() for t in shown]
    assert tops == sorted(tops)  # the newest lowest
    for upper, lower in zip(shown, shown[1:]):
        assert upper.geometry().bottom() < lower.geometry().top()  # no overlap
    more = toasts.more_widget
    assert more.isVisible() and more.label.text() == "+ 2 autres"
    assert more.geometry().bottom() < shown[0].geometry().top()

    qtbot.mouseClick(shown[-1].close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 4
                    and toasts.visible_toasts()[0].title_label.text() == "Tâche n° 2",
                    timeout=5000)
    assert more.label.text() == "+ 1 autre"
    assert count_unread(ctx.db, ctx.current_user.id) == 6  # closing is not reading


def test_toasts_hide_by_themselves_but_not_under_the_mouse(qtbot, window, firm_ctx):
    ctx = firm_ctx
    _install(qtbot, window, ctx, toast_timeout_ms=400)
    toasts = toasts_of(window)
    notify(ctx.db, ctx.clock, [ctx.current_user.id], "alert.task", "Première tâche")
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 1, timeout=5000)
    first = toasts.visible_toasts()[0]
    centre = QPointF(first.width() / 2, first.height() / 2)
    QApplication.sendEvent(first, QEnterEvent(centre, centre, centre))
    assert first.hovered and not first.counting_down
    notify(ctx.db, ctx.clock, [ctx.current_user.id], "alert.task", "Deuxième tâche")
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 2, timeout=5000)
    # The other one goes by itself; the one under the mouse stays.
    qtbot.waitUntil(lambda: [t.title_label.text() for t in toasts.visible_toasts()]
                    == ["Première tâche"], timeout=5000)
    assert first.isVisible()
    QApplication.sendEvent(first, QEvent(QEvent.Type.Leave))
    assert first.counting_down
    qtbot.waitUntil(lambda: toasts.visible_toasts() == [], timeout=5000)


def test_a_user_who_chose_email_gets_a_mail_not_a_toast(qtbot, window, firm_ctx):
    ctx = firm_ctx
    me = ctx.current_user.id
    set_preference(ctx.db, me, "alert.invoice", NotificationChannel.EMAIL.value)
    hub = _install(qtbot, window, ctx)
    with ctx.db.write() as s:
        result = notify_in(s, [me], "alert.invoice", "Facture F-2026-0012 impayée",
                           at=ctx.clock.now())
    assert result.notification_ids == () and len(result.mail_ids) == 1
    notify(ctx.db, ctx.clock, [me], "alert.task", "Une tâche, en pop-up")
    toasts = toasts_of(window)
    qtbot.waitUntil(lambda: len(toasts.visible_toasts()) == 1, timeout=5000)
    _wait_polls(qtbot, hub, 3)
    assert [t.title_label.text() for t in toasts.visible_toasts()] == ["Une tâche, en pop-up"]
    mails = list_recent(ctx.db)
    assert [(m.to, m.subject) for m in mails] == [
        ("helene.lefevre@example.fr", "Facture F-2026-0012 impayée")]


def test_the_tray_click_restores_the_minimised_window(qtbot, window, firm_ctx):
    _install(qtbot, window, firm_ctx)
    tray = tray_of(window)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=5000)
    tray.restore_window()
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=5000)
    assert window.isVisible()
