"""Secrets (SMTP, database passwords) in the OS keyring, never on disk in clear.

When the machine has no keyring backend (headless Linux, a badly frozen build), the store says
so with a French message; the caller may then keep a password *for this session only*, in
memory, with :meth:`SecretStore.remember_for_session`. There is no silent file fallback.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from themisia_desktop.core.errors import ThemisiaError

SERVICE = "Themisia"
# A Windows credential holds at most ~1,280 characters; no secret of ours comes close.
MAX_SECRET_LENGTH = 1000


class KeyringUnavailable(ThemisiaError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Aucun trousseau de mots de passe n'est disponible sur ce poste : le mot de passe ne "
            "peut pas être enregistré. Il sera demandé à chaque démarrage."
            + (f" ({detail})" if detail else "")
        )


def _backend_usable() -> bool:
    backend = keyring.get_keyring()
    name = type(backend).__module__ + "." + type(backend).__name__
    return not name.startswith(("keyring.backends.fail", "keyring.backends.null"))


class SecretStore:
    """Named secrets of this firm, e.g. ``smtp:mail.cabinet.fr:alice``."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._session: dict[str, str] = {}

    @property
    def available(self) -> bool:
        return _backend_usable()

    def get(self, name: str) -> str | None:
        if name in self._session:
            return self._session[name]
        if not _backend_usable():
            return None
        try:
            return keyring.get_password(self.service, name)
        except NoKeyringError:
            return None
        except KeyringError as exc:
            raise KeyringUnavailable(str(exc)) from exc

    def set(self, name: str, secret: str) -> None:
        if len(secret) > MAX_SECRET_LENGTH:
            raise ThemisiaError("Ce mot de passe est trop long pour le trousseau du système.")
        if not _backend_usable():
            raise KeyringUnavailable()
        try:
            keyring.set_password(self.service, name, secret)
        except KeyringError as exc:
            raise KeyringUnavailable(str(exc)) from exc
        self._session.pop(name, None)

    def delete(self, name: str) -> None:
        self._session.pop(name, None)
        if not _backend_usable():
            return
        try:
            keyring.delete_password(self.service, name)
        except PasswordDeleteError:
            pass

    def remember_for_session(self, name: str, secret: str) -> None:
        """Keep a secret in memory until the application quits (no keyring available)."""
        self._session[name] = secret
