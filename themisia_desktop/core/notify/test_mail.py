"""« Envoyer un e-mail de test »: one mail through the firm's SMTP settings, and the server's
own answer to show the administrator (« 250 OK: queued as … », « 535 … », « Serveur
injoignable : … »).

The connection, TLS (``ssl.create_default_context()`` unless a context is injected), the
timeout and the login are those of :class:`SmtpSender`; the envelope and data commands are
sent here so that the server's reply text can be kept. Nothing is written to the database.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.utils import make_msgid

from email_validator import EmailNotValidError, validate_email

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.notify.outbox import OutgoingMail
from themisia_desktop.core.notify.secrets import KeyringUnavailable, SecretStore
from themisia_desktop.core.notify.smtp_sender import (SmtpConfigError, SmtpSender, build_message,
                                                      load_smtp_config, smtp_secret_name)

SUBJECT = "Themisia — e-mail de test"
BODY = ("Bonjour,\n\nCet e-mail a été envoyé depuis les paramètres de Themisia pour vérifier la "
        "messagerie du cabinet. Il n'appelle aucune réponse.\n\nThemisia")


@dataclass(frozen=True)
class TestMailResult:
    __test__ = False  # not a test case, despite its name

    ok: bool
    answer: str   # the server's reply (« 250 … ») or what went wrong, in French


def _reply(code: int, text: bytes | str) -> str:
    detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(detail.split())}".strip()


def _connection_problem(exc: BaseException, where: str) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"Certificat du serveur {where} non vérifié : {exc.verify_message or exc}. "
                "Vérifiez le nom du serveur.")
    if isinstance(exc, ssl.SSLError):
        return f"La connexion chiffrée avec {where} a échoué : {exc}."
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"Serveur injoignable : {where} ne répond pas (délai dépassé)."
    if isinstance(exc, ConnectionRefusedError):
        return f"Serveur injoignable : {where} (connexion refusée)."
    if isinstance(exc, socket.gaierror):
        return f"Serveur injoignable : le nom « {where} » est inconnu ({exc.strerror or exc})."
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"Identifiant ou mot de passe refusé : {_reply(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"Le serveur {where} ne propose pas STARTTLS : choisissez une autre sécurité."
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Connexion refusée par le serveur : {_reply(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"Le serveur {where} a coupé la connexion ({exc or 'sans explication'})."
    return f"Serveur injoignable : {where} ({exc})."


class _ProbeSender(SmtpSender):
    def probe(self, mail: OutgoingMail) -> TestMailResult:
        where = self.config.where
        message = build_message(mail, self.config.sender)
        try:
            smtp = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            return TestMailResult(False, _connection_problem(exc, where))
        try:
            code, text = smtp.mail(self.config.envelope_from)
            if code != 250:
                return TestMailResult(False, f"Expéditeur refusé : {_reply(code, text)}")
            code, text = smtp.rcpt(mail.to[0])
            if code not in (250, 251):
                return TestMailResult(False, f"Destinataire refusé : {_reply(code, text)}")
            code, text = smtp.data(message.as_bytes())
            return TestMailResult(True, _reply(code, text))
        except smtplib.SMTPResponseException as exc:
            return TestMailResult(False, f"Message refusé : {_reply(exc.smtp_code, exc.smtp_error)}")
        except (OSError, smtplib.SMTPException) as exc:
            return TestMailResult(False, _connection_problem(exc, where))
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()


def send_test_mail(db: Database, secrets: SecretStore, to: str, *, password: str | None = None,
                   clock: Clock, ssl_context: ssl.SSLContext | None = None) -> TestMailResult:
    """Send one test mail to ``to`` with the saved settings (``password`` overrides the one
    in the keyring). A bad address raises ValidationError(field="to"); every other problem is
    a result with ``ok=False`` and a French ``answer``."""
    try:
        address = validate_email(to.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValidationError(f"L'adresse « {to.strip()} » n'est pas valide.", field="to") from None
    try:
        config = load_smtp_config(db)
    except SmtpConfigError as exc:
        return TestMailResult(False, str(exc))
    if config.user and not password:
        try:
            password = secrets.get(smtp_secret_name(config.host, config.user))
        except KeyringUnavailable as exc:
            return TestMailResult(False, str(exc))
        if password is None:
            return TestMailResult(False, f"Aucun mot de passe n'est enregistré pour le compte "
                                         f"« {config.user} » : saisissez-le puis enregistrez.")
    domain = config.envelope_from.rpartition("@")[2] or "themisia.invalid"
    mail = OutgoingMail(id=0, message_id=make_msgid("themisia-test", domain=domain), to=(address,),
                        cc=(), subject=SUBJECT, body_text=BODY, body_html=None, date=clock.now())
    return _ProbeSender(config, password, ssl_context=ssl_context).probe(mail)
