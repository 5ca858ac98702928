"""Parsing and French formatting of amounts (Decimal euros)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency

from themisia_desktop.core.errors import ValidationError

CENT = Decimal("0.01")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_amount(text: str | Decimal | int, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """Read what a user types: "1 250,50", "1250.5", "1 250,50 €", "250". Refuses nonsense."""
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        cleaned = _SPACES.sub("", str(text)).replace("€", "").replace("EUR", "")
        if cleaned.count(",") == 1 and "." in cleaned:  # "1.250,50"
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(f"« {text} » n'est pas un montant valide (exemple : 1 250,50).",
                                  field=field) from None
    if not value.is_finite():
        raise ValidationError(f"« {text} » n'est pas un montant valide.", field=field)
    if value < 0 and not allow_negative:
        raise ValidationError("Le montant ne peut pas être négatif.", field=field)
    if value.quantize(CENT, rounding=ROUND_HALF_UP) != value:
        raise ValidationError("Un montant a au plus deux décimales.", field=field)
    if abs(value) >= Decimal("10000000000"):
        raise ValidationError("Ce montant est trop élevé.", field=field)
    return value.quantize(CENT)


def format_eur(amount: Decimal) -> str:
    """10000 → "10 000,00 €" (French grouping with narrow no-break spaces)."""
    return format_currency(amount, "EUR", locale="fr_FR")
