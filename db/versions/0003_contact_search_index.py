"""Contact search index: one row per word a contact can be found by

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TOKEN = sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table('contact_token',
    sa.Column('token', TOKEN, nullable=False),
    sa.Column('sort_name', sa.String(length=300), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_contact_token_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token', 'sort_name', 'contact_id', name=op.f('pk_contact_token')),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('contact_token', schema=None) as batch_op:
        batch_op.create_index('ix_contact_token_contact', ['contact_id', 'token'], unique=False)
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_list_by_name', ['sort_name', 'id', 'status', 'kind', 'merged_into_id'], unique=False)
        batch_op.create_index('ix_contact_list_by_city', ['city', 'sort_name', 'id', 'status', 'kind', 'merged_into_id'], unique=False)
        batch_op.create_index('ix_contact_list_by_status', ['status', 'sort_name', 'id', 'kind', 'merged_into_id'], unique=False)
        batch_op.create_index('ix_contact_list_by_kind', ['kind', 'sort_name', 'id', 'status', 'merged_into_id'], unique=False)
        batch_op.create_index('ix_contact_list_by_email', ['primary_email', 'sort_name', 'id', 'status', 'kind', 'merged_into_id'], unique=False)
        batch_op.create_index('ix_contact_list_by_phone', ['primary_phone', 'sort_name', 'id', 'status', 'kind', 'merged_into_id'], unique=False)
    # Index the contacts already in the base (an older base being upgraded).
    from themisia_desktop.core.contacts.search_index import index_all_contacts

    index_all_contacts(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_list_by_phone')
        batch_op.drop_index('ix_contact_list_by_email')
        batch_op.drop_index('ix_contact_list_by_kind')
        batch_op.drop_index('ix_contact_list_by_status')
        batch_op.drop_index('ix_contact_list_by_city')
        batch_op.drop_index('ix_contact_list_by_name')
    with op.batch_alter_table('contact_token', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_token_contact')

    op.drop_table('contact_token')
