from sqlalchemy import select

from themisia_desktop.core.automation.events import EventKind, record_event
from themisia_desktop.core.models import Event, Firm


def test_an_event_commits_with_the_change_or_not_at_all(ctx):
    import pytest

    with ctx.db.write() as s:
        firm = Firm(name="Cabinet")
        s.add(firm)
        s.flush()
        record_event(s, kind=EventKind.CREATED, entity_type="firm", entity_id=firm.id, at=ctx.clock.now())
    with pytest.raises(RuntimeError):
        with ctx.db.write() as s:
            record_event(s, kind=EventKind.UPDATED, entity_type="firm", entity_id=1, at=ctx.clock.now())
            raise RuntimeError("the change failed")
    with ctx.db.read() as s:
        events = s.scalars(select(Event)).all()
    assert [(e.kind, e.processed_at, e.depth) for e in events] == [("created", None, 0)]


def test_an_event_caused_by_a_workflow_carries_the_chain(ctx):
    with ctx.db.write() as s:
        first = record_event(s, kind="created", entity_type="matter", entity_id=1, at=ctx.clock.now())
        s.flush()
        second = record_event(s, kind="updated", entity_type="matter", entity_id=1,
                              at=ctx.clock.now(), cause=first, workflow_id=7)
        s.flush()
        third = record_event(s, kind="updated", entity_type="task", entity_id=2,
                             at=ctx.clock.now(), cause=second, workflow_id=9)
    assert (third.chain, third.depth, third.cause_event_id) == ([7, 9], 2, second.id)
