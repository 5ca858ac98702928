"""Document templates: the defaults shipped with the application
(``resources/templates/documents/*.docx``) and the firm's own (``<store>/modeles/*.docx``).

A template is only ever chosen from this list (:class:`TemplateRef`); a name typed by a user is
never turned into a path. :func:`template_fields` reads the Jinja2 expressions of a template
(body, headers, footers, document properties) and refuses, in French, anything that is not a
known merge field: an unknown field, a bare ``{{ client }}``, a call, an attribute of something
that is not a field (``{{ ''.__class__ }}``) or a private attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from themisia_desktop.core.documents.merge_fields import FIELD_NAMES, LEAVES, ROOTS
from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.paths import resources_dir

DEFAULT = "default"
FIRM = "firm"
FIRM_FOLDER = "modeles"
DEFAULT_TITLES = {
    "convention_honoraires": "Convention d'honoraires",
    "lettre_mission": "Lettre de mission",
}
_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"


@dataclass(frozen=True)
class TemplateRef:
    origin: str  # DEFAULT or FIRM
    name: str    # file stem
    title: str
    path: Path

    @property
    def key(self) -> str:
        return f"{self.origin}:{self.name}"

    @property
    def origin_label(self) -> str:
        return "Modèle fourni" if self.origin == DEFAULT else "Modèle du cabinet"


def make_env() -> SandboxedEnvironment:
    """The one environment templates are parsed and rendered with."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def default_templates_dir() -> Path:
    return resources_dir() / "templates" / "documents"


def firm_templates_dir(store_root: Path) -> Path:
    return Path(store_root) / FIRM_FOLDER


def _title(stem: str) -> str:
    text = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return text[:1].upper() + text[1:]


def _scan(folder: Path, origin: str) -> list[TemplateRef]:
    if not folder.is_dir():
        return []
    refs = []
    for path in sorted(folder.glob("*.docx"), key=lambda p: p.name.lower()):
        if path.name.startswith("~$") or not path.is_file():  # Word's lock files
            continue
        title = DEFAULT_TITLES.get(path.stem, _title(path.stem)) if origin == DEFAULT \
            else _title(path.stem)
        refs.append(TemplateRef(origin=origin, name=path.stem, title=title, path=path))
    return refs


def list_templates(store_root: Path | None) -> list[TemplateRef]:
    """The default templates, then the firm's own (each list sorted by file name)."""
    refs = _scan(default_templates_dir(), DEFAULT)
    if store_root is not None:
        refs += _scan(firm_templates_dir(store_root), FIRM)
    return refs


def checked_path(template: TemplateRef, store_root: Path | None) -> Path:
    """The template's file, provided it is one of :func:`list_templates`."""
    folder = default_templates_dir() if template.origin == DEFAULT else (
        firm_templates_dir(store_root) if store_root is not None and template.origin == FIRM
        else None)
    path = Path(template.path)
    if folder is None or path.suffix.lower() != ".docx" or \
            path.resolve().parent != folder.resolve() or not path.is_file():
        raise ValidationError(f"Le modèle « {template.title} » est introuvable.", field="template")
    return path


def template_source(tpl: DocxTemplate) -> str:
    """Every text docxtpl renders: body, headers, footers and document properties."""
    document = open_docx(tpl.template_file)
    parts = [tpl.patch_xml(tpl.xml_to_string(document._element.body))]
    for rel in document.part.rels.values():
        if rel.reltype in (_HEADER, _FOOTER) and not rel.is_external and rel.target_part.blob:
            parts.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob))))
    props = document.core_properties
    parts += [getattr(props, p) or "" for p in ("author", "comments", "identifier", "language",
                                                  "subject", "title")]
    return "\n".join(parts)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}.{node.arg.value}"
    if isinstance(node, nodes.Name):
        return node.name
    return "…"


def fields_in_source(source: str) -> list[str]:
    """The merge fields used by a template's text, in order of first use; refuses the rest."""
    env = make_env()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError:
        raise ValidationError(
            "Le modèle contient une erreur de syntaxe : vérifiez que chaque « {{ » a son « }} » "
            "et chaque « {% » son « %} ».", field="template") from None
    free = meta.find_undeclared_variables(tree)
    used: list[str] = []
    bases: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        bases.add(id(node.node))
        name = _dotted(node)
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise ValidationError(f"Expression interdite dans le modèle : « {name} ».",
                                  field="template")
        if isinstance(node.node, nodes.Name):
            if node.node.name not in free:
                continue
            if name not in FIELD_NAMES:
                raise ValidationError(f"Le modèle utilise un champ inconnu : « {name} ».",
                                      field="template")
            if name not in used:
                used.append(name)
        elif isinstance(node.node, (nodes.Getattr, nodes.Getitem)):
            raise ValidationError(f"Le modèle utilise un champ inconnu : « {name} ».",
                                  field="template")
        else:
            raise ValidationError(f"Expression interdite dans le modèle : « {name} ».",
                                  field="template")
    if any(True for _ in tree.find_all(nodes.Call)):
        raise ValidationError("Un modèle ne peut pas appeler de fonction : utilisez seulement "
                              "les champs de fusion.", field="template")
    for node in tree.find_all(nodes.Name):
        if node.ctx != "load" or node.name not in free or id(node) in bases:
            continue
        if node.name in ROOTS:
            raise ValidationError(f"« {node.name} » n'est pas un champ : précisez lequel, par "
                                  f"exemple « {node.name}.nom ».", field="template")
        if node.name not in LEAVES:
            raise ValidationError(f"Le modèle utilise un champ inconnu : « {node.name} ».",
                                  field="template")
        if node.name not in used:
            used.append(node.name)
    return used


def template_fields(template: TemplateRef, store_root: Path | None = None) -> list[str]:
    """The merge fields a template uses (raises ValidationError on anything else)."""
    path = checked_path(template, store_root)
    try:
        return fields_in_source(template_source(DocxTemplate(path)))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ValidationError(f"« {path.name} » n'est pas un document Word (.docx) valide.",
                              field="template") from exc
