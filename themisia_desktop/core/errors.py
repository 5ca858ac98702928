"""Domain exceptions. Their messages are French: the GUI shows them as they are."""

from __future__ import annotations


class ThemisiaError(Exception):
    """Base of every error the application expects and explains to the user."""


class ValidationError(ThemisiaError):
    """Bad input: nothing was changed. ``field`` names the offending input, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(ThemisiaError):
    pass


class AuthenticationError(ThemisiaError):
    pass


class DatabaseError(ThemisiaError):
    """The database can't be used (missing file, locked, newer schema, unreachable server)."""
