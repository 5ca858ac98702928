"""Start-up time of the GUI: from process start to the first paint of the first window.

    python benchmarks/bench_startup.py [--contacts 100000] [--runs 7] [--db PATH]

Builds (once) a demonstration base with ``themisia-admin demo`` (kept between runs: delete the
file to rebuild it), then starts ``python -m themisia_desktop --db PATH --measure-startup``
several times with the offscreen Qt platform. The first run is "cold" (after dropping the page
cache when run as root, otherwise simply the first), the others "warm" (median). A bare PySide6
process that paints one label is measured the same way, in the same run, so the ratio says what
Themisia adds over Qt's own start-up. Budget: 600 ms warm, 1.5 s cold. No assertion: figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

WARM_BUDGET_MS = 600.0
COLD_BUDGET_MS = 1500.0
FALLBACK_PASSWORD = "Banc-d-essai-2026"
LINE = re.compile(r"^(?P<what>first-paint|ready)-ms: (?P<ms>\d+(?:\.\d+)?)$")

BASELINE = r"""
import time
t0 = time.perf_counter()
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    print(f"first-paint-ms: {(time.perf_counter() - t0) * 1000:.1f}", flush=True)
    app.exit(0)

app = QApplication(sys.argv)
label = QLabel("Bonjour")
probe = Probe()
label.installEventFilter(probe)
label.show()
sys.exit(app.exec())
"""

_CLI = "import sys; from themisia_desktop.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclass
class Run:
    in_process_ms: float  # what the program itself reports (from its first line of Python)
    from_spawn_ms: float  # from Popen() to the line on stdout (includes the interpreter start)
    ready_ms: float | None = None  # Themisia only: base open, login/wizard usable (in-process)


def drop_page_cache() -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def measure(cmd: list[str], env: dict[str, str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    seen_at = None
    reported: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        m = LINE.match(line.strip())
        if m:
            if m["what"] == "first-paint":
                seen_at = time.perf_counter()
            reported[m["what"]] = float(m["ms"])
    _out, err = proc.communicate(timeout=120)
    if proc.returncode != 0 or "first-paint" not in reported or seen_at is None:
        raise SystemExit(f"run failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return Run(reported["first-paint"], (seen_at - start) * 1000, reported.get("ready"))


def ensure_database(path: Path, contacts: int) -> str:
    """Return a description of the base; build it when the file does not exist."""
    if path.exists():
        return f"existing file {path}"
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    env = {**os.environ, "THEMISIA_HOME": str(path.parent / "home")}
    print(f"generating the demo base ({contacts} contacts) in {path} …", flush=True)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CLI, "--db", url, "demo", "--contacts",
                           str(contacts), "--seed", "1"], env=env, capture_output=True, text=True)
    if proc.returncode == 0:
        return f"demo base, {contacts} contacts, generated in {time.perf_counter() - t:.1f} s"
    print(f"demo generation unavailable ({proc.stderr.strip().splitlines()[-1:]}); "
          "falling back to a firm with no data", flush=True)
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    subprocess.run([sys.executable, "-c", _CLI, "--db", url, "init", "--firm", "Cabinet Banc d'essai",
                    "--admin-login", "bench", "--admin-first-name", "Banc",
                    "--admin-last-name", "Essai", "--password-stdin"],
                   env=env, input=FALLBACK_PASSWORD + "\n", text=True, check=True,
                   capture_output=True)
    return f"EMPTY firm (demo generator unavailable) in {path}"


def series(label: str, cmd: list[str], env: dict[str, str], runs: int) -> tuple[Run, list[Run]]:
    dropped = drop_page_cache()
    cold = measure(cmd, env)
    warm = [measure(cmd, env) for _ in range(runs - 1)]
    note = "after dropping the page cache" if dropped else "first run, page cache NOT dropped"
    def ready(runs: list[Run]) -> str:
        values = [r.ready_ms for r in runs if r.ready_ms is not None]
        return f"; ready {statistics.median(values):7.1f} ms" if values else ""

    print(f"  {label}")
    print(f"    cold ({note}): first paint {cold.in_process_ms:7.1f} ms in-process, "
          f"{cold.from_spawn_ms:7.1f} ms from spawn{ready([cold])}")
    print(f"    warm (median of {len(warm)}):{'':<19}first paint "
          f"{statistics.median(r.in_process_ms for r in warm):7.1f} ms in-process, "
          f"{statistics.median(r.from_spawn_ms for r in warm):7.1f} ms from spawn{ready(warm)}")
    return cold, warm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7, help="runs per series (≥ 2)")
    parser.add_argument("--db", type=Path, help="SQLite file to use (built if missing)")
    args = parser.parse_args(argv)
    runs = max(2, args.runs)
    path = args.db or Path(tempfile.gettempdir()) / "themisia-bench" / f"demo-{args.contacts}.sqlite3"
    what = ensure_database(path.resolve(), args.contacts)

    app_cmd = [sys.executable, "-m", "themisia_desktop", "--db", str(path), "--measure-startup"]
    with tempfile.TemporaryDirectory(prefix="themisia-bench-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        fresh = {**env, "THEMISIA_HOME": str(Path(tmp) / "fresh")}
        returning = {**env, "THEMISIA_HOME": str(Path(tmp) / "returning")}
        # A workstation where someone logged in before: the login is remembered.
        config = Path(tmp) / "returning" / "config"
        config.mkdir(parents=True)
        (config / "settings.json").write_text(json.dumps({"last_login": "utilisateur"}))
        print(f"base: {what}")
        print(f"{runs} runs per series, Python {sys.version.split()[0]}, QT_QPA_PLATFORM=offscreen;"
              " 'ready' = base open and the login dialog usable")
        app_cold, app_warm = series("themisia, returning user (login remembered)", app_cmd,
                                    returning, runs)
        series("themisia, first start on this workstation (no remembered login)", app_cmd,
               fresh, runs)
        base_cold, base_warm = series("bare PySide6 label (baseline)",
                                      [sys.executable, "-c", BASELINE], env, runs)

    warm_ms = statistics.median(r.from_spawn_ms for r in app_warm)
    base_warm_ms = statistics.median(r.from_spawn_ms for r in base_warm)
    print(f"ratio themisia (returning user) / bare Qt, from spawn: warm "
          f"{warm_ms / base_warm_ms:.2f}, cold {app_cold.from_spawn_ms / base_cold.from_spawn_ms:.2f}")
    print(f"budget warm {WARM_BUDGET_MS:.0f} ms: {'ok' if warm_ms <= WARM_BUDGET_MS else 'OVER'} "
          f"({warm_ms:.0f} ms); cold {COLD_BUDGET_MS:.0f} ms: "
          f"{'ok' if app_cold.from_spawn_ms <= COLD_BUDGET_MS else 'OVER'} "
          f"({app_cold.from_spawn_ms:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
