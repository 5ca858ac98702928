"""User-authored message templates (mails, pop-ups), rendered in a Jinja2 sandbox.

Two environments: plain text (no autoescape) and HTML (autoescape), both with
``StrictUndefined`` so a misspelt merge field is an error rather than an empty string. User
text is only ever compiled with ``from_string`` — never used as a template name. Rendering is
bounded: output size, ``range`` iterations, string repetition and numeric arguments.

Merge fields are dotted names such as ``client.nom`` or ``dossier.reference``; the context is a
plain dict of dicts (``{"client": {"nom": "Dupont"}}``).
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import (
    SecurityError,
    TemplateAssertionError,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.meta import find_undeclared_variables
from jinja2.sandbox import ImmutableSandboxedEnvironment

from themisia_desktop.core.errors import ValidationError
from themisia_desktop.core.notify.formatting import FILTERS, FormattingError

MAX_OUTPUT_CHARS = 100_000
MAX_TEMPLATE_CHARS = 100_000
MAX_LOOP_ITERATIONS = 10_000
MAX_NUMBER_ARGUMENT = 10_000
# A huge or computed field width in a %-format or a str.format spec.
_PERCENT_WIDTH = re.compile(r"%[-#0 +]*(\d{5,}|\*|\d*\.(\d{5,}|\*))")
_BRACE_WIDTH = re.compile(r"\{[^{}]*:[^{}]*(\d{5,}|\{)")

FORBIDDEN = "Ce modèle tente une opération interdite"


class _RenderBudget:
    def __init__(self) -> None:
        self.iterations = 0


_budget: contextvars.ContextVar[_RenderBudget | None] = contextvars.ContextVar(
    "themisia_template_budget", default=None)


def _bounded_range(*args: int) -> range:
    values = range(*args)
    budget = _budget.get()
    spent = len(values) + (budget.iterations if budget is not None else 0)
    if spent > MAX_LOOP_ITERATIONS:
        raise SecurityError("range too large")
    if budget is not None:
        budget.iterations = spent
    return values


def _check_numbers(args: Iterable[Any]) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER_ARGUMENT:
            raise SecurityError("numeric argument too large")


# Filters and string methods whose numeric arguments set the size of what they produce.
_SIZE_FILTERS = frozenset({"center", "indent", "wordwrap", "batch", "slice"})
_SIZE_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _guard_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def guarded(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_numbers(args)
        _check_numbers(kwargs.values())
        return func(value, *args, **kwargs)

    return guarded


def _guard_format(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def guarded(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and _PERCENT_WIDTH.search(value):
            raise SecurityError("format width too large")
        return func(value, *args, **kwargs)

    return guarded


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, plus limits on what can blow up memory or time."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int):
                    if len(seq) * count > MAX_OUTPUT_CHARS:
                        raise SecurityError("repetition too large")
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("exponent too large")
            if isinstance(left, int) and left.bit_length() * abs(right) > 20_000:
                raise SecurityError("power too large")
        elif operator == "%" and isinstance(left, str) and _PERCENT_WIDTH.search(left):
            raise SecurityError("format width too large")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        method = getattr(__obj, "__wrapped__", __obj)
        bound_to = getattr(method, "__self__", None)
        if isinstance(bound_to, str) and getattr(method, "__name__", "") in _SIZE_METHODS:
            _check_numbers(args)
            _check_numbers(kwargs.values())
        if isinstance(bound_to, str) and _BRACE_WIDTH.search(bound_to):
            raise SecurityError("format width too large")
        return super().call(__context, __obj, *args, **kwargs)


def _make_environment(*, html: bool) -> _BoundedSandbox:
    env = _BoundedSandbox(autoescape=html, undefined=StrictUndefined, auto_reload=False,
                          cache_size=0, keep_trailing_newline=True)
    for name in _SIZE_FILTERS:
        env.filters[name] = _guard_filter(env.filters[name])
    env.filters["format"] = _guard_format(env.filters["format"])
    env.filters.update(FILTERS)
    env.globals["range"] = _bounded_range
    return env


TEXT_ENV = _make_environment(html=False)
HTML_ENV = _make_environment(html=True)


def _env(html: bool) -> _BoundedSandbox:
    return HTML_ENV if html else TEXT_ENV


# -- checking when a template is saved ---------------------------------------------------------

def _syntax_message(exc: TemplateError) -> str:
    detail = getattr(exc, "message", None) or str(exc)
    lineno = getattr(exc, "lineno", None)
    if isinstance(exc, TemplateAssertionError) and detail.startswith("No filter named"):
        name = detail.split("'")[1] if "'" in detail else detail
        text = f"Filtre inconnu : {name}"
    elif isinstance(exc, TemplateAssertionError) and detail.startswith("No test named"):
        name = detail.split("'")[1] if "'" in detail else detail
        text = f"Test inconnu : {name}"
    else:
        text = f"Erreur de syntaxe : {detail}"
    return f"Ligne {lineno} : {text}" if lineno else text


def _chain(node: nodes.Node) -> tuple[str, list[str]] | None:
    """``client.adresse.ville`` / ``client["nom"]`` → ("client", ["adresse", "ville"])."""
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif (isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const)
              and isinstance(node.arg.value, str)):
            parts.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name):
            return node.name, list(reversed(parts))
        else:
            return None


class _FieldChecker:
    def __init__(self, allowed: set[str], roots: set[str]) -> None:
        self.allowed = allowed
        self.prefixes = {".".join(f.split(".")[:i]) for f in allowed
                         for i in range(1, f.count(".") + 2)}
        self.roots = roots  # names the template reads from the context (not loop variables)
        self.errors: list[str] = []

    def _report(self, message: str) -> None:
        if message not in self.errors:
            self.errors.append(message)

    def _check_chain(self, node: nodes.Node, *, method_call: bool) -> bool:
        """Check one attribute chain; True when handled (children must not be re-checked)."""
        found = _chain(node)
        if found is None:
            return False
        root, parts = found
        if root not in self.roots or any(p.startswith("_") for p in parts):
            return True
        if method_call and parts:
            parts = parts[:-1]  # client.nom.upper(): the method is not a merge field
        path = root
        for part in parts:
            if path in self.allowed:  # past a leaf field: attribute of a value
                self._report(f"Champ de fusion inconnu : {path}.{part}")
                return True
            path = f"{path}.{part}"
            if path not in self.prefixes:
                self._report(f"Champ de fusion inconnu : {path}")
                return True
        return True

    def visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            self._report(f"{FORBIDDEN} (accès à « {node.attr} »).")
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr | nodes.Getitem):
            if self._check_chain(node.node, method_call=True):
                for child in (*node.args, *node.kwargs):
                    self.visit(child)
                for child in (node.dyn_args, node.dyn_kwargs):
                    if child is not None:
                        self.visit(child)
                self._visit_forbidden_only(node.node)
                return
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            if self._check_chain(node, method_call=False):
                self._visit_forbidden_only(node)
                return
        for child in node.iter_child_nodes():
            self.visit(child)

    def _visit_forbidden_only(self, node: nodes.Node) -> None:
        for sub in node.find_all(nodes.Getattr):
            if sub.attr.startswith("_"):
                self._report(f"{FORBIDDEN} (accès à « {sub.attr} »).")
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            self._report(f"{FORBIDDEN} (accès à « {node.attr} »).")


def check_template(text: str, allowed_fields: Iterable[str], *, html: bool = False) -> list[str]:
    """Every problem of a template, in French: syntax errors (with their line), unknown filters,
    unknown merge fields (« Champ de fusion inconnu : client.xyz ») and sandbox escapes.
    An empty list means the template may be saved (then test-render it on a sample record)."""
    if len(text) > MAX_TEMPLATE_CHARS:
        return [f"Le modèle est trop long (plus de {MAX_TEMPLATE_CHARS:,} caractères)."
                .replace(",", " ")]
    env = _env(html)
    try:
        ast = env.parse(text)
        env.compile(ast)  # unknown filters and tests are found here
    except TemplateError as exc:
        return [_syntax_message(exc)]
    allowed = set(allowed_fields)
    top_level = {f.split(".")[0] for f in allowed}
    used = find_undeclared_variables(ast)
    errors = [f"Champ de fusion inconnu : {name}"
              for name in sorted(used - top_level - set(env.globals))]
    checker = _FieldChecker(allowed, used & top_level)
    checker.visit(ast)
    return errors + checker.errors


# -- rendering ---------------------------------------------------------------------------------

def _render_error(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        return f"{FORBIDDEN} ; le message n'a pas été produit."
    if isinstance(exc, UndefinedError):
        return f"Champ de fusion absent ou inconnu ({exc.message})."
    if isinstance(exc, FormattingError):
        return str(exc)
    if isinstance(exc, TemplateSyntaxError):
        return _syntax_message(exc)
    return f"Le modèle n'a pas pu être appliqué : {exc}"


def render(text: str, context: Mapping[str, Any], *, html: bool = False,
           max_chars: int = MAX_OUTPUT_CHARS, field: str = "body") -> str:
    """Render a user template with ``context``. Any failure — syntax, missing field, sandbox
    escape, output above ``max_chars`` — raises ValidationError with a French message."""
    if len(text) > MAX_TEMPLATE_CHARS:
        raise ValidationError("Le modèle est trop long.", field=field)
    env = _env(html)
    token = _budget.set(_RenderBudget())
    try:
        template = env.from_string(text)
        pieces: list[str] = []
        size = 0
        for piece in template.generate(dict(context)):
            size += len(piece)
            if size > max_chars:
                limit = f"{max_chars:,}".replace(",", " ")
                raise ValidationError(
                    f"Le message produit par ce modèle dépasse la taille permise ({limit} "
                    "caractères).", field=field)
            pieces.append(piece)
        return "".join(pieces)
    except ValidationError:
        raise
    except (TemplateError, FormattingError, ArithmeticError, TypeError, ValueError) as exc:
        raise ValidationError(_render_error(exc), field=field) from None
    finally:
        _budget.reset(token)


def validate_template(text: str, allowed_fields: Iterable[str], sample: Mapping[str, Any], *,
                      html: bool = False) -> list[str]:
    """What to run when a template is saved: the static check, then a test render against a
    sample record. Returns French errors (empty when the template is fine)."""
    errors = check_template(text, allowed_fields, html=html)
    if errors:
        return errors
    try:
        render(text, sample, html=html)
    except ValidationError as exc:
        return [exc.message]
    return []
