"""Benchmark: duplicate detection on a generated base, against brute force in the same run.

    python benchmarks/bench_duplicates.py [--contacts 100000] [--sample 3000]

1. Generates the demo base once (``core.demo.generate_demo``) into ``benchmarks/out/`` and
   reuses it afterwards.
2. Times ``scan_duplicates`` on the whole base (budget: 5 s for 100,000 contacts).
3. Times ``find_candidates`` for drafts as a user types them — a contact's name in other
   case/accents, with a title or a legal form, half-typed, sometimes with its e-mail or phone —
   and prints p50/p95 (budget: 10 ms).
4. Recall: on samples of ``--sample`` contacts (one drawn at random, one a slice of
   neighbouring names, dense in similar names), compares the blocked scan with a brute-force
   all-pairs scoring (same ``score_pair``, no blocking): recall % (budget ≥ 95 %) and speed ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from themisia_desktop.core.clock import FixedClock  # noqa: E402
from themisia_desktop.core.contacts import duplicate_scan as scan  # noqa: E402
from themisia_desktop.core.contacts.duplicates import DuplicateProbe, find_candidates  # noqa: E402
from themisia_desktop.core.db import Database, make_url_for_path, migrate  # noqa: E402
from themisia_desktop.core.demo import generate_demo  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
SEED = 7


def base(contacts: int) -> Database:
    path = OUT / f"dup-{contacts // 1000}k-seed{SEED}.sqlite3"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        db = Database(make_url_for_path(part))
        migrate.upgrade(db, backup_dir=None, clock=FixedClock(NOW))
        started = time.perf_counter()
        generate_demo(db, FixedClock(NOW), contacts=contacts, seed=SEED)
        db.dispose()
        part.rename(path)
        print(f"generated {contacts:,} contacts in {time.perf_counter() - started:.1f} s → {path}")
    return Database(make_url_for_path(path))


def bench_scan(db: Database) -> None:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        groups = scan.scan_duplicates(db)
        times.append(time.perf_counter() - started)
    pairs = sum(len(g.pairs) for g in groups)
    print(f"scan_duplicates: {min(times):.2f} s best, {statistics.median(times):.2f} s median "
          f"(budget 5 s) — {len(groups):,} groups, {pairs:,} pairs")


def _drafts(db: Database, n: int) -> list[DuplicateProbe]:
    rng = random.Random(SEED)
    with db.read() as s:
        facts, names = scan.load_all_facts(s)
    drafts = []
    for f in rng.sample([f for f in facts if f.kind != "jurisdiction"], n):
        name = names[f.id]
        variant = rng.randrange(5)
        if variant == 0:
            name = name.upper()
        elif variant == 1:
            name = ("Mme " if f.kind == "person" else "SARL ") + name
        elif variant == 2:
            name = name[: max(3, len(name) * 2 // 3)]          # still typing
        elif variant == 3:
            name = name.lower()
        emails = tuple(sorted(f.emails))[:1] if rng.random() < 0.3 else ()
        phones = tuple(sorted(f.phones))[:1] if rng.random() < 0.3 else ()
        drafts.append(DuplicateProbe(kind=f.kind, display_name=name, legal_name=name,
                                     siren=f.siren if rng.random() < 0.3 else None,
                                     emails=emails, phones=phones))
    return drafts


def bench_typing(db: Database, n: int = 400) -> None:
    drafts = _drafts(db, n)
    for d in drafts[:20]:
        find_candidates(db, d)  # warm the page cache and the statement cache
    times, found = [], 0
    for d in drafts:
        started = time.perf_counter()
        found += bool(find_candidates(db, d))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
    print(f"find_candidates: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
          f"(budget 10 ms) — {n} drafts, {found} with a candidate")


def bench_recall(db: Database, size: int) -> None:
    with db.read() as s:
        facts, _names = scan.load_all_facts(s)
    rng = random.Random(SEED)
    by_key = sorted(facts, key=lambda f: f.key)
    start = rng.randrange(len(by_key) - size)
    samples = {"random": rng.sample(facts, size), "similar names": by_key[start:start + size]}
    for label, sample in samples.items():
        started = time.perf_counter()
        blocked = scan.score_pairs(sample, scan.candidate_pairs(sample), set())
        t_blocked = time.perf_counter() - started
        started = time.perf_counter()
        brute = scan.brute_force_pairs(sample)
        t_brute = time.perf_counter() - started
        got = {(p.a, p.b) for p in blocked}
        want = {(p.a, p.b) for p in brute}
        recall = 100 * len(got & want) / len(want) if want else 100.0
        print(f"recall ({label}, {size:,} contacts): {recall:.1f} % of {len(want):,} brute-force "
              f"pairs (budget ≥ 95 %); extra {len(got - want)}; blocked {t_blocked * 1000:.0f} ms vs "
              f"brute force {t_brute:.1f} s → ×{t_brute / max(t_blocked, 1e-9):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=3_000)
    args = parser.parse_args()
    db = base(args.contacts)
    bench_scan(db)
    bench_typing(db)
    bench_recall(db, args.sample)
    db.dispose()


if __name__ == "__main__":
    main()
