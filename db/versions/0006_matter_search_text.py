"""Matters: folded search text

``matter.search_text`` holds the folded "reference title" of a matter, so that the matter list
searches it with a plain LIKE instead of folding accents in SQL over every row. Existing rows
are filled in batches, folded in Python (the same on SQLite and PostgreSQL).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

BATCH = 5_000


def _backfill(conn) -> None:  # noqa: ANN001
    from themisia_desktop.core.text import fold

    matter = sa.table('matter', sa.column('id', sa.Integer()), sa.column('reference', sa.String()),
                      sa.column('title', sa.String()), sa.column('search_text', sa.Text()))
    update = (sa.update(matter).where(matter.c.id == sa.bindparam('mid'))
              .values(search_text=sa.bindparam('folded')))
    last = 0
    while True:
        rows = conn.execute(sa.select(matter.c.id, matter.c.reference, matter.c.title)
                            .where(matter.c.id > last).order_by(matter.c.id)
                            .limit(BATCH)).all()
        if not rows:
            return
        conn.execute(update, [{"mid": r[0], "folded": fold(f"{r[1] or ''} {r[2] or ''}")}
                              for r in rows])
        last = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table('matter') as batch:
        batch.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    _backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('matter') as batch:
        batch.drop_column('search_text')
