"""Two years of demo activity: matters and their parties, time, expenses, invoices, payments,
retainers, tasks, deadlines, journal lines and a few appointments.

Amounts are integer cents throughout. A time entry's amount is minutes × rate / 60 rounded half
up to the cent; an invoice line sums the entries of one lawyer at one rate; an invoice's total
excluding tax is the sum of its lines, its VAT is 20 % of that rounded half up, its total
including tax their sum. Invoice numbers are given at the end, in issue order (see
``generator.number_invoices``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter

import holidays

from themisia_desktop.core.demo import data
from themisia_desktop.core.demo.state import Builder, ClientInfo, StaffMember, Weighted, add_months, half_up_div
from themisia_desktop.core.models.enums import UserCategory
from themisia_desktop.core.models.matters import matter_search_text

CHUNK = 400  # matters generated and flushed together
VAT_BP = 2000
MINUTES = Weighted((6, 12, 18, 24, 30, 36, 42, 48, 60, 72, 90, 120, 150, 180, 240, 300, 420),
                   (8, 10, 8, 6, 12, 5, 3, 3, 12, 4, 7, 8, 3, 4, 3, 2, 1))
COMPANY_DOMAINS = Weighted(range(len(data.DOMAINS)), [d[1] for d in data.DOMAINS])
PERSON_DOMAINS = Weighted(range(len(data.DOMAINS)), [d[2] for d in data.DOMAINS])
CADENCE = Weighted(("monthly", "quarterly", "final"), (10, 35, 55))
METHODS = Weighted([m for m, _ in data.PAYMENT_METHODS], [w for _, w in data.PAYMENT_METHODS])
MATTERS_PER_ACTIVE = Weighted((1, 2, 3, 4, 6), (62, 22, 10, 4, 2))
LABELS = {c.value: c.label for c in UserCategory}
# Labour-law matters seen from one side only.
EMPLOYEE_ONLY = {"Contestation de licenciement c/ {adverse}"}
EMPLOYER_ONLY = {"Licenciement pour faute grave de {adverse}", "Rédaction des contrats de travail",
                 "Négociation d'un accord d'entreprise", "Audit de conformité sociale"}


@dataclass
class _Plan:
    client: ClientInfo
    opened_on: date
    closed_on: date | None
    status: str
    archived_on: date | None = None
    id: int = 0
    reference: str = ""


@dataclass
class _Invoicing:
    """An invoice being built: its billable entries (lists, see ``_entries``) and expenses."""
    entries: list[list] = field(default_factory=list)
    expenses: list[list] = field(default_factory=list)


class ActivityGenerator:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.rng = b.rng
        self.today = b.today
        self.partners = b.staff_of("partner")
        self.workers = b.staff_of("associate", "legal_counsel", "trainee") or self.partners
        self.assistants = b.staff_of("assistant")
        self.team_pool = self.workers + self.assistants
        self.holidays = set(holidays.country_holidays("FR", years=range(b.start.year - 1, b.today.year + 2)))
        self.numbered: list[tuple[date, int]] = []   # (issued_on, invoice id) of invoices to number
        self.open_matters: list[tuple[int, int, StaffMember, list[StaffMember], int | None]] = []
        self.references: dict[int, int] = {}          # year → last matter number
        s = b.sink
        self.t = {name: s.rows(name) for name in (
            "matter", "matter_party", "matter_assignee", "conflict_check", "time_entry", "expense", "invoice",
            "invoice_line", "payment", "payment_allocation", "provision", "task", "deadline", "interaction",
            "appointment", "appointment_attendee")}

    # -- planning ---------------------------------------------------------------------------
    def plan(self) -> list[_Plan]:
        rng, b, today = self.rng, self.b, self.today
        plans: list[_Plan] = []
        for client in b.clients:
            first_day = max(client.created_on, b.start)
            if client.status == "client_former":
                for _ in range(1 if rng.random() < 0.85 else 2):
                    opened = b.day_between(first_day, max(first_day, today - timedelta(days=150)))
                    closed = min(opened + timedelta(days=rng.randint(30, 400)), today - timedelta(days=30))
                    closed = max(closed, opened)
                    plans.append(self._closing(_Plan(client, opened, closed, "closed")))
                continue
            for _ in range(MATTERS_PER_ACTIVE.pick(rng)):
                opened = b.day_between(first_day, today - timedelta(days=1))
                length = rng.randint(180, 900) if rng.random() < 0.6 else rng.randint(30, 300)
                closed = opened + timedelta(days=length)
                if closed < today - timedelta(days=1):
                    plans.append(self._closing(_Plan(client, opened, closed, "closed")))
                else:
                    plans.append(_Plan(client, opened, None, "open" if rng.random() < 0.9 else "pending"))
        order = sorted(range(len(plans)), key=lambda i: (plans[i].opened_on, i))
        result = [plans[i] for i in order]
        for plan in result:
            plan.id = b.new_id("matter")
            year = plan.opened_on.year
            self.references[year] = self.references.get(year, 0) + 1
            plan.reference = f"{year}-{self.references[year]:04d}"
        return result

    def _closing(self, plan: _Plan) -> _Plan:
        assert plan.closed_on is not None
        if plan.closed_on < self.today - timedelta(days=180) and self.rng.random() < 0.6:
            plan.status = "archived"
            plan.archived_on = min(self.today - timedelta(days=1),
                                   plan.closed_on + timedelta(days=self.rng.randint(30, 150)))
        return plan

    # -- one matter -------------------------------------------------------------------------
    def matter(self, plan: _Plan) -> None:
        rng, b = self.rng, self.b
        client = plan.client
        domain = data.DOMAINS[(COMPANY_DOMAINS if client.kind == "company" else PERSON_DOMAINS).pick(rng)]
        label, _wc, _wp, share, titles, court_types, work = domain
        contentious = rng.random() < share
        pattern = rng.choice([t for t in titles if t not in EMPLOYER_ONLY] if client.kind == "person" else
                             [t for t in titles if t not in EMPLOYEE_ONLY])
        adverse = None
        if contentious or "{adverse}" in pattern:
            adverse = self._adverse(client, label)
            if adverse is None and "{adverse}" in pattern:
                pattern = label
        title = pattern.format(
            client=client.name, adverse=b.names.get(adverse, ""), year=plan.opened_on.year,
            street=rng.choice(data.STREETS) if "{street}" in pattern else "",
            deceased=f"{rng.choice(data.MALE_FIRST_NAMES)} {client.name.split()[-1]}" if "{deceased}" in pattern else "",
            brand=(rng.choice(data.BRAND_HEADS) + rng.choice(data.BRAND_TAILS)).capitalize()
            if "{brand}" in pattern else "",
        )
        responsible = rng.choice(self.partners)
        team = [m for m in rng.sample(self.team_pool, min(len(self.team_pool), rng.choice((1, 1, 2, 2, 3))))
                if m.id != responsible.id]
        mid = plan.id
        opened_at = b.utc(plan.opened_on, 9, rng.randint(0, 59))
        end = plan.closed_on or (self.today - timedelta(days=1))
        self.t["matter"].append({
            "id": mid, "reference": plan.reference, "title": title[:300], "domain": label,
            "search_text": matter_search_text(plan.reference, title[:300]),
            "client_id": client.id, "responsible_id": responsible.id, "status": plan.status,
            "opened_on": plan.opened_on, "closed_on": plan.closed_on, "archived_on": plan.archived_on,
            "description": None, "created_at": opened_at,
            "updated_at": b.utc(plan.archived_on or plan.closed_on or plan.opened_on, 18),
        })
        for member in [responsible, *team]:
            self.t["matter_assignee"].append({"matter_id": mid, "user_id": member.id})
        parties = [(client.id, "client")]
        court = None
        if adverse is not None:
            parties.append((adverse, "adverse"))
        if contentious:
            if b.lawyers and rng.random() < 0.8:
                parties.append((rng.choice(b.lawyers), "adverse_counsel"))
            candidates = [c for t in court_types for c in b.courts.get(t, ())] or \
                [c for ids in b.courts.values() for c in ids]
            if candidates:
                court = rng.choice(candidates)
                parties.append((court, "court"))
            if label == "Droit immobilier" and b.experts and rng.random() < 0.4:
                parties.append((rng.choice(b.experts), "expert"))
        for contact_id, role in parties:
            self.t["matter_party"].append({"id": b.new_id("matter_party"), "matter_id": mid,
                                           "contact_id": contact_id, "role": role, "notes": None})
        self.t["conflict_check"].append({
            "id": b.new_id("conflict_check"), "matter_id": mid, "performed_by_id": responsible.id,
            "performed_at": opened_at, "searched": [b.names[c] for c, role in parties if role != "court"],
            "hits": [], "decision": "cleared", "decision_note": None,
        })
        entries = self._entries(plan, client, responsible, team, work, end)
        expenses = self._expenses(plan, responsible, end, contentious)
        self._invoices(plan, client, entries, expenses, end)
        self._write_time(mid, entries, expenses)
        self._provision(plan)
        self._tasks(plan, responsible, team, end)
        if contentious:
            self._deadlines(plan, responsible, end)
        self._journal(plan, client, responsible, team, end)
        if plan.status == "open":
            self.open_matters.append((mid, client.id, responsible, team, court))

    def _adverse(self, client: ClientInfo, domain: str) -> int | None:
        """The other side: a person in family law, the employee or the employer in labour law
        (the other kind than the client), mostly a person in real estate, else mostly a company."""
        rng, b = self.rng, self.b
        if domain == "Droit de la famille":
            want_person = True
        elif domain == "Droit social":
            want_person = client.kind == "company"
        elif domain == "Droit immobilier":
            want_person = rng.random() < 0.8
        else:
            want_person = rng.random() < (0.25 if client.kind == "company" else 0.5)
        pool = (b.plain_persons if want_person else b.plain_companies) or b.plain_persons or b.plain_companies
        if not pool:
            return None
        choice = rng.choice(pool)
        return None if choice == client.id else choice

    # -- time and expenses ------------------------------------------------------------------
    def _rate(self, client: ClientInfo, user: StaffMember, day: date) -> tuple[int, str]:
        best: tuple[int, date, int] | None = None  # (priority, effective_from, cents)
        for effective, scope, value, cents in client.rates:
            if effective > day:
                continue
            if scope == "user":
                priority = 3 if value == user.id else 0
            elif scope == "category":
                priority = 2 if value == user.category else 0
            else:
                priority = 1
            if priority and (best is None or (priority, effective) > best[:2]):
                best = (priority, effective, cents)
        if best is None:
            return user.rate_cents, "user_standard"
        return best[2], {3: "negotiated_user", 2: "negotiated_category", 1: "negotiated_client"}[best[0]]

    def _workday(self, first: date, last: date) -> date:
        day = self.b.day_between(first, last)
        weekday = day.weekday()
        if weekday >= 5:
            shifted = day - timedelta(days=weekday - 4)
            day = shifted if shifted >= first else min(last, day + timedelta(days=7 - weekday))
        return day

    def _entries(self, plan: _Plan, client: ClientInfo, responsible: StaffMember, team: list[StaffMember],
                 work: tuple[str, ...], end: date) -> list[list]:
        """[work_date, user, minutes, billable, description, rate, source, amount, invoice_id]"""
        rng = self.rng
        days = (end - plan.opened_on).days + 1
        intensity = rng.lognormvariate(1.0, 0.7)
        count = max(1, min(400, round(intensity * days / 30.4)))
        members = [responsible, responsible, *team] if team else [responsible]
        entries = []
        simple = not client.rates
        for _ in range(count):
            user = rng.choice(members)
            day = self._workday(plan.opened_on, end)
            minutes = MINUTES.pick(rng)
            if user.category == "assistant":
                billable = rng.random() < 0.25
                description = rng.choice(data.ASSISTANT_WORK)
            else:
                billable = rng.random() < 0.93
                description = rng.choice(work) if rng.random() < 0.6 else rng.choice(data.GENERIC_WORK)
            rate, source = (user.rate_cents, "user_standard") if simple else self._rate(client, user, day)
            amount = half_up_div(minutes * rate, 60)
            entries.append([day, user, minutes, billable, description, rate, source, amount, None])
        entries.sort(key=itemgetter(0))
        return entries

    def _expenses(self, plan: _Plan, responsible: StaffMember, end: date, contentious: bool) -> list[list]:
        """[spent_on, user, description, amount, billable, invoice_id]"""
        rng = self.rng
        count = rng.choice((0, 0, 1, 1, 2)) + (rng.randint(1, 3) if contentious else 0)
        expenses = []
        for _ in range(count):
            description, low, high = rng.choice(data.EXPENSES)
            amount = low if low == high else rng.randint(low // 5, high // 5) * 5
            user = rng.choice(self.assistants) if self.assistants and rng.random() < 0.5 else responsible
            expenses.append([self._workday(plan.opened_on, end), user, description, amount,
                             rng.random() < 0.9, None])
        expenses.sort(key=itemgetter(0))
        return expenses

    def _write_time(self, mid: int, entries: list[list], expenses: list[list]) -> None:
        b, rng = self.b, self.rng
        rows = self.t["time_entry"]
        for day, user, minutes, billable, description, rate, source, amount, invoice_id in entries:
            rows.append({"id": b.new_id("time_entry"), "matter_id": mid, "user_id": user.id, "work_date": day,
                         "minutes": minutes, "description": description, "billable": billable,
                         "hourly_rate": rate, "amount": amount, "rate_source": source, "invoice_id": invoice_id,
                         "created_at": b.utc(day, rng.randint(17, 19), rng.randint(0, 59))})
        rows = self.t["expense"]
        for day, user, description, amount, billable, invoice_id in expenses:
            rows.append({"id": b.new_id("expense"), "matter_id": mid, "user_id": user.id, "spent_on": day,
                         "description": description, "amount": amount, "billable": billable,
                         "invoice_id": invoice_id, "created_at": b.utc(day, 16, rng.randint(0, 59))})

    # -- invoices and payments --------------------------------------------------------------
    def _invoices(self, plan: _Plan, client: ClientInfo, entries: list[list], expenses: list[list],
                  end: date) -> None:
        rng, today = self.rng, self.today
        billable = [e for e in entries if e[3]]
        costs = [x for x in expenses if x[4]]
        if not billable and not costs:
            return
        cadence = CADENCE.pick(rng)
        cuts: list[date] = []
        if cadence != "final":
            step = 1 if cadence == "monthly" else 3
            cut = add_months(plan.opened_on.replace(day=1), step)
            while cut <= end:
                cuts.append(cut)
                cut = add_months(cut, step)
        if plan.closed_on is not None:
            cuts.append(plan.closed_on + timedelta(days=rng.randint(1, 20)))
        i = j = 0
        for cut in cuts:
            batch = _Invoicing()
            while i < len(billable) and billable[i][0] < cut:
                batch.entries.append(billable[i])
                i += 1
            while j < len(costs) and costs[j][0] < cut:
                batch.expenses.append(costs[j])
                j += 1
            if not batch.entries and not batch.expenses:
                continue
            issued = cut + timedelta(days=rng.randint(0, 6))
            if issued >= today:
                i -= len(batch.entries)
                j -= len(batch.expenses)
                break
            self._issue(plan, client, batch, issued)
        rest = _Invoicing(billable[i:], costs[j:])
        if (rest.entries or rest.expenses) and (plan.closed_on is not None or rng.random() < 0.25):
            self._invoice(plan, client, rest, None, "draft")

    def _issue(self, plan: _Plan, client: ClientInfo, batch: _Invoicing, issued: date) -> None:
        rng, today = self.rng, self.today
        age = (today - issued).days
        if age > 30 and rng.random() < 0.02:
            # Cancelled (wrong client data, disputed line…) and issued again a few days later.
            self._invoice(plan, client, batch, issued, "cancelled")
            issued = issued + timedelta(days=rng.randint(3, 20))
            age = (today - issued).days
        r = rng.random()
        pay_day = issued + timedelta(days=max(1, int(rng.lognormvariate(3.1, 0.6))))
        doubtful = False
        partial = False
        if age > 120 and r < 0.05:
            status, doubtful, partial = "sent", True, rng.random() < 0.3
        elif age > 45 and r < 0.12:
            status, partial = "sent", rng.random() < 0.3
        elif pay_day < today:
            status = "paid"
        else:
            status = "validated" if age < 10 and rng.random() < 0.5 else "sent"
            partial = age > 15 and rng.random() < 0.1
        invoice_id, ttc = self._invoice(plan, client, batch, issued, status, doubtful=doubtful)
        if status == "paid":
            if rng.random() < 0.1 and ttc > 100:
                first = ttc * rng.randint(40, 60) // 100
                middle = issued + timedelta(days=max(1, (pay_day - issued).days // 2))
                self._payment(client, invoice_id, first, middle)
                self._payment(client, invoice_id, ttc - first, pay_day)
            else:
                self._payment(client, invoice_id, ttc, pay_day)
        elif partial and ttc > 100:
            day = min(today - timedelta(days=1), issued + timedelta(days=rng.randint(10, 40)))
            self._payment(client, invoice_id, ttc * rng.randint(30, 70) // 100, max(day, issued))

    def _invoice(self, plan: _Plan, client: ClientInfo, batch: _Invoicing, issued: date | None, status: str,
                 *, doubtful: bool = False) -> tuple[int, int]:
        b, rng = self.b, self.rng
        invoice_id = b.new_id("invoice")
        lines = self.t["invoice_line"]
        groups: dict[tuple[int, int], list] = {}
        for entry in batch.entries:
            key = (entry[1].id, entry[5])
            group = groups.get(key)
            if group is None:
                groups[key] = [entry[1], entry[5], entry[2], entry[7]]
            else:
                group[2] += entry[2]
                group[3] += entry[7]
            if status != "cancelled":
                entry[8] = invoice_id
        total = 0
        position = 0
        for user, rate, minutes, amount in groups.values():
            position += 1
            title = "Me " if user.category in ("partner", "associate") else ""
            lines.append({"id": b.new_id("invoice_line"), "invoice_id": invoice_id, "position": position,
                          "description": f"Honoraires — {title}{user.full_name} ({LABELS[user.category]})",
                          "quantity_hundredths": minutes * 100 // 60, "unit_price": rate, "amount": amount})
            total += amount
        for expense in batch.expenses:
            position += 1
            lines.append({"id": b.new_id("invoice_line"), "invoice_id": invoice_id, "position": position,
                          "description": f"Frais : {expense[2]} ({expense[0]:%d/%m/%Y})",
                          "quantity_hundredths": 100, "unit_price": expense[3], "amount": expense[3]})
            total += expense[3]
            if status != "cancelled":
                expense[5] = invoice_id
        vat = half_up_div(total * VAT_BP, 10_000)
        if issued is None:
            last = max([e[0] for e in batch.entries] + [x[0] for x in batch.expenses])
            created = b.utc(min(self.today, last + timedelta(days=1)), 10, rng.randint(0, 59))
            validated_at = sent_at = None
        else:
            created = b.utc(issued, 9, rng.randint(0, 59))
            validated_at = b.utc(issued, 10, rng.randint(0, 59))
            sent_at = None if status == "validated" else b.utc(issued, rng.randint(11, 17), rng.randint(0, 59))
            self.numbered.append((issued, invoice_id))
        notes = None
        if status == "cancelled":
            notes = "Facture annulée : erreur sur les coordonnées de facturation, réémise."
        elif doubtful:
            notes = "Relances restées sans réponse ; mise en demeure envoyée."
        self.t["invoice"].append({
            "id": invoice_id, "number": None, "matter_id": plan.id, "client_id": client.id,
            "billing_contact_id": client.billing_contact_id, "status": status, "issued_on": issued,
            "due_on": issued + timedelta(days=30) if issued else None, "total_excl_tax": total,
            "vat_rate_bp": VAT_BP, "total_vat": vat, "total_incl_tax": total + vat, "is_doubtful": doubtful,
            "credit_note_for_id": None, "validated_at": validated_at, "sent_at": sent_at, "notes": notes,
            "created_at": created, "updated_at": created,
        })
        return invoice_id, total + vat

    def _payment(self, client: ClientInfo, invoice_id: int, amount: int, day: date) -> None:
        b, rng = self.b, self.rng
        if amount <= 0:
            return
        day = min(day, self.today)
        method = METHODS.pick(rng)
        reference = {
            "transfer": f"VIR {rng.randrange(10**10):010d}", "cheque": f"Chèque n° {rng.randrange(10**7):07d}",
            "card": f"CB {rng.randrange(10**6):06d}", "carpa": f"CARPA {rng.randrange(10**6):06d}",
            "direct_debit": f"PRLV {rng.randrange(10**8):08d}",
        }[method]
        payment_id = b.new_id("payment")
        self.t["payment"].append({"id": payment_id, "client_id": client.id, "received_on": day, "amount": amount,
                                  "method": method, "reference": reference,
                                  "created_at": b.utc(day, rng.randint(9, 18), rng.randint(0, 59))})
        self.t["payment_allocation"].append({"id": b.new_id("payment_allocation"), "payment_id": payment_id,
                                             "invoice_id": invoice_id, "amount": amount})

    # -- retainers, tasks, deadlines, journal -----------------------------------------------
    def _provision(self, plan: _Plan) -> None:
        rng, b, today = self.rng, self.b, self.today
        if rng.random() >= 0.35:
            return
        requested = min(today - timedelta(days=1), plan.opened_on + timedelta(days=rng.randint(0, 7)))
        amount = rng.choice((1000, 1500, 2000, 2500, 3000, 5000, 10000)) * 100
        received_on = requested + timedelta(days=rng.randint(3, 40))
        r = rng.random()
        if received_on >= today or r < 0.12:
            status, received_on, received = "requested", None, 0
        elif r < 0.2:
            status, received = "partial", amount // 2
        elif r < 0.26:
            status, received_on, received = "cancelled", None, 0
        else:
            status, received = "received", amount
        self.t["provision"].append({
            "id": b.new_id("provision"), "matter_id": plan.id, "requested_on": requested,
            "amount_requested": amount, "received_on": received_on, "amount_received": received, "status": status,
            "note": "Provision sur honoraires à l'ouverture du dossier",
            "created_at": b.utc(requested, 10, rng.randint(0, 59)),
        })

    def _tasks(self, plan: _Plan, responsible: StaffMember, team: list[StaffMember], end: date) -> None:
        rng, b, today = self.rng, self.b, self.today
        members = [responsible, *team]
        group = b.group_ids.get("Assistants")
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            due = plan.opened_on + timedelta(days=rng.randint(5, max(5, (end - plan.opened_on).days + 30)))
            if plan.closed_on is not None:
                status = "done" if rng.random() < 0.92 else "cancelled"
            elif due < today - timedelta(days=3):
                status = "done" if rng.random() < 0.85 else "open"
            else:
                status = "open"
            assignee = rng.choice(members)
            to_group = group is not None and rng.random() < 0.05
            created = b.utc(max(plan.opened_on, due - timedelta(days=rng.randint(3, 30))), 9, rng.randint(0, 59))
            completed = None
            if status == "done":
                completed = b.utc(min(today - timedelta(days=1), due - timedelta(days=rng.randint(0, 5))), 16,
                                  rng.randint(0, 59))
                completed = max(completed, created)
            self.t["task"].append({
                "id": b.new_id("task"), "title": rng.choice(data.TASK_TITLES), "description": None,
                "matter_id": plan.id, "contact_id": plan.client.id,
                "assignee_id": None if to_group else assignee.id, "group_id": group if to_group else None,
                "due_on": due, "status": status, "completed_at": completed,
                "completed_by_id": assignee.id if completed else None, "created_by_id": responsible.id,
                "run_id": None, "created_at": created, "updated_at": completed or created,
            })

    def _deadlines(self, plan: _Plan, responsible: StaffMember, end: date) -> None:
        rng, b, today = self.rng, self.b, self.today
        for _ in range(rng.choice((1, 1, 2, 3))):
            title, value, unit = rng.choice(data.DEADLINES)
            if plan.closed_on is None and rng.random() < 0.5:
                trigger = b.day_between(max(plan.opened_on, today - timedelta(days=60)), today - timedelta(days=1))
            else:
                trigger = b.day_between(plan.opened_on, end)
            raw = add_months(trigger, value) if unit == "months" else trigger + timedelta(days=value)
            due = raw
            while due.weekday() >= 5 or due in self.holidays:
                due += timedelta(days=1)
            steps = [{"step": "start", "label": "Point de départ", "date": trigger.isoformat()},
                     {"step": "add", "value": value, "unit": unit, "date": raw.isoformat()}]
            if due != raw:
                steps.append({"step": "postpone", "reason": "samedi, dimanche ou jour férié",
                              "date": due.isoformat()})
            if due >= today:
                status = "pending" if plan.closed_on is None else "cancelled"
            else:
                r = rng.random()
                status = "met" if r < 0.95 else "missed" if r < 0.97 else "cancelled"
            created = b.utc(min(trigger, today), 11, rng.randint(0, 59))
            self.t["deadline"].append({
                "id": b.new_id("deadline"), "matter_id": plan.id, "title": title, "kind": "procedural",
                "trigger_date": trigger, "period_value": value, "period_unit": unit, "due_on": due,
                "computation": steps, "status": status, "responsible_id": responsible.id,
                "created_at": created, "updated_at": created,
            })

    def _journal(self, plan: _Plan, client: ClientInfo, responsible: StaffMember, team: list[StaffMember],
                 end: date) -> None:
        rng, b = self.rng, self.b
        rows = self.t["interaction"]
        rows.append({"id": b.new_id("interaction"), "contact_id": client.id, "matter_id": plan.id, "kind": "note",
                     "occurred_at": b.utc(plan.opened_on, 9, rng.randint(0, 59)),
                     "subject": f"Ouverture du dossier {plan.reference}", "body": None, "user_id": responsible.id,
                     "details": None})
        members = [responsible, *team]
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(("call", "call", "email", "email", "meeting", "note"))
            day = self._workday(plan.opened_on, end)
            rows.append({"id": b.new_id("interaction"), "contact_id": client.id, "matter_id": plan.id, "kind": kind,
                         "occurred_at": b.utc(day, rng.randint(8, 19), rng.randint(0, 59)),
                         "subject": rng.choice(data.INTERACTION_SUBJECTS[kind]), "body": None,
                         "user_id": rng.choice(members).id, "details": None})
        if plan.closed_on is not None:
            rows.append({"id": b.new_id("interaction"), "contact_id": client.id, "matter_id": plan.id,
                         "kind": "note", "occurred_at": b.utc(plan.closed_on, 17, rng.randint(0, 59)),
                         "subject": f"Clôture du dossier {plan.reference}", "body": None,
                         "user_id": responsible.id, "details": None})

    def appointments(self) -> None:
        rng, b, today = self.rng, self.b, self.today
        if not self.open_matters:
            return
        for _ in range(max(3, b.n_contacts // 100)):
            mid, client_id, responsible, team, court = rng.choice(self.open_matters)
            day = self._workday(today - timedelta(days=21), today + timedelta(days=35))
            start = b.utc(day, rng.randint(9, 17), rng.choice((0, 15, 30, 45)))
            if court is not None and rng.random() < 0.3:
                title, location = f"Audience — {b.names[court]}", b.names[court].split(" — ")[0]
            else:
                title, location = f"Rendez-vous — {b.names[client_id]}", rng.choice(data.MEETING_ROOMS)
            created = min(b.now_naive(), start - timedelta(days=rng.randint(2, 20)))
            appointment_id = b.new_id("appointment")
            self.t["appointment"].append({
                "id": appointment_id, "title": title[:300], "starts_at": start,
                "ends_at": start + timedelta(minutes=rng.choice((30, 45, 60, 90, 120))), "location": location,
                "notes": None, "matter_id": mid, "contact_id": client_id, "organizer_id": responsible.id,
                "run_id": None, "created_at": created, "updated_at": created,
            })
            attendees = {responsible.id, *(m.id for m in team if rng.random() < 0.5)}
            for user_id in sorted(attendees):
                self.t["appointment_attendee"].append({"appointment_id": appointment_id, "user_id": user_id})

    # -- the step ---------------------------------------------------------------------------
    def run(self) -> None:
        b = self.b
        plans = self.plan()
        b.progress("Dossiers, temps et factures", 0.3)
        for index, plan in enumerate(plans):
            self.matter(plan)
            if (index + 1) % CHUNK == 0:
                b.sink.flush()
                b.progress("Dossiers, temps et factures", 0.3 + 0.65 * (index + 1) / len(plans))
        self.appointments()
        b.sink.flush()
