"""Password hashing with Argon2id (memory-hard), via argon2-cffi."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from themisia_desktop.core.errors import ValidationError

MIN_LENGTH = 10
_HASHER = PasswordHasher()  # RFC 9106 "low memory" profile: 64 MiB, 3 passes


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères.", field="password"
        )
    if password.strip() != password:
        raise ValidationError(
            "Le mot de passe ne doit pas commencer ni finir par un espace.", field="password"
        )


def hash_password(password: str) -> str:
    check_strength(password)
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)
