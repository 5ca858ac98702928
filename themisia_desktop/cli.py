"""``themisia-admin``: the command line for the firm's IT person and for scripts."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
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
    return p


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


COMMANDS = {"init": cmd_init, "db": cmd_db, "backup": cmd_backup, "restore": cmd_restore,
            "users": cmd_users, "demo": cmd_demo}


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
