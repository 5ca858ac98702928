"""Sending outbox mails through the firm's SMTP server.

The server comes from the firm settings (smtp_host, smtp_port, smtp_security starttls | ssl |
none, smtp_user, smtp_sender, smtp_timeout_seconds); the password from the OS keyring
(:class:`SecretStore`, secret ``smtp:{host}:{user}``), never from a file. TLS always verifies
the server certificate (``ssl.create_default_context()``) unless a caller injects another
context, and every connection has a timeout.

Errors are sorted for the outbox: before the message data is handed over, a failure is
temporary (retry later) or permanent (5xx refusal); a connection lost or a timeout *during* the
DATA phase is uncertain — the server may have accepted the mail.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, parseaddr
from typing import Any

from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.errors import ThemisiaError
from themisia_desktop.core.firm.settings import all_settings
from themisia_desktop.core.notify.outbox import (
    OutgoingMail,
    PermanentSendError,
    TemporarySendError,
    UncertainSendError,
)
from themisia_desktop.core.notify.secrets import KeyringUnavailable, SecretStore

SECURITY_MODES = ("starttls", "ssl", "none")
# 7bit transfer encodings (quoted-printable / base64 for UTF-8): safe with any relay.
_POLICY = SMTP_POLICY.clone(cte_type="7bit")


class SmtpConfigError(ThemisiaError):
    """The SMTP settings are incomplete or wrong; the message says what to fill in."""


def smtp_secret_name(host: str, user: str) -> str:
    return f"smtp:{host}:{user}"


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    user: str
    sender: str
    timeout: float

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def envelope_from(self) -> str:
        return parseaddr(self.sender)[1]


def load_smtp_config(db: Database) -> SmtpConfig:
    """The firm's SMTP settings, checked; SmtpConfigError (French) when something is missing."""
    values = all_settings(db)
    host = str(values.get("smtp_host") or "").strip()
    sender = str(values.get("smtp_sender") or "").strip()
    security = str(values.get("smtp_security") or "starttls").strip().lower()
    if not host:
        raise SmtpConfigError("Le serveur d'envoi des courriels (SMTP) n'est pas configuré : "
                              "renseignez-le dans les paramètres du cabinet.")
    if not sender or "@" not in parseaddr(sender)[1]:
        raise SmtpConfigError("L'adresse d'expédition des courriels n'est pas configurée : "
                              "renseignez-la dans les paramètres du cabinet.")
    if security not in SECURITY_MODES:
        raise SmtpConfigError(f"Mode de sécurité SMTP inconnu : « {security} » (attendu : "
                              "starttls, ssl ou none).")
    try:
        port = int(values.get("smtp_port") or (465 if security == "ssl" else 587))
        timeout = float(values.get("smtp_timeout_seconds") or 30)
    except (TypeError, ValueError):
        raise SmtpConfigError("Le port ou le délai d'attente SMTP n'est pas un nombre.") from None
    if not 0 < port < 65536:
        raise SmtpConfigError(f"Port SMTP invalide : {port}.")
    return SmtpConfig(host=host, port=port, security=security,
                      user=str(values.get("smtp_user") or "").strip(), sender=sender,
                      timeout=max(timeout, 1.0))


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = sender
    msg["To"] = ", ".join(mail.to)
    if mail.cc:
        msg["Cc"] = ", ".join(mail.cc)
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(mail.date)
    msg["Message-ID"] = mail.message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to automatic mail
    msg.set_content(mail.body_text, charset="utf-8")
    if mail.body_html:
        msg.add_alternative(mail.body_html, subtype="html", charset="utf-8")
    return msg


def _reply(code: int, text: bytes | str) -> str:
    detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {detail}".strip()


class SmtpSender:
    """Implements the outbox's MailSender with smtplib (one connection per mail)."""

    def __init__(self, config: SmtpConfig, password: str | None = None, *,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.config = config
        self._password = password
        self._ssl_context = ssl_context

    @classmethod
    def from_settings(cls, db: Database, secrets: SecretStore, *,
                      ssl_context: ssl.SSLContext | None = None) -> SmtpSender:
        config = load_smtp_config(db)
        password = None
        if config.user:
            name = smtp_secret_name(config.host, config.user)
            password = secrets.get(name)  # may raise KeyringUnavailable (French)
            if password is None:
                if not secrets.available:
                    raise KeyringUnavailable("mot de passe SMTP de " + config.user)
                raise SmtpConfigError(f"Aucun mot de passe n'est enregistré pour l'utilisateur "
                                      f"SMTP « {config.user} » sur {config.host}.")
        return cls(config, password, ssl_context=ssl_context)

    def _context(self) -> ssl.SSLContext:
        # The default verifies the certificate and the host name.
        return self._ssl_context or ssl.create_default_context()

    # -- connection ------------------------------------------------------------------------
    def _unreachable(self, exc: BaseException) -> TemporarySendError:
        where = self.config.where
        if isinstance(exc, ssl.SSLCertVerificationError):
            text = (f"Le certificat du serveur d'envoi {where} n'a pas pu être vérifié "
                    f"({exc.verify_message or exc}). Vérifiez le nom du serveur dans les "
                    "paramètres.")
        elif isinstance(exc, ssl.SSLError):
            text = f"La connexion chiffrée avec le serveur d'envoi {where} a échoué ({exc})."
        elif isinstance(exc, TimeoutError | socket.timeout):
            text = f"Le serveur d'envoi {where} ne répond pas (délai dépassé)."
        elif isinstance(exc, ConnectionRefusedError):
            text = f"Le serveur d'envoi {where} est injoignable (connexion refusée)."
        elif isinstance(exc, smtplib.SMTPAuthenticationError):
            text = (f"Le serveur d'envoi {where} a refusé l'identifiant ou le mot de passe "
                    f"({_reply(exc.smtp_code, exc.smtp_error)}).")
        elif isinstance(exc, smtplib.SMTPNotSupportedError):
            text = f"Le serveur d'envoi {where} ne propose pas le chiffrement STARTTLS."
        elif isinstance(exc, smtplib.SMTPResponseException):
            text = (f"Le serveur d'envoi {where} a refusé la connexion "
                    f"({_reply(exc.smtp_code, exc.smtp_error)}).")
        else:
            text = f"Le serveur d'envoi {where} est injoignable ({exc})."
        return TemporarySendError(text + " Nouvel essai automatique plus tard.", stop_flush=True)

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        if c.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout,
                                                  context=self._context())
        else:
            smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
        try:
            smtp.ehlo()
            if c.security == "starttls":
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if c.user:
                _login(smtp, c.user, self._password or "")
        except BaseException:
            _close(smtp)
            raise
        return smtp

    def check_connection(self) -> None:
        """Connect, secure, log in and quit: for a « Tester » button. Raises
        TemporarySendError with a French message on any problem."""
        try:
            smtp = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            raise self._unreachable(exc) from None
        _quit(smtp)

    # -- sending ---------------------------------------------------------------------------
    def send(self, mail: OutgoingMail) -> str | None:
        message = build_message(mail, self.config.sender)
        try:
            smtp = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            raise self._unreachable(exc) from None
        try:
            accepted, note = self._envelope(smtp, mail)
            self._data(smtp, message, accepted)
        finally:
            _quit(smtp)
        return note

    def _envelope(self, smtp: smtplib.SMTP, mail: OutgoingMail) -> tuple[list[str], str | None]:
        where = self.config.where
        try:
            code, text = smtp.mail(self.config.envelope_from)
            if code != 250:
                reply = _reply(code, text)
                if code >= 500:
                    raise PermanentSendError(f"L'expéditeur a été refusé par {where} ({reply}).")
                raise TemporarySendError(f"L'expéditeur a été refusé temporairement par {where} "
                                         f"({reply}). Nouvel essai automatique plus tard.")
            accepted: list[str] = []
            refused: list[tuple[str, int, str]] = []
            for display in (*mail.to, *mail.cc):
                address = parseaddr(display)[1]
                code, text = smtp.rcpt(address)
                if code in (250, 251):
                    accepted.append(address)
                else:
                    refused.append((address, code, _reply(code, text)))
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise self._unreachable(exc) from None
        details = " ; ".join(f"{a} ({r})" for a, _c, r in refused)
        if not accepted:
            if any(code < 500 for _a, code, _r in refused):
                raise TemporarySendError(f"Destinataire refusé temporairement : {details}. "
                                         "Nouvel essai automatique plus tard.")
            raise PermanentSendError(f"Destinataire refusé par le serveur : {details}.")
        note = f"Envoyé, mais adresse refusée : {details}." if refused else None
        return accepted, note

    def _data(self, smtp: smtplib.SMTP, message: EmailMessage, accepted: list[str]) -> None:
        where = self.config.where
        try:
            smtp.data(message.as_bytes(policy=_POLICY))
        except smtplib.SMTPDataError as exc:
            reply = _reply(exc.smtp_code, exc.smtp_error)
            if exc.smtp_code >= 500:
                raise PermanentSendError(f"Le serveur {where} a refusé le message ({reply}).") \
                    from None
            raise TemporarySendError(f"Le serveur {where} a refusé le message temporairement "
                                     f"({reply}). Nouvel essai automatique plus tard.") from None
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise UncertainSendError(
                f"La connexion avec {where} a été perdue pendant la transmission du message "
                f"({type(exc).__name__}) : il a peut-être été reçu. Il ne sera pas renvoyé "
                "automatiquement ; vérifiez auprès du destinataire avant de le renvoyer.") from None


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib's login only encodes ASCII; accented passwords go as UTF-8 (RFC 4616)."""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    mechanisms = smtp.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in mechanisms:
        token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
        code, text = smtp.docmd("AUTH", "PLAIN " + token)
    elif "LOGIN" in mechanisms:
        code, text = smtp.docmd("AUTH", "LOGIN " + base64.b64encode(user.encode()).decode())
        if code == 334:
            code, text = smtp.docmd(base64.b64encode(password.encode()).decode())
    else:
        raise smtplib.SMTPException("no AUTH PLAIN or LOGIN offered for a non-ASCII password")
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, text)


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        _close(smtp)


def _close(smtp: Any) -> None:
    try:
        smtp.close()
    except OSError:
        pass
