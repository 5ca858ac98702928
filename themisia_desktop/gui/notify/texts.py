"""French texts shared by the pop-ups, the tray icon and the notification centre."""

from __future__ import annotations

from datetime import datetime, timezone

from themisia_desktop.core.clock import PARIS
from themisia_desktop.core.notify.formatting import date_longue
from themisia_desktop.core.notify.kinds import kind_label


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # instants are stored in UTC
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(PARIS)


def when_text(moment: datetime) -> str:
    """A UTC instant → « lundi 2 mars 2026 à 10:30 » (Paris time)."""
    local = _local(moment)
    return f"{date_longue(local.date())} à {local:%H:%M}"


def time_text(moment: datetime) -> str:
    """« 10:30 » (Paris time)."""
    return f"{_local(moment):%H:%M}"


def unread_text(count: int) -> str:
    if count <= 0:
        return "Aucune notification non lue"
    if count == 1:
        return "1 notification non lue"
    return f"{count} notifications non lues"


def kind_text(kind: str) -> str:
    return kind_label(kind)
