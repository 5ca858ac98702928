"""The outbox against a real SMTP server (aiosmtpd) on loopback: delivery, retries, refusals,
a lost connection during DATA, and STARTTLS certificate verification."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import socket
import ssl
from email.policy import default as default_policy

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.notify.outbox import enqueue, flush, get_mail
from themisia_desktop.core.notify.secrets import KeyringUnavailable
from themisia_desktop.core.notify.smtp_sender import (
    SmtpConfigError,
    SmtpSender,
    smtp_secret_name,
)

HOST = "127.0.0.1"
SENDER = "Cabinet Lefèvre <accueil@cabinet-lefevre.fr>"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Collector:
    """An SMTP handler keeping what it receives; some addresses are unknown (550)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], email.message.EmailMessage]] = []
        self.unknown = {"inconnu@client.example.fr"}
        self.hang_after_data: asyncio.Event | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802, ANN001
        if address in self.unknown:
            return "550 5.1.1 Utilisateur inconnu"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001
        message = email.message_from_bytes(envelope.original_content, policy=default_policy)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        if self.hang_after_data is not None:  # received, but the answer never comes
            await self.hang_after_data.wait()
        return "250 2.0.0 Message accepté"


class Server:
    def __init__(self, port: int | None = None, **kwargs) -> None:
        self.port = port or free_port()
        self.handler = Collector()
        self.kwargs = kwargs
        self.controller: Controller | None = None

    def start(self) -> Server:
        self.controller = Controller(self.handler, hostname=HOST, port=self.port, **self.kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            if self.handler.hang_after_data is not None:
                event = self.handler.hang_after_data
                self.controller.loop.call_soon_threadsafe(event.set)
            self.controller.stop()
            self.controller = None


@pytest.fixture
def servers():
    started: list[Server] = []

    def make(port: int | None = None, **kwargs) -> Server:
        server = Server(port, **kwargs)
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


def configure(ctx, port: int, *, security: str = "none", user: str = "", timeout: int = 10) -> None:
    for key, value in (("smtp_host", HOST), ("smtp_port", port), ("smtp_security", security),
                       ("smtp_user", user), ("smtp_sender", SENDER),
                       ("smtp_timeout_seconds", timeout)):
        set_setting(ctx.db, key, value)


def queue(ctx, to="client@client.example.fr", subject="Votre dossier 2026-0001 — relance"):
    return enqueue(ctx.db, ctx.clock, to, subject,
                   "Madame, Monsieur,\nNous restons à votre disposition.\nMaître Lefèvre",
                   "<p>Madame, Monsieur,</p><p>Nous restons à votre disposition.</p>")


def test_a_queued_mail_is_delivered_once_with_its_headers(ctx, servers):
    server = servers().start()
    configure(ctx, server.port)
    mail = queue(ctx)
    sender = SmtpSender.from_settings(ctx.db, ctx.secrets)
    assert flush(ctx.db, ctx.clock, sender).sent == 1
    assert flush(ctx.db, ctx.clock, sender).attempted == 0  # flushing again resends nothing
    [(mail_from, rcpts, msg)] = server.handler.messages
    assert (mail_from, rcpts) == ("accueil@cabinet-lefevre.fr", ["client@client.example.fr"])
    assert msg["Message-ID"] == mail.message_id
    assert msg["Subject"] == "Votre dossier 2026-0001 — relance"
    assert msg["From"] == SENDER
    assert msg["To"] == "client@client.example.fr"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Date"].datetime == ctx.clock.now()
    text = msg.get_body(("plain",))
    assert text.get_content_charset() == "utf-8"
    assert "Nous restons à votre disposition." in text.get_content()
    assert "<p>Nous restons à votre disposition.</p>" in msg.get_body(("html",)).get_content()
    info = get_mail(ctx.db, mail.id)
    assert (info.status, info.status_label, info.attempts) == ("sent", "Envoyé", 1)


def test_server_down_then_up_delivers_exactly_once(ctx, servers):
    server = servers()  # not started yet: nothing listens on its port
    configure(ctx, server.port)
    mail = queue(ctx)
    sender = SmtpSender.from_settings(ctx.db, ctx.secrets)
    summary = flush(ctx.db, ctx.clock, sender)
    assert (summary.sent, summary.retried) == (0, 1)
    info = get_mail(ctx.db, mail.id)
    assert (info.status, info.attempts) == ("pending", 1)
    assert info.last_error == (f"Le serveur d'envoi {HOST}:{server.port} est injoignable "
                               "(connexion refusée). Nouvel essai automatique plus tard.")
    assert summary.stopped == info.last_error
    assert info.next_attempt_at == ctx.clock.now() + dt.timedelta(minutes=1)

    server.start()
    assert flush(ctx.db, ctx.clock, sender).attempted == 0  # not due yet
    ctx.clock.advance(dt.timedelta(minutes=1))
    assert flush(ctx.db, ctx.clock, sender).sent == 1
    ctx.clock.advance(dt.timedelta(hours=1))
    assert flush(ctx.db, ctx.clock, sender).attempted == 0
    assert len(server.handler.messages) == 1
    assert get_mail(ctx.db, mail.id).attempts == 2


def test_an_unknown_recipient_550_fails_for_good(ctx, servers):
    server = servers().start()
    configure(ctx, server.port)
    bad = queue(ctx, to="inconnu@client.example.fr")
    good = queue(ctx, to="client@client.example.fr")
    summary = flush(ctx.db, ctx.clock, SmtpSender.from_settings(ctx.db, ctx.secrets))
    assert (summary.failed, summary.sent) == (1, 1)
    info = get_mail(ctx.db, bad.id)
    assert info.status_label == "Échec"
    assert info.last_error.startswith("Destinataire refusé par le serveur : "
                                      "inconnu@client.example.fr (550 5.1.1")
    assert get_mail(ctx.db, good.id).status == "sent"
    ctx.clock.advance(dt.timedelta(days=1))
    assert flush(ctx.db, ctx.clock, SmtpSender.from_settings(ctx.db, ctx.secrets)).attempted == 0
    assert [rcpts for _f, rcpts, _m in server.handler.messages] == [["client@client.example.fr"]]


def test_a_connection_lost_after_data_is_uncertain_and_not_resent(ctx, servers):
    server = servers().start()
    server.handler.hang_after_data = asyncio.Event()
    configure(ctx, server.port, timeout=1)
    mail = queue(ctx)
    summary = flush(ctx.db, ctx.clock, SmtpSender.from_settings(ctx.db, ctx.secrets))
    assert summary.uncertain == 1
    info = get_mail(ctx.db, mail.id)
    assert info.status_label == "Incertain"
    assert "il a peut-être été reçu" in info.last_error
    assert len(server.handler.messages) == 1  # the server did get it
    ctx.clock.advance(dt.timedelta(days=1))
    server.handler.hang_after_data = None
    assert flush(ctx.db, ctx.clock, SmtpSender.from_settings(ctx.db, ctx.secrets)).attempted == 0
    assert len(server.handler.messages) == 1


# -- configuration and secrets -----------------------------------------------------------------

def test_missing_host_or_sender_is_a_clear_error(ctx):
    with pytest.raises(SmtpConfigError, match="serveur d'envoi des courriels"):
        SmtpSender.from_settings(ctx.db, ctx.secrets)
    set_setting(ctx.db, "smtp_host", "smtp.example.fr")
    with pytest.raises(SmtpConfigError, match="adresse d'expédition"):
        SmtpSender.from_settings(ctx.db, ctx.secrets)


def test_a_user_without_keyring_backend_is_told_and_nothing_falls_back_to_a_file(ctx):
    from keyring.backends.fail import Keyring as FailKeyring

    configure(ctx, 2525, security="starttls", user="accueil")
    with pytest.raises(SmtpConfigError, match="Aucun mot de passe n'est enregistré"):
        SmtpSender.from_settings(ctx.db, ctx.secrets)
    keyring.set_keyring(FailKeyring())  # the fixture puts the memory keyring back afterwards
    with pytest.raises(KeyringUnavailable, match="Aucun trousseau"):
        SmtpSender.from_settings(ctx.db, ctx.secrets)
    # A password given for this session only is used, in memory.
    ctx.secrets.remember_for_session(smtp_secret_name(HOST, "accueil"), "secret")
    assert SmtpSender.from_settings(ctx.db, ctx.secrets).config.user == "accueil"


# -- STARTTLS with a self-signed certificate ---------------------------------------------------

def _self_signed(tmp_path):
    crypto = pytest.importorskip("cryptography", reason="needs the cryptography package")
    del crypto
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smtp test")])
    now = dt.datetime.now(dt.timezone.utc)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(ski, critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_starttls_verifies_the_certificate_unless_the_test_trusts_it(ctx, servers, tmp_path):
    cert_file, key_file = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)

    def authenticate(server, session, envelope, mechanism, auth_data):  # noqa: ANN001
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == b"accueil"
              and auth_data.password == "mot de passe à accents".encode())
        return AuthResult(success=ok, handled=False)  # refusal answered with 535

    server = servers(tls_context=server_tls, require_starttls=True, authenticator=authenticate,
                     auth_require_tls=True).start()
    configure(ctx, server.port, security="starttls", user="accueil")
    ctx.secrets.set(smtp_secret_name(HOST, "accueil"), "mauvais mot de passe")
    mail = queue(ctx)

    # By default the self-signed certificate is refused: nothing is sent.
    summary = flush(ctx.db, ctx.clock, SmtpSender.from_settings(ctx.db, ctx.secrets))
    assert summary.retried == 1
    info = get_mail(ctx.db, mail.id)
    assert info.status == "pending"
    assert info.last_error.startswith(f"Le certificat du serveur d'envoi {HOST}:{server.port} "
                                      "n'a pas pu être vérifié")
    assert server.handler.messages == []

    # Trusting that very certificate, TLS works; a wrong password is refused and kept pending.
    trusting = ssl.create_default_context(cafile=str(cert_file))
    ctx.clock.advance(dt.timedelta(minutes=1))
    sender = SmtpSender.from_settings(ctx.db, ctx.secrets, ssl_context=trusting)
    assert flush(ctx.db, ctx.clock, sender).retried == 1
    info = get_mail(ctx.db, mail.id)
    assert (info.status, info.attempts) == ("pending", 2)
    assert "a refusé l'identifiant ou le mot de passe (535" in info.last_error

    # With the right (accented) password from the keyring, the mail goes through.
    ctx.secrets.set(smtp_secret_name(HOST, "accueil"), "mot de passe à accents")
    ctx.clock.advance(dt.timedelta(minutes=5))
    sender = SmtpSender.from_settings(ctx.db, ctx.secrets, ssl_context=trusting)
    assert flush(ctx.db, ctx.clock, sender).sent == 1
    assert len(server.handler.messages) == 1
    assert get_mail(ctx.db, mail.id).status == "sent"


def test_implicit_tls_ssl_mode_verifies_too(ctx, servers, tmp_path):
    cert_file, key_file = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    server = servers(ssl_context=server_tls).start()
    configure(ctx, server.port, security="ssl")
    mail = queue(ctx)
    assert flush(ctx.db, ctx.clock, SmtpSender.from_settings(ctx.db, ctx.secrets)).retried == 1
    assert "n'a pas pu être vérifié" in get_mail(ctx.db, mail.id).last_error
    ctx.clock.advance(dt.timedelta(minutes=1))
    trusting = ssl.create_default_context(cafile=str(cert_file))
    sender = SmtpSender.from_settings(ctx.db, ctx.secrets, ssl_context=trusting)
    assert flush(ctx.db, ctx.clock, sender).sent == 1
    [(_from, _rcpts, msg)] = server.handler.messages
    assert msg["Message-ID"] == mail.message_id
