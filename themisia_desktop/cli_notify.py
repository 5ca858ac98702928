"""Command-line actions on the mail outbox (called by ``themisia-admin``).

Each function takes the AppContext, prints French lines and returns the process exit code:
0 all good, 1 configuration problem (nothing sent), 3 some mails failed or are uncertain.
"""

from __future__ import annotations

import sys
from typing import TextIO

from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.core.notify.outbox import flush, list_recent
from themisia_desktop.core.notify.smtp_sender import SmtpSender

EXIT_OK = 0
EXIT_CONFIG = 1
EXIT_SOME_FAILED = 3


def outbox_flush(ctx, *, out: TextIO | None = None, err: TextIO | None = None,  # noqa: ANN001
                 sender=None) -> int:  # noqa: ANN001
    """Send the mails that are due. ``sender`` replaces the SMTP sender (tests)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if sender is None:
            sender = SmtpSender.from_settings(ctx.db, ctx.secrets)
    except ThemisiaError as exc:
        print(f"Erreur : {exc}", file=err)
        return EXIT_CONFIG
    summary = flush(ctx.db, ctx.clock, sender)
    print(f"Courriels envoyés : {summary.sent}", file=out)
    if summary.retried:
        print(f"Courriels à réessayer plus tard : {summary.retried}", file=out)
    if summary.failed:
        print(f"Courriels en échec : {summary.failed}", file=out)
    if summary.uncertain or summary.recovered:
        print(f"Courriels incertains (peut-être reçus, non renvoyés) : "
              f"{summary.uncertain + summary.recovered}", file=out)
    if summary.stopped:
        print(f"Envoi interrompu : {summary.stopped}", file=err)
    if summary.failed or summary.uncertain or summary.recovered:
        return EXIT_SOME_FAILED
    return EXIT_OK


def outbox_list(ctx, *, limit: int = 50, out: TextIO | None = None) -> int:  # noqa: ANN001
    """Print the most recent mails with their state."""
    out = out or sys.stdout
    mails = list_recent(ctx.db, limit=limit)
    if not mails:
        print("La boîte d'envoi est vide.", file=out)
        return EXIT_OK
    for m in mails:
        line = f"n° {m.id}  {m.status_label:<16}  {m.to}  « {m.subject} »"
        if m.attempts:
            line += f"  ({m.attempts} essai{'s' if m.attempts > 1 else ''})"
        print(line, file=out)
        if m.last_error and m.status != "sent":
            print(f"        {m.last_error}", file=out)
    return EXIT_OK
