"""What the « Doublons » screen keeps between two scans: the pairs still to decide, regrouped
after each merge, undo or dismissal, and the French text of its two tables."""

from __future__ import annotations

from themisia_desktop.core.contacts.duplicate_scan import (DuplicateGroup, DuplicateMember,
                                                           DuplicatePair, group_pairs)
from themisia_desktop.core.contacts.search import format_phone
from themisia_desktop.core.models.enums import ContactKind, ContactStatus
from themisia_desktop.gui.tables import LEFT

GROUP_HEADERS = ("Fiches du groupe", "Nombre", "Meilleur score", "Raisons principales")
GROUP_ALIGNS = (LEFT, LEFT, LEFT, LEFT)
MEMBER_HEADERS = ("Nom", "Type", "Statut", "E-mail", "Téléphone", "SIREN", "Ville",
                  "Réf. externe", "Créée le")
MEMBER_ALIGNS = (LEFT,) * len(MEMBER_HEADERS)
MAX_REASONS = 3


class DuplicateBoard:
    """The live pairs of the last scan and the groups they form (a~b, b~c → {a, b, c})."""

    def __init__(self) -> None:
        self.pairs: list[DuplicatePair] = []
        self.names: dict[int, str] = {}
        self.groups: list[DuplicateGroup] = []

    def load(self, groups: list[DuplicateGroup]) -> None:
        self.pairs = [p for g in groups for p in g.pairs]
        self.names = {i: n for g in groups for i, n in zip(g.contact_ids, g.display_names)}
        self.groups = list(groups)

    def _keep(self, keep) -> list[DuplicatePair]:  # noqa: ANN001
        removed = [p for p in self.pairs if not keep(p)]
        if removed:
            self.pairs = [p for p in self.pairs if keep(p)]
            self.groups = group_pairs(self.pairs, self.names)
        return removed

    def merged(self, keep_id: int, gone_id: int) -> list[DuplicatePair]:
        """``gone_id`` was merged into ``keep_id``: no pair with it is left. Returns the pairs
        removed (given back by :meth:`restore` when the merge is undone)."""
        return self._keep(lambda p: gone_id not in (p.a, p.b))

    def dismissed(self, ids: list[int]) -> list[DuplicatePair]:
        """No two of ``ids`` are duplicates: their pairs go."""
        chosen = set(ids)
        return self._keep(lambda p: not (p.a in chosen and p.b in chosen))

    def restore(self, pairs: list[DuplicatePair]) -> None:
        live = {(p.a, p.b) for p in self.pairs}
        self.pairs += [p for p in pairs if (p.a, p.b) not in live]
        self.groups = group_pairs(self.pairs, self.names)

    def best_pair(self, group: DuplicateGroup) -> tuple[int, int]:
        return group.pairs[0].a, group.pairs[0].b


def group_reasons(group: DuplicateGroup) -> tuple[str, ...]:
    """The reasons of the group's pairs, most frequent first (ties: best pairs first)."""
    counts: dict[str, int] = {}
    for pair in group.pairs:
        for reason in pair.reasons:
            counts[reason] = counts.get(reason, 0) + 1
    return tuple(sorted(counts, key=lambda r: -counts[r]))


def reasons_text(reasons: tuple[str, ...]) -> str:
    """« Même nom, même e-mail »: one sentence, the later reasons in lower case."""
    return ", ".join(r if i == 0 else r[:1].lower() + r[1:] for i, r in enumerate(reasons))


def group_row(group: DuplicateGroup) -> tuple[str, ...]:
    reasons = group_reasons(group)
    shown = reasons_text(reasons[:MAX_REASONS]) + ("…" if len(reasons) > MAX_REASONS else "")
    return (" ; ".join(group.display_names), str(len(group.contact_ids)), f"{group.score} %",
            shown)


def group_tip(group: DuplicateGroup) -> str:
    names = dict(zip(group.contact_ids, group.display_names))
    lines = [f"{names.get(p.a, '')} ~ {names.get(p.b, '')} : {p.score} % — "
             f"{reasons_text(tuple(p.reasons))}" for p in group.pairs]
    return "\n".join(lines)


def member_row(member: DuplicateMember | None, contact_id: int, name: str) -> tuple[str, ...]:
    """One record of the group; « — » for what it lacks."""
    if member is None:
        return (f"{name} (n° {contact_id})",) + ("—",) * (len(MEMBER_HEADERS) - 1)

    def label(enum, value: str) -> str:  # noqa: ANN001
        try:
            return enum(value).label
        except ValueError:
            return value

    status = label(ContactStatus, member.status)
    if member.merged:
        status = "Fusionnée"
    return (f"{member.display_name} (n° {member.id})", label(ContactKind, member.kind), status,
            member.email or "—", format_phone(member.phone) or "—", member.siren or "—",
            member.city or "—", member.external_ref or "—",
            member.created_on.strftime("%d/%m/%Y") if member.created_on else "—")
