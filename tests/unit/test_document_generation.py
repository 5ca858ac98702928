"""Documents generated from .docx templates: merge fields, the default templates, the sandbox."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from tests.unit.contact_factory import make_person
from tests.unit.matter_factory import make_client_matter, make_matter, make_user
from themisia_desktop.core.documents.generate import generate_document
from themisia_desktop.core.documents.merge_fields import (FIELD_NAMES, flatten, french_date,
                                                          merge_context)
from themisia_desktop.core.documents.store import document_path, list_documents
from themisia_desktop.core.documents.templates import (DEFAULT, FIRM, TemplateRef,
                                                       list_templates, template_fields)
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.models import Address, Document, Interaction, NegotiatedRate


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def matter(firm_ctx):
    with firm_ctx.db.write() as s:
        return make_client_matter(s)


def text_of(path: Path) -> str:
    document = docx.Document(path)
    lines = [p.text for p in document.paragraphs]
    lines += [c.text for t in document.tables for row in t.rows for c in row.cells]
    lines += [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join(lines)


def template(root: Path, name: str, text: str) -> TemplateRef:
    """A firm template (``<store>/modeles/<name>.docx``) holding one paragraph."""
    folder = root / "modeles"
    folder.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_paragraph(text)
    document.save(folder / f"{name}.docx")
    [ref] = [t for t in list_templates(root) if t.origin == FIRM and t.name == name]
    return ref


def default(root: Path, name: str) -> TemplateRef:
    return next(t for t in list_templates(root) if t.origin == DEFAULT and t.name == name)


def test_the_default_templates_are_listed_with_french_titles(root):
    titles = [(t.origin, t.title) for t in list_templates(root)]
    assert titles == [(DEFAULT, "Convention d'honoraires"), (DEFAULT, "Lettre de mission")]
    for ref in list_templates(root):
        assert set(template_fields(ref, root)) <= FIELD_NAMES


def test_generating_the_convention_fills_client_reference_and_hourly_rate(firm_ctx, matter, root):
    ctx = firm_ctx
    client_id, matter_id = matter
    doc_id = generate_document(ctx.db, ctx.clock, root, default(root, "convention_honoraires"),
                               matter_id, user_id=ctx.current_user.id)

    path = document_path(ctx.db, root, doc_id)
    assert path.name == "Convention d'honoraires - 2026-0001.docx"
    text = text_of(path)
    assert "Boulangerie Dupont SARL" in text
    assert "Dossier n° 2026-0001 – Litige commercial" in text
    assert "au taux horaire de 200,00\u00a0€ hors taxes" in text
    assert "240,00\u00a0€ toutes taxes comprises" in text
    assert "Cabinet Lefèvre & Associés" in text  # « & » escaped in the XML, shown as typed
    assert f"Fait à Lyon, le {french_date(ctx.clock.today())}" in text
    assert "{{" not in text and "{%" not in text
    [info] = list_documents(ctx.db, matter_id=matter_id)
    assert info.template_name == "Convention d'honoraires"
    with ctx.db.read() as s:
        line = s.scalars(select(Interaction).where(Interaction.kind == "document")).one()
    assert line.contact_id == client_id
    assert line.subject == "Document généré au dossier 2026-0001 : Convention d'honoraires – 2026-0001"


def test_the_letter_speaks_to_a_person_and_uses_the_negotiated_rate(firm_ctx, root):
    ctx = firm_ctx
    with ctx.db.write() as s:
        client = make_person(s, "Hélène", "Martin", civility="Mme", status="client_active",
                             emails=("h.martin@example.fr",))
        s.add(Address(contact_id=client, line1="12 rue de la République", postal_code="69002",
                      city="Lyon", is_primary=True))
        lawyer = make_user(s, "pdurand", rate="250")
        s.add(NegotiatedRate(client_id=client, user_id=lawyer, hourly_rate=Decimal("180"),
                             effective_from=date(2025, 1, 1)))
        matter_id = make_matter(s, client, lawyer, reference="2026-0042", title="Divorce")
    fields = flatten(merge_context(ctx.db, ctx.clock, matter_id))
    assert set(fields) == FIELD_NAMES
    assert fields["client.designation"] == ("Madame Hélène Martin, demeurant 12 rue de la "
                                            "République, 69002 Lyon")
    assert fields["avocat.taux_horaire"] == "180,00\u00a0€"

    doc_id = generate_document(ctx.db, ctx.clock, root, default(root, "lettre_mission"), matter_id)
    text = text_of(document_path(ctx.db, root, doc_id))
    assert "Madame,\n" in text and "Madame Hélène Martin" not in text.split("Madame,")[0]
    assert "12 rue de la République, 69002 Lyon" in text
    assert "au taux horaire de 180,00\u00a0€ hors taxes" in text
    assert "Objet : lettre de mission – dossier 2026-0042 – Divorce" in text


def test_french_dates():
    assert french_date(date(2026, 1, 5)) == "5 janvier 2026"
    assert french_date(date(2026, 3, 1)) == "1er mars 2026"
    assert french_date(date(2026, 8, 15)) == "15 août 2026"


@pytest.mark.parametrize("text, named", [
    ("Bonjour {{ client.inconnu }}", "« client.inconnu »"),
    ("{{ honoraires }}", "« honoraires »"),
    ("{{ client }}", "« client »"),
    ("{{ client.nom.upper }}", "« client.nom.upper »"),
])
def test_a_template_with_an_unknown_field_is_refused_in_french(firm_ctx, matter, root, text,
                                                               named):
    ctx = firm_ctx
    ref = template(root, "courrier", text)
    with pytest.raises(ValidationError) as err:
        generate_document(ctx.db, ctx.clock, root, ref, matter[1])
    assert named in err.value.message and err.value.field == "template"
    assert list_documents(ctx.db, matter_id=matter[1]) == []


@pytest.mark.parametrize("text", [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cabinet.nom.__class__ }}",
    "{{ cabinet.nom|attr('__class__') }}",
    "{{ range(10) }}",
    "{{ cycler.__init__.__globals__ }}",
    "{% for x in client.nom %}{{ x.__class__ }}{% endfor %}",
    "{{ client.nom",
])
def test_sandbox_escapes_fail_safely(firm_ctx, matter, root, text):
    ctx = firm_ctx
    ref = template(root, "piege", text)
    with pytest.raises(ValidationError) as err:
        generate_document(ctx.db, ctx.clock, root, ref, matter[1])
    assert err.value.field == "template"
    assert err.value.message.startswith(("Le modèle", "Expression interdite", "Un modèle"))
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
    assert not (root / "matters").exists()


def test_a_template_outside_the_template_folders_is_refused(firm_ctx, matter, root, tmp_path):
    ctx = firm_ctx
    stray = tmp_path / "ailleurs.docx"
    docx.Document().save(stray)
    forged = TemplateRef(origin=FIRM, name="ailleurs", title="Ailleurs", path=stray)
    with pytest.raises(ValidationError) as err:
        generate_document(ctx.db, ctx.clock, root, forged, matter[1])
    assert "introuvable" in err.value.message


def test_a_firm_template_is_listed_and_generated(firm_ctx, matter, root):
    ctx = firm_ctx
    ref = template(root, "attestation_de_saisine",
                   "{{ cabinet.nom }} atteste être saisi par {{ client.nom }} "
                   "(dossier {{ dossier.reference }}) le {{ date_du_jour }}.")
    assert (ref.title, ref.origin_label) == ("Attestation de saisine", "Modèle du cabinet")
    assert template_fields(ref, root) == ["cabinet.nom", "client.nom", "dossier.reference",
                                          "date_du_jour"]
    doc_id = generate_document(ctx.db, ctx.clock, root, ref, matter[1])
    assert text_of(document_path(ctx.db, root, doc_id)).startswith(
        "Cabinet Lefèvre & Associés atteste être saisi par Boulangerie Dupont SARL "
        f"(dossier 2026-0001) le {french_date(ctx.clock.today())}.")
