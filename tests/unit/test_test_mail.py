"""« Envoyer un e-mail de test » against a real SMTP server (aiosmtpd) on loopback: the
server's own answer comes back, accepted or refused."""

from __future__ import annotations

import email
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.firm.settings import set_setting
from themisia_desktop.core.notify.smtp_sender import smtp_secret_name
from themisia_desktop.core.notify.test_mail import SUBJECT, send_test_mail

HOST = "127.0.0.1"
SENDER = "Cabinet Lefèvre <accueil@cabinet-lefevre.fr>"
QUEUED = "250 2.0.0 Ok: queued as 4F2A1C"
REFUSED = "550 5.7.1 Relais interdit pour ce destinataire"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Handler:
    """Keeps what it receives; ``refuse`` makes every recipient a 550."""

    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802, ANN001
        if self.refuse:
            return REFUSED
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001
        self.messages.append(email.message_from_bytes(envelope.original_content,
                                                      policy=default_policy))
        self.recipients.extend(envelope.rcpt_tos)
        return QUEUED


class LoopbackSmtp:
    def __init__(self, refuse: bool = False, **kwargs) -> None:
        self.port = free_port()
        self.handler = Handler(refuse)
        self.controller = Controller(self.handler, hostname=HOST, port=self.port, **kwargs)

    def start(self) -> LoopbackSmtp:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def smtp_servers():
    started: list[LoopbackSmtp] = []

    def make(refuse: bool = False, **kwargs) -> LoopbackSmtp:
        server = LoopbackSmtp(refuse, **kwargs).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


def configure(ctx, port: int, *, user: str = "") -> None:
    for key, value in (("smtp_host", HOST), ("smtp_port", port), ("smtp_security", "none"),
                       ("smtp_user", user), ("smtp_sender", SENDER), ("smtp_timeout_seconds", 5)):
        set_setting(ctx.db, key, value)


def test_accepted_test_mail_shows_the_servers_answer(firm_ctx, smtp_servers):
    ctx = firm_ctx
    server = smtp_servers()
    configure(ctx, server.port)
    result = send_test_mail(ctx.db, ctx.secrets, "helene.lefevre@example.fr", clock=ctx.clock)
    assert result.ok
    assert result.answer == QUEUED
    message, = server.handler.messages
    assert server.handler.recipients == ["helene.lefevre@example.fr"]
    assert message["Subject"] == SUBJECT
    assert "Lefèvre" in message["From"]


def test_refused_recipient_shows_the_refusal(firm_ctx, smtp_servers):
    ctx = firm_ctx
    server = smtp_servers(refuse=True)
    configure(ctx, server.port)
    result = send_test_mail(ctx.db, ctx.secrets, "helene.lefevre@example.fr", clock=ctx.clock)
    assert not result.ok
    assert result.answer == f"Destinataire refusé : {REFUSED}"
    assert server.handler.messages == []


def test_closed_port_is_unreachable(firm_ctx):
    ctx = firm_ctx
    port = free_port()
    configure(ctx, port)
    result = send_test_mail(ctx.db, ctx.secrets, "helene.lefevre@example.fr", clock=ctx.clock)
    assert not result.ok
    assert result.answer == f"Serveur injoignable : {HOST}:{port} (connexion refusée)."


def test_wrong_password_shows_535_and_the_typed_password_is_used(firm_ctx, smtp_servers):
    ctx = firm_ctx

    def authenticate(server, session, envelope, mechanism, auth_data):  # noqa: ANN001
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == "bon mot de passe".encode()
        return AuthResult(success=ok, handled=False)

    server = smtp_servers(authenticator=authenticate, auth_require_tls=False)
    configure(ctx, server.port, user="accueil")
    ctx.secrets.set(smtp_secret_name(HOST, "accueil"), "mauvais")
    refused = send_test_mail(ctx.db, ctx.secrets, "helene.lefevre@example.fr", clock=ctx.clock)
    assert not refused.ok
    assert refused.answer.startswith("Identifiant ou mot de passe refusé : 535")
    accepted = send_test_mail(ctx.db, ctx.secrets, "helene.lefevre@example.fr",
                              password="bon mot de passe", clock=ctx.clock)
    assert (accepted.ok, accepted.answer) == (True, QUEUED)


def test_missing_configuration_and_bad_address(firm_ctx):
    ctx = firm_ctx
    result = send_test_mail(ctx.db, ctx.secrets, "helene.lefevre@example.fr", clock=ctx.clock)
    assert not result.ok and "n'est pas configuré" in result.answer
    with pytest.raises(ValidationError) as err:
        send_test_mail(ctx.db, ctx.secrets, "helene@", clock=ctx.clock)
    assert err.value.field == "to"


def test_missing_password_is_said(firm_ctx):
    ctx = firm_ctx
    configure(ctx, free_port(), user="accueil")
    result = send_test_mail(ctx.db, ctx.secrets, "helene.lefevre@example.fr", clock=ctx.clock)
    assert not result.ok
    assert result.answer.startswith("Aucun mot de passe n'est enregistré pour le compte « accueil »")
