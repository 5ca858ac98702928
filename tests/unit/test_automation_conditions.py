"""Workflow conditions: parsing with French errors, and the same answer in SQL (sweeps) and in
Python (one record), on a generated dataset of clients, matters, time, invoices, provisions."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.unit.contact_factory import make_company, make_person
from tests.unit.matter_factory import make_matter, make_user
from themisia_desktop.core.automation.conditions import (
    AllOf,
    AnyOf,
    Comparison,
    DefinitionError,
    Not,
    OPS_BY_TYPE,
    RelativeDate,
    evaluate,
    evaluate_each,
    evaluate_many,
    parse_condition,
    select_ids,
)
from themisia_desktop.core.automation.fields import FieldType, field_paths, resolve
from themisia_desktop.core.errors import NotFoundError
from themisia_desktop.core.finance.balances import matter_banner
from themisia_desktop.core.models import (
    Appointment,
    Deadline,
    Expense,
    Invoice,
    Matter,
    Payment,
    PaymentAllocation,
    Provision,
    RunTrace,
    Task,
    TimeEntry,
)

D = Decimal
TODAY = date(2026, 3, 2)


# -- parsing --------------------------------------------------------------------------------
def test_a_money_field_refuses_a_value_that_is_not_an_amount():
    with pytest.raises(DefinitionError) as err:
        parse_condition({"field": "matter.encours", "op": "gt", "value": "abc"}, "matter")
    assert err.value.errors == ["Conditions : Montant invalide pour le champ Encours du dossier"]


def test_an_enum_field_refuses_an_unknown_value_and_lists_the_allowed_ones():
    with pytest.raises(DefinitionError) as err:
        parse_condition({"any": [{"field": "matter.status", "op": "eq", "value": "open"},
                                 {"field": "matter.status", "op": "in",
                                  "value": ["closed", "fermé"]}]}, "matter")
    assert err.value.errors == [
        "Condition 2 : Valeur « fermé » inconnue pour le champ Statut du dossier "
        "(valeurs possibles : Ouvert, En attente, Clôturé, Archivé)"]


def test_every_mistake_of_a_tree_is_reported_with_its_place():
    with pytest.raises(DefinitionError) as err:
        parse_condition({"all": [
            {"field": "matter.nope", "op": "eq", "value": 1},
            {"not": {"field": "matter.title", "op": "gt", "value": "x"}},
            {"field": "matter.opened_on", "op": "lt", "value": "31/12/2025"},
            {"field": "matter.jours_depuis_derniere_provision", "op": "gt", "value": "60"},
            {"field": "matter.status", "op": "eq"},
            {"field": "matter.status"},
        ]}, "matter")
    assert err.value.errors == [
        "Condition 1 : Champ inconnu pour dossier : « matter.nope »",
        "Condition 2.1 : l'opérateur « gt » ne s'applique pas au champ Intitulé du dossier",
        "Condition 3 : Date invalide pour le champ Date d'ouverture du dossier (format AAAA-MM-JJ)",
        "Condition 4 : Nombre entier attendu pour le champ Jours depuis la dernière provision reçue",
        "Condition 5 : il manque la valeur à comparer au champ Statut du dossier",
        "Condition 6 : condition incomplète (il faut « field », « op » et « value », "
        "ou bien « all », « any », « not »)",
    ]
    assert err.value.field == "conditions"


def test_a_parsed_tree_goes_back_to_the_same_json():
    data = {"all": [
        {"field": "matter.encours", "op": "ge", "value": "20000.00"},
        {"any": [{"field": "client.status", "op": "in", "value": ["client_active", "prospect"]},
                 {"not": {"field": "matter.opened_on", "op": "lt",
                          "value": {"days_from_today": -30}}}]},
        {"field": "matter.closed_on", "op": "is_empty"},
    ]}
    node = parse_condition(data, "matter")
    assert node.items[0] == Comparison("matter.encours", "ge", D("20000.00"))
    assert node.items[1].items[1].item.value == RelativeDate(-30)
    assert node.to_json() == data
    assert parse_condition(None, "matter") == AllOf(())


# -- the generated dataset ------------------------------------------------------------------
@pytest.fixture(scope="module")
def _seed() -> int:
    return 20260302


@pytest.fixture
def dataset(firm_ctx, _seed):
    """Clients, matters (with and without provisions), time, expenses, invoices with partial
    payments and a credit note, tasks (one without matter), deadlines, appointments around
    Paris midnight, run traces."""
    rnd = random.Random(_seed)
    db = firm_ctx.db
    with db.write() as s:
        users = [firm_ctx.current_user.id, make_user(s, "marc", first="Marc", last="Roux"),
                 make_user(s, "lea", first="Léa", last="Petit", category="partner")]
        clients = [make_company(s, "Boulangerie Dupont SARL", status="client_active", city="Lyon"),
                   make_company(s, "ÉTUDES Martin SAS", status="client_active", city="Évian"),
                   make_person(s, "Hélène", "Lefèvre", status="client_former", city=None),
                   make_person(s, "Jean", "Moreau", status="prospect", city="lyon 3e")]
        matters = []
        statuses = ["open", "open", "pending", "closed", "archived"]
        for n in range(10):
            matters.append(make_matter(
                s, clients[n % 4], rnd.choice(users), reference=f"2026-{n + 1:04d}",
                title=rnd.choice(["Litige commercial", "Bail 100% commercial", "Divorce"]),
                status=statuses[n % 5], opened_on=TODAY - timedelta(days=rnd.randint(0, 200))))
        s.flush()
        for m in matters:
            if rnd.random() < 0.8:
                for _ in range(rnd.randint(1, 6)):
                    amount = D(rnd.choice([150, 1200, 4500, 8000, 12500])) + D("0.50")
                    s.add(TimeEntry(matter_id=m, user_id=rnd.choice(users), work_date=TODAY,
                                    minutes=rnd.choice([30, 60, 300]), description="Travail",
                                    billable=rnd.random() < 0.85, hourly_rate=D("200"),
                                    amount=amount, rate_source="user_standard"))
            if rnd.random() < 0.5:
                s.add(Expense(matter_id=m, spent_on=TODAY, description="Frais",
                              amount=D(rnd.choice(["35.20", "900.00"]))))
            for _ in range(rnd.randint(0, 2)):
                received = rnd.random() < 0.7
                s.add(Provision(
                    matter_id=m, requested_on=TODAY - timedelta(days=150),
                    amount_requested=D("3000"),
                    received_on=(TODAY - timedelta(days=rnd.choice([10, 45, 60, 61, 120])))
                    if received else None,
                    amount_received=D("3000") if received else D("0"),
                    status="received" if received else "requested"))
        s.flush()
        invoices = []
        for m in matters[:7]:
            client = s.get(Matter, m).client_id
            for status in rnd.sample(["draft", "validated", "sent", "paid", "cancelled"], 2):
                inv = Invoice(matter_id=m, client_id=client, status=status,
                              number=f"F{len(invoices):04d}" if status != "draft" else None,
                              issued_on=TODAY - timedelta(days=40),
                              due_on=TODAY - timedelta(days=rnd.choice([-10, 10, 100])),
                              total_excl_tax=D("1000"), total_vat=D("200"),
                              total_incl_tax=D(rnd.choice(["1200.00", "6000.00", "30000.00"])),
                              is_doubtful=rnd.random() < 0.2)
                s.add(inv)
                s.flush()
                invoices.append(inv)
        pay = Payment(client_id=invoices[1].client_id, received_on=TODAY, amount=D("500"),
                      method="virement")
        s.add(pay)
        s.flush()
        s.add(PaymentAllocation(payment_id=pay.id, invoice_id=invoices[1].id, amount=D("500")))
        s.add(Invoice(matter_id=invoices[1].matter_id, client_id=invoices[1].client_id,
                      status="validated", number="AV0001", credit_note_for_id=invoices[1].id,
                      total_excl_tax=D("-100"), total_vat=D("-20"), total_incl_tax=D("-120.00")))
        for n in range(8):
            s.add(Task(title=rnd.choice(["Relancer le client", "Préparer conclusions"]),
                       matter_id=None if n == 0 else rnd.choice(matters),
                       contact_id=rnd.choice([None, *clients]), assignee_id=rnd.choice(users),
                       due_on=None if n == 1 else TODAY + timedelta(days=rnd.randint(-5, 5)),
                       status=rnd.choice(["open", "done", "cancelled"])))
            s.add(Deadline(matter_id=rnd.choice(matters), title="Appel",
                           due_on=TODAY + timedelta(days=rnd.randint(-3, 20)),
                           status=rnd.choice(["pending", "met"]), responsible_id=None))
        paris_midnight = datetime(2026, 3, 1, 23, 0, tzinfo=timezone.utc)  # 2 March, 00:00 Paris
        for minutes in (-30, 0, 30, 60 * 24):
            start = paris_midnight + timedelta(minutes=minutes)
            s.add(Appointment(title="Rendez-vous client", starts_at=start,
                              ends_at=start + timedelta(hours=1),
                              matter_id=rnd.choice([None, *matters]), organizer_id=users[0]))
        for outcome in ("succeeded", "failed"):
            s.add(RunTrace(outcome=outcome, entity_type="matter", entity_id=matters[0]))
    firm_ctx.matters = matters
    return firm_ctx


def _all_ids(session, record_type):
    from themisia_desktop.core.automation.conditions import record_table

    t = record_table(record_type)
    return set(session.scalars(select(t.c.id)))


def _agree(session, node, record_type, ids) -> set[int]:
    by_sql = set(session.scalars(select_ids(node, record_type, today=TODAY)))
    found = evaluate_many(session, node, record_type, ids, today=TODAY)
    assert set(found) == ids
    by_python = {i for i, (ok, _trace) in found.items() if ok}
    assert by_sql == by_python, (record_type, node.to_json())
    return by_sql


def _values_for(rf, rnd: random.Random) -> list:
    t = rf.type
    if t is FieldType.ENUM:
        return [v for v, _ in rf.field.choices]
    if t is FieldType.MONEY:
        return [D("0.00"), D("1200.00"), D("5000.00"), D("20000.00"), D("-120.00")]
    if t is FieldType.INTEGER:
        return [0, 1, 2, 60, 61, 120]
    if t is FieldType.DATE:
        return [TODAY, TODAY - timedelta(days=60), RelativeDate(-61), RelativeDate(3)]
    if t is FieldType.BOOLEAN:
        return [True, False]
    return ["Lyon", "lyon", "é", "ÉTUDES", "100%", "_", "Litige commercial", ""]


def _random_leaf(record_type, rnd):
    rf = resolve(record_type, rnd.choice(field_paths(record_type)))
    op = rnd.choice(OPS_BY_TYPE[rf.type])
    values = _values_for(rf, rnd)
    if op in ("is_empty", "not_empty"):
        return Comparison(rf.path, op)
    if op in ("in", "not_in"):
        return Comparison(rf.path, op, tuple(rnd.sample(values, min(2, len(values)))))
    return Comparison(rf.path, op, rnd.choice(values))


def _random_tree(record_type, rnd, depth=0):
    if depth >= 2 or rnd.random() < 0.3:
        return _random_leaf(record_type, rnd)
    kind = rnd.choice([AllOf, AnyOf, Not])
    if kind is Not:
        return Not(_random_tree(record_type, rnd, depth + 1))
    return kind(tuple(_random_tree(record_type, rnd, depth + 1)
                      for _ in range(rnd.randint(0, 3))))


RECORD_TYPES = ["matter", "contact", "invoice", "task", "deadline", "provision", "time_entry",
                "appointment", "workflow_run"]


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_sql_and_python_agree_on_every_field_and_on_random_trees(dataset, record_type):
    rnd = random.Random(sum(map(ord, record_type)))
    with dataset.db.read() as s:
        ids = _all_ids(s, record_type)
        assert ids
        for path in field_paths(record_type):
            rf = resolve(record_type, path)
            ops = OPS_BY_TYPE[rf.type]
            # Always one operator that is true on an empty value, plus two others.
            picked = {rnd.choice([o for o in ops if o in ("ne", "not_in", "is_empty")]),
                      *rnd.sample(ops, 2)}
            for op in sorted(picked):
                values = _values_for(rf, rnd)
                if op in ("is_empty", "not_empty"):
                    node = Comparison(path, op)
                elif op in ("in", "not_in"):
                    node = Comparison(path, op, tuple(values[:2]))
                else:
                    node = Comparison(path, op, rnd.choice(values))
                _agree(s, node, record_type, ids)
                _agree(s, Not(node), record_type, ids)
        for _ in range(20):
            _agree(s, _random_tree(record_type, rnd), record_type, ids)


def test_several_conditions_read_at_once_explain_each_one_as_alone(dataset):
    rnd = random.Random(7)
    trees = [_random_tree("matter", rnd) for _ in range(6)]
    with dataset.db.read() as s:
        ids = sorted(_all_ids(s, "matter"))[:5]
        alone = [evaluate_many(s, tree, "matter", ids, today=TODAY) for tree in trees]
        for record in ids:
            together = evaluate_each(s, trees, "matter", record, today=TODAY)
            assert together == [found[record] for found in alone]
            # Equal trees parsed again (a new version of the same document) read the same.
            again = [parse_condition(t.to_json(), "matter") for t in trees]
            assert evaluate_each(s, again, "matter", record, today=TODAY) == together
            assert evaluate(s, trees[0], "matter", record, today=TODAY) == together[0]
        with pytest.raises(NotFoundError):
            evaluate_each(s, trees, "matter", max(ids) + 10_000, today=TODAY)


def test_a_threshold_on_matter_encours_finds_exactly_the_matters_above_it(dataset):
    node = parse_condition({"field": "matter.encours", "op": "gt", "value": "20000.00"}, "matter")
    expected = {m for m in dataset.matters
                if matter_banner(dataset.db, m, TODAY).encours > D("20000")}
    with dataset.db.read() as s:
        found = _agree(s, node, "matter", set(dataset.matters))
    assert found == expected
    assert 0 < len(found) < len(dataset.matters)


def test_days_since_the_last_provision_counts_from_the_opening_when_none_was_received(dataset):
    with dataset.db.read() as s:
        last = {}
        for m in s.scalars(select(Matter)):
            received = [p.received_on for p in s.scalars(
                select(Provision).where(Provision.matter_id == m.id)) if p.received_on]
            last[m.id] = max(received) if received else m.opened_on
        expected = {m for m, d in last.items() if (TODAY - d).days > 60}
        node = parse_condition({"field": "matter.jours_depuis_derniere_provision", "op": "gt",
                                "value": 60}, "matter")
        found = _agree(s, node, "matter", set(last))
    assert found == expected
    assert found and found != set(last)


def test_evaluate_explains_each_node_for_the_trace(dataset):
    matter = dataset.matters[0]
    node = parse_condition({"all": [
        {"field": "matter.status", "op": "eq", "value": "open"},
        {"not": {"field": "client.city", "op": "contains", "value": "PARIS"}},
        {"field": "matter.opened_on", "op": "le", "value": {"days_from_today": 0}},
    ]}, "matter")
    with dataset.db.read() as s:
        result, trace = evaluate(s, node, "matter", matter, today=TODAY)
    assert result is True
    assert [e["path"] for e in trace] == ["", "1", "2", "2.1", "3"]
    assert trace[0] == {"path": "", "node": "all", "result": True}
    assert trace[1] == {"path": "1", "field": "matter.status", "label": "Statut du dossier",
                        "op": "eq", "expected": "open", "actual": "open", "result": True}
    assert trace[3]["actual"] == "Lyon" and trace[3]["result"] is False
    assert trace[4]["expected"] == TODAY.isoformat()


def test_a_task_without_matter_has_empty_matter_fields(dataset):
    with dataset.db.read() as s:
        orphan = s.scalar(select(Task.id).where(Task.matter_id.is_(None)))
        ok, trace = evaluate(s, {"field": "matter.status", "op": "ne", "value": "closed"},
                             "task", orphan, today=TODAY)
        assert ok and trace[0]["actual"] is None
        ok, _ = evaluate(s, {"field": "matter.status", "op": "eq", "value": "open"},
                         "task", orphan, today=TODAY)
        assert not ok
        ok, _ = evaluate(s, {"field": "matter.client.display_name", "op": "is_empty"},
                         "task", orphan, today=TODAY)
        assert ok


def test_an_appointment_date_is_its_day_in_paris(dataset):
    with dataset.db.read() as s:
        on_march_2 = set(s.scalars(select_ids(
            {"field": "appointment.date", "op": "eq", "value": "2026-03-02"}, "appointment",
            today=TODAY)))
        starts = {a.id: a.starts_at for a in s.scalars(select(Appointment))}
    # 23:00 and 23:30 UTC on 1 March are 00:00 and 00:30 on 2 March in Paris; 22:30 UTC is not.
    assert {starts[i].strftime("%d %H:%M") for i in on_march_2} == {"01 23:00", "01 23:30"}
