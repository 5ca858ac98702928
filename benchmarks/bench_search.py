"""Benchmark: contact search-as-you-type over 200,000 contacts, against a LIKE scan.

    python benchmarks/bench_search.py [--contacts 200000] [--sample 60]

Takes ``--sample`` contacts of the demo base at random and "types" the start of what a user
would look them up by — last name, first name + name, city, a phone number with and without
spaces, the SIREN — one keystroke at a time, from the second character. For each keystroke it
times what the list needs to paint: the ids of the first page (``search_contact_ids`` with
``limit``) plus their rows (``fetch_rows``). Baseline, same keystrokes, same run: the naive
``search_text LIKE '%q%'`` scan in name order with the same limit, plus the same rows.
Also prints the time to get *all* matching ids (what the list loads in the background).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import select  # noqa: E402

from _contacts_base import demo_base  # noqa: E402
from themisia_desktop.core.contacts.search import (  # noqa: E402
    ACTIVE_STATUSES,
    fetch_rows,
    search_contact_ids,
)
from themisia_desktop.core.models import CompanyDetails, Contact, PersonDetails  # noqa: E402
from themisia_desktop.core.text import fold  # noqa: E402

PAGE = 60


def typed_queries(db, sample: int, seed: int) -> list[tuple[str, str]]:
    """(kind, text) for every keystroke of realistic look-ups."""
    rng = random.Random(seed)
    with db.read() as s:
        people = s.execute(select(PersonDetails.first_name, PersonDetails.last_name)).all()
        cities = [c for (c,) in s.execute(select(Contact.city).where(Contact.city.is_not(None)))]
        phones = [p for (p,) in s.execute(
            select(Contact.primary_phone).where(Contact.primary_phone.like("+33%")))]
        sirens = [x for (x,) in s.execute(
            select(CompanyDetails.siren).where(CompanyDetails.siren.is_not(None)))]
    out: list[tuple[str, str]] = []

    def keystrokes(kind: str, text: str, start: int = 2) -> None:
        out.extend((kind, text[:n]) for n in range(start, len(text) + 1))

    for _ in range(sample):
        first, last = rng.choice(people)
        keystrokes("nom", fold(last))
        keystrokes("prénom nom", f"{first} {last}".lower(), start=len(first) + 2)
        keystrokes("ville", rng.choice(cities))
        national = "0" + rng.choice(phones)[3:]
        keystrokes("téléphone", national, start=4)
        spaced = " ".join(national[i:i + 2] for i in range(0, 10, 2))
        keystrokes("téléphone espacé", spaced, start=5)
        keystrokes("siren", rng.choice(sirens), start=3)
    return out


def like_page(session, text: str) -> list[int]:
    conds = [Contact.merged_into_id.is_(None), Contact.status.in_(ACTIVE_STATUSES)]
    conds += [Contact.search_text.like(f"%{w}%") for w in fold(text).split()]
    stmt = select(Contact.id).where(*conds).order_by(Contact.sort_name, Contact.id).limit(PAGE)
    return list(session.scalars(stmt))


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--baseline-sample", type=int, default=400,
                        help="keystrokes timed for the LIKE baseline (it is slow)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    db = demo_base(args.contacts)
    queries = typed_queries(db, args.sample, args.seed)
    print(f"{len(queries)} frappes simulées, page de {PAGE} lignes")
    ours: dict[str, list[float]] = {}
    full: list[float] = []
    with db.read() as s:
        for text in ("martin", "paris", "06"):  # warm the cache like a running app
            fetch_rows(s, search_contact_ids(s, text, limit=PAGE))
        for kind, text in queries:
            ours.setdefault(kind, []).append(
                timed(lambda: fetch_rows(s, search_contact_ids(s, text, limit=PAGE))))
        for _kind, text in queries[:: max(1, len(queries) // args.baseline_sample)]:
            full.append(timed(lambda: search_contact_ids(s, text)))
        rng = random.Random(args.seed)
        base_sample = rng.sample(queries, min(args.baseline_sample, len(queries)))
        like = [timed(lambda: fetch_rows(s, like_page(s, text))) for _k, text in base_sample]
    every = [v for vs in ours.values() for v in vs]
    print(f"\n{'requête':<18} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, vs in ours.items():
        print(f"{kind:<18} {len(vs):>5} {pct(vs, 50):>8.2f} {pct(vs, 95):>8.2f} {max(vs):>8.2f}")
    print(f"{'TOUTES':<18} {len(every):>5} {pct(every, 50):>8.2f} {pct(every, 95):>8.2f} "
          f"{max(every):>8.2f}   (budget p95 < 5 ms)")
    print(f"{'LIKE %q% (naïf)':<18} {len(like):>5} {pct(like, 50):>8.2f} {pct(like, 95):>8.2f} "
          f"{max(like):>8.2f}")
    print(f"\nratio p50 LIKE / index : {pct(like, 50) / pct(every, 50):.1f}×, "
          f"p95 : {pct(like, 95) / pct(every, 95):.1f}×")
    print(f"toutes les correspondances (chargement de fond) : p50 {pct(full, 50):.1f} ms, "
          f"p95 {pct(full, 95):.1f} ms, max {max(full):.1f} ms  [{statistics.mean(full):.1f} moy.]")


if __name__ == "__main__":
    main()
