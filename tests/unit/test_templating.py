from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.notify.formatting import date_courte, date_heure, date_longue, montant
from themisia_desktop.core.notify.templating import check_template, render, validate_template

NNBSP = "\u202f"  # narrow no-break space (thousands)
NBSP = "\u00a0"   # no-break space (before €)

FIELDS = {"client.nom", "client.adresse.ville", "dossier.reference", "dossier.solde",
          "dossier.ouvert_le", "relance.envoyee_a"}
SAMPLE = {
    "client": {"nom": "Boulangerie Dupont", "adresse": {"ville": "Lyon"}},
    "dossier": {"reference": "2026-0001", "solde": Decimal("10000"),
                "ouvert_le": date(2026, 3, 3)},
    "relance": {"envoyee_a": datetime(2026, 3, 3, 14, 30, tzinfo=timezone.utc)},
}


# -- French filters ----------------------------------------------------------------------------

def test_amounts_are_written_the_french_way():
    assert montant(Decimal("10000")) == f"10{NNBSP}000,00{NBSP}€"
    assert montant(Decimal("1234.565")) == f"1{NNBSP}234,57{NBSP}€"  # half up
    assert montant(0) == f"0,00{NBSP}€"
    assert montant("-15.5") == f"-15,50{NBSP}€"


def test_dates_in_french_with_the_first_of_the_month():
    assert date_courte(date(2026, 3, 3)) == "3 mars 2026"
    assert date_courte(date(2026, 3, 1)) == "1er mars 2026"
    assert date_longue(date(2026, 3, 3)) == "mardi 3 mars 2026"
    assert date_longue(date(2026, 2, 1)) == "dimanche 1er février 2026"


def test_instants_are_shown_in_paris_time_winter_and_summer():
    assert date_heure(datetime(2026, 3, 3, 14, 30, tzinfo=timezone.utc)) == "3 mars 2026 à 15:30"
    assert date_heure(datetime(2026, 7, 3, 14, 30, tzinfo=timezone.utc)) == "3 juillet 2026 à 16:30"
    # Late evening UTC is already the next day in Paris.
    assert date_courte(datetime(2026, 3, 3, 23, 30, tzinfo=timezone.utc)) == "4 mars 2026"


def test_a_mail_renders_with_every_filter():
    text = ("Bonjour {{ client.nom }},\nDossier {{ dossier.reference }} ouvert le "
            "{{ dossier.ouvert_le|date_longue }} : solde {{ dossier.solde|montant }} "
            "({{ dossier.solde|money }}), relance du {{ relance.envoyee_a|date_heure }}, "
            "le {{ dossier.ouvert_le|date }}.")
    assert render(text, SAMPLE) == (
        "Bonjour Boulangerie Dupont,\nDossier 2026-0001 ouvert le mardi 3 mars 2026 : solde "
        f"10{NNBSP}000,00{NBSP}€ (10{NNBSP}000,00{NBSP}€), relance du 3 mars 2026 à 15:30, "
        "le 3 mars 2026.")


def test_a_filter_given_the_wrong_kind_of_value_says_so_in_french():
    with pytest.raises(ValidationError, match="n'est pas une date"):
        render("{{ client.nom|date }}", SAMPLE)


# -- checking a template when it is saved ------------------------------------------------------

def test_a_correct_template_has_no_error():
    text = ("{{ client.nom }} {{ client['nom'] }} {{ client.adresse.ville|upper }} "
            "{{ client.nom.upper() }} {% for i in range(2) %}{{ i }}{% endfor %}"
            "{% if dossier.solde > 0 %}{{ dossier.solde|montant }}{% endif %}")
    assert check_template(text, FIELDS) == []


def test_unknown_merge_fields_are_named():
    errors = check_template("{{ client.xyz }} {{ dossier.reference.foo }} {{ facture.numero }}"
                            "{{ client.adresse.pays }}", FIELDS)
    assert errors == ["Champ de fusion inconnu : facture",
                      "Champ de fusion inconnu : client.xyz",
                      "Champ de fusion inconnu : dossier.reference.foo",
                      "Champ de fusion inconnu : client.adresse.pays"]


def test_loop_variables_are_not_taken_for_merge_fields():
    fields = FIELDS | {"dossier.parties"}
    assert check_template("{% for p in dossier.parties %}{{ p.nom }}{% endfor %}", fields) == []


def test_a_syntax_error_gives_its_line():
    errors = check_template("Bonjour,\n\n{{ client.nom \nMerci", FIELDS)
    assert len(errors) == 1
    assert errors[0].startswith("Ligne 4 : Erreur de syntaxe")


def test_an_unknown_filter_is_named():
    assert check_template("{{ client.nom|majuscules }}", FIELDS) == [
        "Ligne 1 : Filtre inconnu : majuscules"]


def test_validate_renders_the_sample_record_too():
    assert validate_template("{{ dossier.solde|montant }}", FIELDS, SAMPLE) == []
    errors = validate_template("{{ client.nom|date }}", FIELDS, SAMPLE)
    assert errors == ["« Boulangerie Dupont » n'est pas une date."]


# -- the sandbox -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ client.__class__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ self._TemplateReference__context }}",
])
def test_sandbox_escapes_are_refused_when_saved_and_when_rendered(text):
    errors = check_template(text, FIELDS)
    assert errors and all("opération interdite" in e for e in errors)
    with pytest.raises(ValidationError, match="opération interdite"):
        render(text, SAMPLE)


def test_a_template_cannot_change_the_data_it_is_given():
    with pytest.raises(ValidationError, match="opération interdite"):
        render("{{ client.update({'nom': 'X'}) }}", SAMPLE)
    assert SAMPLE["client"]["nom"] == "Boulangerie Dupont"


def test_an_unknown_field_at_render_time_is_a_french_error():
    with pytest.raises(ValidationError, match="Champ de fusion absent ou inconnu") as info:
        render("Bonjour {{ client.prenom }}", SAMPLE)
    assert info.value.field == "body"


# -- HTML --------------------------------------------------------------------------------------

def test_html_mail_escapes_merge_fields_but_not_the_template():
    ctx = {"client": {"nom": "<script>alert('x')</script> & fils"}}
    html = render("<p>Bonjour <b>{{ client.nom }}</b></p>", ctx, html=True)
    assert html == ("<p>Bonjour <b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; fils"
                    "</b></p>")
    text = render("Bonjour {{ client.nom }}", ctx)
    assert text == "Bonjour <script>alert('x')</script> & fils"


# -- bounds ------------------------------------------------------------------------------------

def test_output_size_is_bounded():
    text = "{% for i in range(5000) %}" + "x" * 50 + "{% endfor %}"
    with pytest.raises(ValidationError, match="dépasse la taille permise"):
        render(text, {})
    assert len(render(text, {}, max_chars=300_000)) == 250_000


@pytest.mark.parametrize("text", [
    "{{ 'x' * 10000000 }}",
    "{% for i in range(10000000) %}{% endfor %}",
    "{% for i in range(5000) %}{% for j in range(5000) %}{% endfor %}{% endfor %}",
    "{{ 'x'|center(999999999) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '{:>{}}'.format(1, 999999999) }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ '%.999999f' % 1 }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ 'x'.ljust(999999999) }}",
    "{{ 'x'|wordwrap(5)|indent(99999999) }}",
    "{{ 99999999 ** 64 ** 64 }}",
])
def test_runaway_templates_are_stopped(text):
    with pytest.raises(ValidationError, match="opération interdite"):
        render(text, {})


def test_large_numbers_are_fine_where_they_do_not_make_text_grow():
    text = ("{{ 25000|default(0) }} {{ 12345.678|round(2) }} {{ '%05d'|format(42) }} "
            "{{ client.nom|truncate(20000) }} {{ 'ab'.replace('a', 'x', 50000) }} "
            "{{ 'Facture 123456 : %s' % dossier.reference }} {{ '{} : {:>8}'.format('n°', 12345) }}")
    assert render(text, SAMPLE) == ("25000 12345.68 00042 Boulangerie Dupont xb "
                                    "Facture 123456 : 2026-0001 n° :    12345")


def test_user_text_is_never_a_template_name():
    # With a loader, "{% include %}" would read a file; user templates have none.
    with pytest.raises(ValidationError):
        render("{% include '/etc/passwd' %}", {})
