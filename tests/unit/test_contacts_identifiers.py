"""What a user types in the identifier, e-mail, phone and date fields of a contact form."""

from datetime import date

import pytest
from stdnum import luhn
from stdnum.fr import siret as stdnum_siret

from themisia_desktop.core.contacts import identifiers as ids
from themisia_desktop.core.errors import ValidationError

SIREN = "552008443"          # valid Luhn key
VAT = "FR19552008443"        # derived from it


def la_poste_siret() -> str:
    """A La Poste establishment: valid by its own rule (digit sum multiple of 5), not by Luhn."""
    for nic in range(1, 1000):
        number = f"356000000{nic:05d}"
        if stdnum_siret.is_valid(number) and not luhn.is_valid(number):
            return number
    raise AssertionError("no La Poste SIRET found")


def test_a_siren_typed_with_spaces_is_stored_compact():
    assert ids.normalise_siren(" 552 008 443 ") == SIREN


def test_a_siren_with_a_wrong_key_is_refused_with_a_french_message_on_the_siren_field():
    with pytest.raises(ValidationError) as err:
        ids.normalise_siren("552 008 444")
    assert err.value.field == "siren" and "SIREN « 552 008 444 » n'est pas valide" in err.value.message


def test_a_la_poste_siret_that_fails_luhn_is_accepted_by_la_postes_own_rule():
    number = la_poste_siret()
    assert ids.normalise_siret(number) == number
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as err:
        ids.normalise_siret(broken)
    assert err.value.field == "siret"


def test_a_siret_of_another_company_than_its_siren_is_refused():
    siret = "73282932000074"
    assert ids.normalise_siret(siret) == siret
    with pytest.raises(ValidationError) as err:
        ids.normalise_siret(siret, siren=SIREN)
    assert err.value.field == "siret" and "ne commence pas par le SIREN 552 008 443" in err.value.message


def test_the_vat_number_is_offered_from_a_valid_siren_only():
    assert ids.tva_from_siren("552 008 443") == VAT
    assert ids.suggest_vat(SIREN) == VAT
    assert ids.suggest_vat("552008444") is None
    assert ids.suggest_vat("") is None


def test_a_vat_number_is_checked_and_must_match_the_siren():
    assert ids.normalise_vat("fr 19 552 008 443") == VAT
    assert ids.normalise_vat("19552008443") == VAT  # "FR" assumed
    assert ids.normalise_vat("DE 136 695 976") == "DE136695976"
    with pytest.raises(ValidationError) as err:
        ids.normalise_vat("FR18552008443")
    assert err.value.field == "vat_number" and "n'est pas valide" in err.value.message
    with pytest.raises(ValidationError) as err:
        ids.normalise_vat(VAT, siren="732829320")
    assert "ne correspond pas au SIREN" in err.value.message


def test_the_rcs_number_is_the_siren_registered_at_a_greffe():
    assert ids.normalise_rcs("Lyon", "552 008 443") == ("Lyon", "RCS Lyon 552 008 443")
    assert ids.normalise_rcs(None, "RCS Nanterre B 552 008 443") == ("Nanterre", "RCS Nanterre 552 008 443")
    with pytest.raises(ValidationError) as err:
        ids.normalise_rcs("Lyon", "552 008 444")
    assert err.value.field == "rcs_number"
    with pytest.raises(ValidationError) as err:
        ids.normalise_rcs(None, "552008443")
    assert err.value.field == "rcs_city"


def test_a_french_mobile_typed_with_spaces_is_stored_in_e164():
    assert ids.normalise_phone("06 12 34 56 78") == "+33612345678"
    assert ids.normalise_phone("+32 2 555 12 12") == "+3225551212"


def test_a_possible_but_invalid_phone_number_is_refused():
    # 0639 is not an allocated mobile range: possible length, invalid number.
    with pytest.raises(ValidationError) as err:
        ids.normalise_phone("06 39 12 34 56", field="phones[0]")
    assert err.value.field == "phones[0]" and "n'est pas valide" in err.value.message
    with pytest.raises(ValidationError):
        ids.normalise_phone("appelez-moi")


def test_an_email_is_checked_offline_and_normalised():
    assert ids.normalise_email(" Claire.Martin@Example.FR ") == "Claire.Martin@example.fr"
    with pytest.raises(ValidationError) as err:
        ids.normalise_email("claire.martin@", field="emails[0]")
    assert err.value.field == "emails[0]"
    assert err.value.message == "L'adresse e-mail « claire.martin@ » n'est pas valide."


def test_dates_are_read_in_french_or_iso_form_and_bounded():
    assert ids.parse_date("02/03/1980", field="birth_date") == date(1980, 3, 2)
    assert ids.parse_date("1980-03-02", field="birth_date") == date(1980, 3, 2)
    with pytest.raises(ValidationError) as err:
        ids.parse_date("31/02/1980", field="birth_date")
    assert err.value.field == "birth_date" and "JJ/MM/AAAA" in err.value.message
    with pytest.raises(ValidationError) as err:
        ids.parse_date(date(2030, 1, 1), field="birth_date", label="La date de naissance",
                       not_after=date(2026, 3, 2))
    assert err.value.message == "La date de naissance ne peut pas être postérieure au 02/03/2026."


def test_a_french_postal_code_has_five_digits():
    assert ids.normalise_postal_code(" 69003 ") == "69003"
    assert ids.normalise_postal_code("1000", country="BE") == "1000"
    with pytest.raises(ValidationError) as err:
        ids.normalise_postal_code("6900")
    assert err.value.field == "postal_code"
