"""A throwaway PostgreSQL server for one test session (the suite's PostgreSQL pass).

``PostgresServer`` runs ``initdb`` into a temporary folder, starts the server with ``pg_ctl``
on a free loopback port (its Unix socket also in that folder, ``fsync`` off: the data dies with
the session anyway), and gives back an administrator URL for psycopg 3::

    with PostgresServer() as server:
        server.admin_url   # postgresql+psycopg://themisia_admin:…@127.0.0.1:PORT/postgres

``initdb`` refuses to run as root. When the tests run as root (CI containers), every server
command runs as the ``postgres`` system user (created if missing) through ``runuser``, and the
temporary folder is handed over to that user.

Also usable by hand, to get a server for a manual run::

    python -m tests.helpers.postgres_server     # prints the URL; Ctrl-C stops and removes it
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import threading
import tempfile
from pathlib import Path

ADMIN_ROLE = "themisia_admin"
SERVICE_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine, or the server would not start."""


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def find_bindir() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres`` (newest version first)."""
    candidates: list[Path] = []
    env = os.environ.get("THEMISIA_PG_BINDIR")
    if env:
        candidates.append(Path(env))
    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin",
                    "/opt/homebrew/opt/postgresql@*/bin", "/usr/local/opt/postgresql@*/bin"):
        candidates.extend(Path(p) for p in sorted(glob.glob(pattern), key=_version_key, reverse=True))
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                 check=True, timeout=10).stdout.strip()
            if out:
                candidates.append(Path(out))
        except (subprocess.SubprocessError, OSError):
            pass
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for c in candidates:
        if (c / "initdb").is_file() and (c / "pg_ctl").is_file() and (c / "postgres").is_file():
            return c
    raise PostgresUnavailable(
        "PostgreSQL introuvable : installez le serveur (Debian : apt-get install postgresql) "
        "ou indiquez son dossier bin dans THEMISIA_PG_BINDIR.")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ensure_service_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        SERVICE_USER], check=True, capture_output=True)
        return pwd.getpwnam(SERVICE_USER)


class PostgresServer:
    def __init__(self, *, base_dir: str | os.PathLike | None = None) -> None:
        self.bindir = find_bindir()
        self.as_root = os.geteuid() == 0
        self._base_parent = base_dir
        self.base: Path | None = None
        self.port: int | None = None
        self.password = secrets.token_urlsafe(18)
        self._running = False

    # -- paths -----------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        assert self.base is not None
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.base is not None
        return self.base / "socket"

    @property
    def log_file(self) -> Path:
        assert self.base is not None
        return self.base / "server.log"

    @property
    def admin_url(self) -> str:
        assert self.port is not None
        return f"postgresql+psycopg://{ADMIN_ROLE}:{self.password}@127.0.0.1:{self.port}/postgres"

    # -- running commands ------------------------------------------------------------------
    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", SERVICE_USER, "--", *cmd]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"  # the cluster is created with --no-locale; keep messages plain
        result = subprocess.run(cmd, cwd=self.base, env=env, capture_output=True, text=True,
                                timeout=timeout, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""
            raise PostgresUnavailable(
                f"{tool} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{log}")
        return result

    # -- life cycle ------------------------------------------------------------------------
    def start(self) -> str:
        parent = self._base_parent
        if parent is None and self.as_root:
            parent = "/tmp"  # the service user must be able to reach it (not under /root)
        self.base = Path(tempfile.mkdtemp(prefix="themisia-pg-", dir=parent))
        try:
            self._init()
            last_error: Exception | None = None
            for _attempt in range(5):  # the free port may be taken between probe and bind
                self.port = free_port()
                self._write_config()
                try:
                    self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file),
                              "-w", "-t", "60", "start")
                except PostgresUnavailable as exc:
                    last_error = exc
                    continue
                self._running = True
                break
            else:
                raise PostgresUnavailable(f"PostgreSQL would not start: {last_error}")
            self._wait_ready()
            return self.admin_url
        except BaseException:
            self.stop()
            raise

    def _init(self) -> None:
        assert self.base is not None
        self.socket_dir.mkdir()
        pwfile = self.base / "pw"
        pwfile.write_text(self.password + "\n")
        if self.as_root:
            user = _ensure_service_user()
            for p in (self.base, self.socket_dir, pwfile):
                os.chown(p, user.pw_uid, user.pw_gid)
        pwfile.chmod(0o600)
        self._run("initdb", "-D", str(self.data_dir), "-U", ADMIN_ROLE, f"--pwfile={pwfile}",
                  "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync",
                  timeout=300)
        pwfile.unlink()

    def _write_config(self) -> None:
        conf = self.data_dir / "postgresql.auto.conf"
        # postgresql.auto.conf is read last: rewriting it per attempt changes only the port.
        conf.write_text(
            "# written by tests/helpers/postgres_server.py\n"
            "listen_addresses = '127.0.0.1'\n"
            f"port = {self.port}\n"
            f"unix_socket_directories = '{self.socket_dir}'\n"
            "fsync = off\n"
            "synchronous_commit = off\n"
            "full_page_writes = off\n"
            "max_connections = 200\n"
            "shared_buffers = '64MB'\n"
            "log_min_messages = warning\n"
        )

    def _wait_ready(self, timeout: int = 30) -> None:
        """``pg_ctl -w`` already waited for the server; pg_isready (which waits by itself, up
        to ``timeout`` seconds) confirms it answers on the TCP address the tests use."""
        self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-t", str(timeout),
                  timeout=timeout + 10)

    def stop(self) -> None:
        if self.base is None:
            return
        try:
            if self._running:
                try:
                    self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop",
                              timeout=60)
                except (PostgresUnavailable, subprocess.TimeoutExpired):
                    self._kill_postmaster()
                self._running = False
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    def _kill_postmaster(self) -> None:
        pidfile = self.data_dir / "postmaster.pid"
        try:
            pid = int(pidfile.read_text().splitlines()[0])
            os.kill(pid, 9)
        except (OSError, ValueError, IndexError):
            pass

    def __enter__(self) -> "PostgresServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":  # pragma: no cover - manual use
    with PostgresServer() as server:
        print(server.admin_url, flush=True)
        try:
            threading.Event().wait()  # until Ctrl+C
        except KeyboardInterrupt:
            pass
