"""``themisia-admin``: the command line for the firm's IT person and for scripts."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from themisia_desktop import __version__
from themisia_desktop.core.errors import ThemisiaError, ValidationError
from themisia_desktop.core.models.enums import UserCategory

CATEGORIES = ", ".join(f"{c.value} ({c.label})" for c in UserCategory)


class FrenchParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own messages stay English; ours aren't
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = FrenchParser(
        prog="themisia-admin",
        description="Administration de Themisia : base de données, sauvegardes, utilisateurs, démo.",
    )
    p.add_argument("--version", action="version", version=f"Themisia {__version__}")
    p.add_argument("--db", metavar="URL",
                   help="base à utiliser : URL SQLAlchemy (sqlite:///… ou postgresql://…) ou chemin "
                        "d'un fichier SQLite ; par défaut la base locale de l'utilisateur")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMANDE", parser_class=FrenchParser)

    init = sub.add_parser("init", help="créer le cabinet et son premier administrateur")
    init.add_argument("--firm", required=True, help="nom du cabinet")
    init.add_argument("--city", help="ville du cabinet")
    init.add_argument("--siren", help="SIREN du cabinet")
    _user_arguments(init, prefix="admin-")
    init.add_argument("--password-stdin", action="store_true",
                      help="lire le mot de passe sur l'entrée standard (une ligne)")

    dbp = sub.add_parser("db", help="schéma de la base")
    dbsub = dbp.add_subparsers(dest="db_command", required=True, metavar="ACTION", parser_class=FrenchParser)
    dbsub.add_parser("upgrade", help="mettre la base à jour (une copie de sauvegarde est faite avant)")
    dbsub.add_parser("status", help="afficher la version du schéma")

    bk = sub.add_parser("backup", help="sauvegarder la base SQLite dans un fichier")
    bk.add_argument("file", type=Path, metavar="FICHIER")
    rs = sub.add_parser("restore", help="remplacer la base par une sauvegarde (la base actuelle est "
                                        "d'abord sauvegardée)")
    rs.add_argument("file", type=Path, metavar="FICHIER")
    rs.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")

    users = sub.add_parser("users", help="utilisateurs du cabinet")
    usub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION", parser_class=FrenchParser)
    add = usub.add_parser("add", help="ajouter un utilisateur")
    add.add_argument("login", help="identifiant de connexion")
    _user_arguments(add, prefix="", with_login=False)
    add.add_argument("--rate", help="taux horaire standard HT en euros (ex. 250 ou 250,00)")
    add.add_argument("--admin", action="store_true", help="administrateur")
    add.add_argument("--group", action="append", default=[], help="groupe (répétable)")
    add.add_argument("--password-stdin", action="store_true",
                     help="lire le mot de passe sur l'entrée standard (une ligne)")
    ls = usub.add_parser("list", help="lister les utilisateurs")
    ls.add_argument("--json", action="store_true", help="sortie JSON")
    ls.add_argument("--all", action="store_true", help="inclure les comptes désactivés")
    rp = usub.add_parser("reset-password", help="changer le mot de passe d'un utilisateur")
    rp.add_argument("login")
    rp.add_argument("--password-stdin", action="store_true",
                    help="lire le mot de passe sur l'entrée standard (une ligne)")

    demo = sub.add_parser("demo", help="créer le cabinet de démonstration dans une base vide")
    demo.add_argument("--contacts", type=int, default=2000, help="nombre de contacts (défaut 2000)")
    demo.add_argument("--seed", type=int, default=1, help="graine du générateur (défaut 1)")

    _contacts_arguments(sub)
    dup = sub.add_parser("duplicates", help="rechercher les doublons probables dans toute la base")
    dup.add_argument("--json", action="store_true", help="sortie JSON")
    return p


def _contacts_arguments(sub) -> None:  # noqa: ANN001 - argparse's private subparsers action
    contacts = sub.add_parser("contacts", help="contacts : import, export, recherche, fiche")
    csub = contacts.add_subparsers(dest="contacts_command", required=True, metavar="ACTION",
                                   parser_class=FrenchParser)
    imp = csub.add_parser(
        "import", help="importer des contacts depuis un fichier CSV ou vCard (.vcf)",
        description="Importe un fichier CSV (séparateur ; ou , ; UTF-8 ou Windows-1252). Les "
                    "en-têtes français ou anglais sont reconnus (nom, prénom, raison sociale, "
                    "forme juridique, siren, siret, tva, email, téléphone, adresse, code postal, "
                    "ville, type, statut). Un fichier .vcf (vCard 2.1, 3.0 ou 4.0 : Outlook, Apple, "
                    "Google) est lu fiche par fiche, l'UID gardé comme référence externe. Chaque "
                    "ligne ou fiche est vérifiée comme dans la fiche contact ; une ligne ou fiche "
                    "invalide est rejetée avec sa position et la raison.")
    imp.add_argument("file", type=Path, metavar="FICHIER")
    imp.add_argument("--map", action="append", default=[], metavar="COLONNE=champ",
                     help="associer une colonne du fichier à un champ (répétable) ; champs : "
                          "kind, status, civility, last_name, first_name, legal_name, legal_form, "
                          "siren, siret, vat_number, email, phone, address, address2, postal_code, "
                          "city, country, notes, external_ref")
    imp.add_argument("--source-id", metavar="COLONNE",
                     help="colonne de l'identifiant dans le logiciel d'origine (gardé comme "
                          "référence externe)")
    imp.add_argument("--all-or-nothing", action="store_true",
                     help="tout importer en une seule transaction, ou rien si une ligne est rejetée")
    exp = csub.add_parser("export", help="exporter les contacts dans un fichier CSV (pour Excel)")
    exp.add_argument("file", type=Path, metavar="FICHIER")
    se = csub.add_parser("search", help="rechercher des contacts (nom, e-mail, téléphone, SIREN, ville)")
    se.add_argument("text", metavar="TEXTE")
    se.add_argument("--json", action="store_true", help="sortie JSON")
    se.add_argument("--all-statuses", action="store_true",
                    help="inclure les clients partis et les prospects perdus")
    se.add_argument("--limit", type=int, default=50, help="nombre maximal de résultats (défaut 50)")
    sh = csub.add_parser("show", help="afficher la fiche d'un contact et son bandeau financier")
    sh.add_argument("id", type=int, metavar="ID")
    sh.add_argument("--json", action="store_true", help="sortie JSON")

    wf = sub.add_parser("workflows", help="automatisations : liste, import, export, activation, essai")
    wsub = wf.add_subparsers(dest="workflows_command", required=True)
    wl = wsub.add_parser("list", help="lister les automatisations")
    wl.add_argument("--json", action="store_true", help="sortie JSON")
    wi = wsub.add_parser("import", help="importer une automatisation (fichier JSON ; importée désactivée)")
    wi.add_argument("file", metavar="FICHIER")
    we = wsub.add_parser("export", help="exporter une automatisation dans un fichier JSON")
    we.add_argument("id", type=int, metavar="ID")
    we.add_argument("file", metavar="FICHIER", nargs="?", help="fichier (sortie standard si absent)")
    for name, text in (("enable", "activer"), ("disable", "désactiver"),
                       ("dry-run", "montrer ce qu'elle ferait aujourd'hui, sans rien modifier")):
        p = wsub.add_parser(name, help=f"{text} une automatisation" if name != "dry-run" else text)
        p.add_argument("id", type=int, metavar="ID")
    sw = sub.add_parser("sweep", help="surveiller maintenant les règles de temps (seuils, échéances) "
                                      "et traiter les événements en attente")
    sw.add_argument("--now", metavar="AAAA-MM-JJTHH:MM",
                    help="instant de référence (heure de Paris si sans fuseau), pour rattraper ou tester")
    rn = sub.add_parser("runs", help="dernières exécutions des automatisations")
    rn.add_argument("--json", action="store_true", help="sortie JSON")
    rn.add_argument("--limit", type=int, default=50, help="nombre d'exécutions (50 par défaut)")

    outbox = sub.add_parser("outbox", help="courriels en attente d'envoi")
    osub = outbox.add_subparsers(dest="outbox_command", required=True)
    osub.add_parser("flush", help="envoyer maintenant les courriels dus (code 3 si certains échouent)")
    ol = osub.add_parser("list", help="afficher les derniers courriels et leur état")
    ol.add_argument("--limit", type=int, default=50, help="nombre de courriels (50 par défaut)")


def _user_arguments(p: argparse.ArgumentParser, *, prefix: str, with_login: bool = True) -> None:
    if with_login:
        p.add_argument(f"--{prefix}login", required=True, help="identifiant de l'administrateur")
    p.add_argument(f"--{prefix}first-name", required=True, help="prénom")
    p.add_argument(f"--{prefix}last-name", required=True, help="nom")
    p.add_argument(f"--{prefix}email", help="adresse e-mail")
    p.add_argument(f"--{prefix}category", default="partner" if prefix else "associate",
                   help=f"catégorie : {CATEGORIES}")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise ValidationError("Aucun mot de passe reçu sur l'entrée standard.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValidationError("Pas de terminal pour saisir le mot de passe : utilisez --password-stdin.")
    first = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Confirmez le mot de passe : ") != first:
        raise ValidationError("Les deux mots de passe ne correspondent pas.")
    return first


def _open(args: argparse.Namespace):
    from themisia_desktop.context import AppContext

    ctx = AppContext.open(args.db)
    if ctx.upgrade is not None:
        up = ctx.upgrade
        if up.from_revision is None:
            print(f"Base créée (schéma {up.to_revision}) : {ctx.db.display_name()}", file=sys.stderr)
        else:
            print(f"Base mise à jour : {up.from_revision} → {up.to_revision}"
                  + (f" (sauvegarde : {up.backup})" if up.backup else ""), file=sys.stderr)
    return ctx


def cmd_init(args: argparse.Namespace) -> int:
    from themisia_desktop.core.firm.setup import FirmInput, create_firm
    from themisia_desktop.core.firm.users import NewUser

    ctx = _open(args)
    try:
        password = _read_password(args.password_stdin)
        admin = create_firm(
            ctx.db, ctx.clock, FirmInput(name=args.firm, city=args.city, siren=args.siren),
            NewUser(login=args.admin_login, password=password, first_name=args.admin_first_name,
                    last_name=args.admin_last_name, email=args.admin_email,
                    category=args.admin_category),
            with_automations=True,
        )
    finally:
        ctx.close()
    print(f"Cabinet « {args.firm} » créé ; administrateur : {admin.login}.")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from themisia_desktop.core.db import migrate

    ctx = _open(args)
    try:
        rev = migrate.current_revision(ctx.db)
        if args.db_command == "upgrade" and ctx.upgrade is None:
            print(f"La base est déjà à jour (version {rev}).")
        elif args.db_command == "status":
            print(f"Base : {ctx.db.display_name()}\nVersion du schéma : {rev} "
                  f"(dernière connue : {migrate.head_revision()})")
    finally:
        ctx.close()
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from themisia_desktop.core.db.backup import backup_file

    ctx = _open(args)
    try:
        if ctx.db.sqlite_path is None:
            raise ValidationError("Une base PostgreSQL se sauvegarde avec les outils du serveur "
                                  "(pg_dump) ; cette commande sauvegarde une base SQLite.")
        dest = backup_file(ctx.db.sqlite_path, args.file)
    finally:
        ctx.close()
    print(f"Sauvegarde écrite : {dest} ({dest.stat().st_size:,} octets).".replace(",", " "))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from themisia_desktop.core.clock import Clock
    from themisia_desktop.core.db.backup import backup_file, check_backup, restore_file, timestamped_name
    from themisia_desktop.core.db.engine import Database

    db = Database(args.db) if args.db else None
    if db is None:
        from themisia_desktop.core.paths import UserDirs
        from themisia_desktop.core.settings import LocalSettings

        dirs = UserDirs.default()
        url = LocalSettings.load(dirs.config / "settings.json").database_url
        db = Database(url or dirs.ensure().default_database)
    target = db.sqlite_path
    db.dispose()
    if target is None:
        raise ValidationError("La restauration d'une base PostgreSQL se fait avec pg_restore.")
    check_backup(args.file)
    if not args.yes:
        if not sys.stdin.isatty():
            raise ValidationError("Confirmation impossible sans terminal : ajoutez --yes.")
        answer = input(f"Remplacer le contenu de {target} par {args.file} ? [o/N] ")
        if answer.strip().lower() not in ("o", "oui", "y", "yes"):
            print("Restauration abandonnée ; rien n'a changé.")
            return 1
    if target.exists():
        safety = backup_file(target, target.parent / "sauvegardes" /
                             timestamped_name("avant-restauration", Clock().now()))
        print(f"Base actuelle sauvegardée dans {safety}.")
    restore_file(args.file, target)
    ctx = _open(args)  # upgrades the restored base if it is older
    ctx.close()
    print(f"Base restaurée depuis {args.file}.")
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    from themisia_desktop.core.firm import users
    from themisia_desktop.core.money import parse_amount

    ctx = _open(args)
    try:
        if args.users_command == "list":
            rows = users.list_users(ctx.db, include_inactive=args.all)
            if args.json:
                print(json.dumps([{
                    "id": u.id, "login": u.login, "first_name": u.first_name, "last_name": u.last_name,
                    "email": u.email, "category": u.category.value, "is_admin": u.is_admin,
                    "is_active": u.is_active, "groups": list(u.groups),
                    "standard_rate": str(u.standard_rate) if u.standard_rate is not None else None,
                } for u in rows], ensure_ascii=False, indent=2))
            else:
                for u in rows:
                    flags = " [admin]" if u.is_admin else ""
                    print(f"{u.login:<16} {u.full_name:<30} {u.category.label:<14}{flags}")
                if not rows:
                    print("Aucun utilisateur.")
        elif args.users_command == "add":
            rate: Decimal | None = parse_amount(args.rate, field="rate") if args.rate else None
            new = users.NewUser(
                login=args.login, password="", first_name=args.first_name,
                last_name=args.last_name, email=args.email, category=args.category,
                standard_rate=rate, is_admin=args.admin, groups=tuple(args.group))
            users.validate_new_user(new)  # report a bad login before asking for a password
            password = _read_password(args.password_stdin)
            u = users.create_user(ctx.db, ctx.clock, replace(new, password=password))
            print(f"Utilisateur « {u.login} » créé.")
        elif args.users_command == "reset-password":
            users.reset_password(ctx.db, ctx.clock, args.login, _read_password(args.password_stdin))
            print(f"Mot de passe de « {args.login} » changé.")
    finally:
        ctx.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from themisia_desktop.core.demo import generate_demo

    if args.contacts < 1:
        raise ValidationError("--contacts doit être un nombre positif.")
    ctx = _open(args)
    try:
        summary = generate_demo(ctx.db, ctx.clock, contacts=args.contacts, seed=args.seed)
    finally:
        ctx.close()
    print(f"Cabinet de démonstration créé en {summary.seconds:.1f} s.")
    for table, count in summary.counts.items():
        print(f"  {table:<22} {count:>10,}".replace(",", " "))
    print("Comptes de démonstration (identifiant / mot de passe) :")
    for login, password, name in summary.users:
        print(f"  {login:<12} {password:<22} {name}")
    return 0


def cmd_contacts(args: argparse.Namespace) -> int:
    handler = {"import": _contacts_import, "export": _contacts_export,
               "search": _contacts_search, "show": _contacts_show}[args.contacts_command]
    ctx = _open(args)
    try:
        return handler(ctx, args)
    finally:
        ctx.close()


def _contacts_import(ctx, args: argparse.Namespace) -> int:  # noqa: ANN001 - AppContext
    from themisia_desktop.core.contacts.io_csv import import_contacts, parse_mapping

    if args.file.suffix.lower() in (".vcf", ".vcard"):
        return _contacts_import_vcard(ctx, args)
    report = import_contacts(ctx.db, ctx.clock, args.file, mapping=parse_mapping(args.map),
                             source_column=args.source_id, all_or_nothing=args.all_or_nothing,
                             actor_id=getattr(ctx, "current_user", None) and ctx.current_user.id)
    if report.ignored_columns:
        print("Colonnes ignorées : " + ", ".join(report.ignored_columns), file=sys.stderr)
    for r in report.rejected:
        print(f"Ligne {r.line} rejetée : {r.message}", file=sys.stderr)
    print(f"{len(report.imported)} importés, {len(report.rejected)} rejetés.")
    if not report.committed:
        print("Import annulé (--all-or-nothing) : aucun contact n'a été créé.")
    return 1 if report.rejected else 0


def _contacts_import_vcard(ctx, args: argparse.Namespace) -> int:  # noqa: ANN001 - AppContext
    from themisia_desktop.core.contacts.io_vcard import import_vcards

    if args.map or args.source_id:
        print("--map et --source-id ne concernent que les fichiers CSV : ignorés.", file=sys.stderr)
    report = import_vcards(ctx.db, ctx.clock, args.file, all_or_nothing=args.all_or_nothing,
                           actor_id=getattr(ctx, "current_user", None) and ctx.current_user.id)
    for r in report.rejected:
        name = f" « {r.name} »" if r.name else ""
        print(f"Fiche n° {r.position}{name} (ligne {r.line}) rejetée : {r.message}",
              file=sys.stderr)
    print(f"{len(report.imported)} importés, {len(report.rejected)} rejetés.")
    if not report.committed:
        print("Import annulé (--all-or-nothing) : aucun contact n'a été créé.")
    return 1 if report.rejected else 0


def _contacts_export(ctx, args: argparse.Namespace) -> int:  # noqa: ANN001
    from themisia_desktop.core.contacts.io_csv import export_contacts

    count = export_contacts(ctx.db, args.file)
    print(f"{count} contacts exportés dans {args.file}.")
    return 0


def _contacts_search(ctx, args: argparse.Namespace) -> int:  # noqa: ANN001
    from themisia_desktop.core.contacts.search import ALL_STATUSES, fetch_rows, search_contact_ids

    if args.limit < 1:
        raise ValidationError("--limit doit être un nombre positif.")
    ids = search_contact_ids(ctx.db, args.text, statuses=ALL_STATUSES if args.all_statuses else None,
                             limit=args.limit)
    rows = fetch_rows(ctx.db, ids)
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r.id:>8}  {r.display_name:<40} {r.status:<16} {r.city}")
    if not rows:
        print("Aucun contact trouvé.")
    return 0


def _contacts_show(ctx, args: argparse.Namespace) -> int:  # noqa: ANN001
    from dataclasses import asdict

    from themisia_desktop.core.contacts.kyc import kyc_state
    from themisia_desktop.core.contacts.service import get_contact
    from themisia_desktop.core.finance.balances import client_banner

    today = ctx.clock.today()
    c = get_contact(ctx.db, args.id)
    kyc = kyc_state(ctx.db, args.id, today)
    banner = client_banner(ctx.db, args.id, today)
    details = c.details
    data = {
        "id": c.id, "kind": c.kind.value, "kind_label": c.kind.label, "display_name": c.display_name,
        "status": c.status.value, "status_label": c.status.label,
        "details": {k: _jsonable(v) for k, v in asdict(details).items()} if details else None,
        "emails": list(c.emails), "phones": list(c.phones),
        "addresses": [a.one_line() for a in c.addresses], "external_ref": c.external_ref,
        "merged_into_id": c.merged_into_id,
        "kyc": {"status": kyc.status.value, "status_label": kyc.status.label,
                "expires_on": _jsonable(kyc.expires_on), "reviews": kyc.reviews,
                "checklist": {i.key: i.done for i in kyc.checklist}},
        "banner": {"encours": str(banner.encours), "solde_du": str(banner.solde_du),
                   "creances_douteuses": str(banner.creances_douteuses),
                   "active_matters": banner.active_matters,
                   "archived_matters": banner.archived_matters},
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{c.display_name} (n° {c.id}) — {c.kind.label}, {c.status.label}")
    for line in data["addresses"]:
        print(f"  Adresse : {line}")
    for value in c.emails:
        print(f"  E-mail : {value}")
    for value in c.phones:
        print(f"  Téléphone : {value}")
    print(f"  KYC : {kyc.status.label}" + (f" (expire le {kyc.expires_on:%d/%m/%Y})" if kyc.expires_on else ""))
    print(f"  Encours : {_euros(banner.encours)}   Solde dû : {_euros(banner.solde_du)}   "
          f"Créances douteuses : {_euros(banner.creances_douteuses)}")
    print(f"  Dossiers actifs : {banner.active_matters}   archivés : {banner.archived_matters}")
    return 0


def _jsonable(value):  # noqa: ANN001, ANN202
    from datetime import date

    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _euros(amount: Decimal) -> str:
    return f"{amount:,.2f} €".replace(",", "\u202f").replace(".", ",")


def cmd_duplicates(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from themisia_desktop.core.contacts.duplicate_scan import scan_duplicates
    from themisia_desktop.core.models import Contact

    ctx = _open(args)
    try:
        groups = scan_duplicates(ctx.db)
        ids = sorted({i for g in groups for i in g.contact_ids})
        refs: dict[int, str | None] = {}
        with ctx.db.read() as s:
            for start in range(0, len(ids), 500):
                refs.update(s.execute(select(Contact.id, Contact.external_ref)
                                      .where(Contact.id.in_(ids[start:start + 500]))).all())
    finally:
        ctx.close()
    if args.json:
        print(json.dumps([{
            "contact_ids": g.contact_ids, "display_names": g.display_names,
            "external_refs": [refs.get(i) for i in g.contact_ids], "score": g.score,
            "pairs": [{"a": p.a, "b": p.b, "score": p.score, "reasons": p.reasons} for p in g.pairs],
        } for g in groups], ensure_ascii=False, indent=2))
        return 0
    for g in groups:
        print(f"Score {g.score} : " + " ; ".join(
            f"{name} (n° {i}{', réf. ' + refs[i] if refs.get(i) else ''})"
            for i, name in zip(g.contact_ids, g.display_names)))
        for p in g.pairs:
            print(f"    {p.a} ~ {p.b} ({p.score}) : " + ", ".join(p.reasons))
    print(f"{len(groups)} groupes de doublons probables." if groups else "Aucun doublon probable.")
    return 0


def cmd_workflows(args: argparse.Namespace) -> int:
    from themisia_desktop import cli_automation as auto

    ctx = _open(args)
    try:
        command = args.workflows_command
        if command == "list":
            return auto.workflows_list(ctx, args.json)
        if command == "import":
            return auto.workflows_import(ctx, args.file)
        if command == "export":
            return auto.workflows_export(ctx, args.id, args.file)
        if command == "enable":
            return auto.workflows_enable(ctx, args.id)
        if command == "disable":
            return auto.workflows_disable(ctx, args.id)
        return auto.workflows_dry_run(ctx, args.id)
    finally:
        ctx.close()


def _parse_now(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"--now : date et heure invalides « {text} » "
                              "(attendu par exemple 2026-03-02T09:30).") from None


def cmd_sweep(args: argparse.Namespace) -> int:
    from themisia_desktop import cli_automation as auto

    now = _parse_now(args.now)
    ctx = _open(args)
    try:
        return auto.sweep(ctx, now)
    finally:
        ctx.close()


def cmd_runs(args: argparse.Namespace) -> int:
    from themisia_desktop import cli_automation as auto

    ctx = _open(args)
    try:
        return auto.runs(ctx, args.json, args.limit)
    finally:
        ctx.close()


def cmd_outbox(args: argparse.Namespace) -> int:
    from themisia_desktop.cli_notify import outbox_flush, outbox_list

    ctx = _open(args)
    try:
        if args.outbox_command == "flush":
            return outbox_flush(ctx)
        return outbox_list(ctx, limit=args.limit)
    finally:
        ctx.close()


COMMANDS = {"init": cmd_init, "db": cmd_db, "backup": cmd_backup, "restore": cmd_restore,
            "users": cmd_users, "demo": cmd_demo, "contacts": cmd_contacts,
            "duplicates": cmd_duplicates, "outbox": cmd_outbox, "workflows": cmd_workflows,
            "sweep": cmd_sweep, "runs": cmd_runs}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ThemisiaError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
