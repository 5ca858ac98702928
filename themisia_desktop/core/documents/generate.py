"""Generate a matter's document from a .docx template and keep it in the document store.

The template is checked first (:func:`~.templates.template_fields`: only known merge fields),
then rendered by docxtpl in a Jinja2 ``SandboxedEnvironment`` with ``StrictUndefined`` and XML
autoescaping (« Lefèvre & Associés » stays valid Word XML). The values are read in one read
unit of work; the result is written with its row, event and journal line in one transaction.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

from docxtpl import DocxTemplate
from jinja2 import TemplateError, UndefinedError
from jinja2.sandbox import SecurityError

from themisia_desktop.core.clock import Clock
from themisia_desktop.core.db.engine import Database
from themisia_desktop.core.documents.merge_fields import merge_context_in
from themisia_desktop.core.documents.store import store_document
from themisia_desktop.core.documents.templates import (TemplateRef, checked_path, make_env,
                                                       template_fields)
from themisia_desktop.core.errors import ValidationError

MAX_OUTPUT_BYTES = 20 * 1024 * 1024


def render_template(path: Path, context: dict[str, Any]) -> bytes:
    """Render ``path`` with ``context`` in the sandbox; French ValidationError on failure."""
    tpl = DocxTemplate(path)
    try:
        tpl.render(context, jinja_env=make_env(), autoescape=True)
    except SecurityError:
        raise ValidationError("Le modèle tente une opération interdite : il ne peut utiliser que "
                              "les champs de fusion.", field="template") from None
    except UndefinedError as exc:
        raise ValidationError(f"Le modèle utilise un champ inconnu ({exc.message}).",
                              field="template") from None
    except TemplateError as exc:
        raise ValidationError(f"Le modèle n'a pas pu être rempli : {exc.message}.",
                              field="template") from None
    out = io.BytesIO()
    tpl.save(out)
    data = out.getvalue()
    if len(data) > MAX_OUTPUT_BYTES:
        raise ValidationError("Le document produit par ce modèle est anormalement volumineux.",
                              field="template")
    return data


def output_file_name(template: TemplateRef, reference: str) -> str:
    return f"{template.title} - {reference}.docx"


def generate_document(db: Database, clock: Clock, store_root: Path, template: TemplateRef,
                      matter_id: int, *, user_id: int | None = None,
                      title: str | None = None) -> int:
    """Fill ``template`` for ``matter_id`` and store the .docx; returns the document id."""
    path = checked_path(template, store_root)
    template_fields(template, store_root)
    with db.read() as s:
        context = merge_context_in(s, clock.today(), matter_id)
    data = render_template(path, context)
    reference = context["dossier"]["reference"]

    def write(out: BinaryIO) -> None:
        out.write(data)

    return store_document(
        db, clock, store_root, write=write, file_name=output_file_name(template, reference),
        title=title or f"{template.title} – {reference}", matter_id=matter_id,
        template_name=template.title, user_id=user_id)
