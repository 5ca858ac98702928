"""Folding, sort names and search text of contacts."""

import pytest

from themisia_desktop.core.text import contact_search_text, contact_sort_name, fold, phone_search_forms


@pytest.mark.parametrize("raw, folded", [
    ("LEFÈVRE", "lefevre"),
    ("Hélène", "helene"),
    ("Gaëlle  Noël", "gaelle noel"),
    ("  Cœur   de   Lion ", "coeur de lion"),
    ("ÆSOPE", "aesope"),
    ("Lætitia Lecœur", "laetitia lecoeur"),
    ("François-Xavier D\u2019Almeida", "francois-xavier d'almeida"),
    ("Straße", "strasse"),
    ("Ça\u00a0va\tbien\n", "ca va bien"),
    ("SARL « L'Étoile »", "sarl « l'etoile »"),
    ("", ""),
    (None, ""),
])
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_fold_is_idempotent_and_ascii_for_french_names():
    for name in ("Hélène Lefèvre", "Gaëlle Noël", "Jérôme Bénard", "Anaïs Lecœur", "Maëlle Crépin"):
        once = fold(name)
        assert fold(once) == once
        assert once.isascii()


def test_sort_name_puts_a_person_last_name_first():
    assert contact_sort_name("person", display_name="Hélène Lefèvre", last_name="LEFÈVRE",
                             first_name="Hélène") == "lefevre helene"
    assert contact_sort_name("person", display_name="Cher", last_name="", first_name="Cher") == "cher"
    assert contact_sort_name("person", display_name="Noël", last_name="Noël", first_name=None) == "noel"


def test_sort_name_of_companies_and_courts_is_the_folded_display_name():
    assert contact_sort_name("company", display_name="Boulangerie  Lefèvre") == "boulangerie lefevre"
    assert contact_sort_name("jurisdiction", display_name="Tribunal judiciaire d'Évry") == \
        "tribunal judiciaire d'evry"


def test_phone_search_forms():
    assert phone_search_forms("+33612345678") == ["+33612345678", "0612345678"]
    assert phone_search_forms("+33 1 42 60 20 20".replace(" ", "")) == ["+33142602020", "0142602020"]
    assert phone_search_forms("+442079460000") == ["+442079460000", "02079460000"]
    assert phone_search_forms("+3237654321") == ["+3237654321", "037654321"]
    assert phone_search_forms("not a phone") == ["not a phone"]
    assert phone_search_forms("  ") == []


def test_search_text_holds_every_way_to_find_a_contact():
    text = contact_search_text(
        "Boulangerie Lefèvre", emails=["Contact@Boulangerie-Lefevre.example", None],
        phones=["+33472123456"], siren="732829320", siret="73282932000074",
        vat_number="FR44732829320", city="Saint-Étienne")
    assert text == ("boulangerie lefevre contact@boulangerie-lefevre.example +33472123456 0472123456 "
                    "732829320 73282932000074 fr44732829320 saint-etienne")


def test_search_text_drops_repeats_and_empty_parts_but_keeps_the_name_whole():
    text = contact_search_text("Jean Jean", emails=["jean@x.example", "JEAN@x.example"], phones=[],
                               city="", siren=None)
    assert text == "jean jean jean@x.example"
    assert contact_search_text(None) == ""
