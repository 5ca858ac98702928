"""Contacts: « suivi renforcé » flag

A client can be put under close monitoring by hand or by an automation rule (e.g. when its
encours passes a threshold).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contact') as batch:
        batch.add_column(sa.Column('close_monitoring', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('contact') as batch:
        batch.drop_column('close_monitoring')
