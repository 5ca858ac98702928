"""Automation: workflows, events, firings, traces, notifications and the mail outbox

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('message_template',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('record_type', sa.String(length=30), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('docx_path', sa.String(length=500), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_template')),
    sa.UniqueConstraint('name', name=op.f('uq_message_template_name'))
    )
    op.create_table('workflow',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('builtin_key', sa.String(length=50), nullable=True),
    sa.Column('trigger_kind', sa.String(length=30), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workflow')),
    sa.UniqueConstraint('name', name=op.f('uq_workflow_name'))
    )
    op.create_table('event',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('entity_type', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('cause_event_id', sa.Integer(), nullable=True),
    sa.Column('chain', sa.JSON(), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('processed_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cause_event_id'], ['event.id'], name=op.f('fk_event_cause_event_id_event')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_entity', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index('ix_event_pending', ['processed_at', 'id'], unique=False)

    op.create_table('firing',
    sa.Column('workflow_id', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('episode_key', sa.String(length=100), nullable=False),
    sa.Column('fired_at', sa.DateTime(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workflow_id'], ['workflow.id'], name=op.f('fk_firing_workflow_id_workflow'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_firing')),
    sa.UniqueConstraint('workflow_id', 'entity_type', 'entity_id', 'episode_key', name=op.f('uq_firing_workflow_id_entity_type_entity_id_episode_key'))
    )
    op.create_table('notification_preference',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_preference_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preference'))
    )
    op.create_table('watch_state',
    sa.Column('workflow_id', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('is_true', sa.Boolean(), nullable=False),
    sa.Column('episode', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workflow_id'], ['workflow.id'], name=op.f('fk_watch_state_workflow_id_workflow'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workflow_id', 'entity_type', 'entity_id', name=op.f('pk_watch_state'))
    )
    op.create_table('workflow_version',
    sa.Column('workflow_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_workflow_version_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['workflow_id'], ['workflow.id'], name=op.f('fk_workflow_version_workflow_id_workflow'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workflow_version')),
    sa.UniqueConstraint('workflow_id', 'version', name=op.f('uq_workflow_version_workflow_id_version'))
    )
    op.create_table('run_trace',
    sa.Column('workflow_id', sa.Integer(), nullable=True),
    sa.Column('workflow_version', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('firing_id', sa.Integer(), nullable=True),
    sa.Column('entity_type', sa.String(length=30), nullable=True),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('trigger', sa.JSON(), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('actions', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_run_trace_event_id_event')),
    sa.ForeignKeyConstraint(['firing_id'], ['firing.id'], name=op.f('fk_run_trace_firing_id_firing')),
    sa.ForeignKeyConstraint(['workflow_id'], ['workflow.id'], name=op.f('fk_run_trace_workflow_id_workflow'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_trace'))
    )
    with op.batch_alter_table('run_trace', schema=None) as batch_op:
        batch_op.create_index('ix_run_trace_entity', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index('ix_run_trace_workflow_started', ['workflow_id', 'started_at'], unique=False)

    op.create_table('notification',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('entity_type', sa.String(length=30), nullable=True),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['run_trace.id'], name=op.f('fk_notification_run_id_run_trace')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_user_unread', ['user_id', 'read_at', 'id'], unique=False)

    op.create_table('outbox_mail',
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('to_addrs', sa.Text(), nullable=False),
    sa.Column('cc_addrs', sa.Text(), nullable=True),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['run_trace.id'], name=op.f('fk_outbox_mail_run_id_run_trace')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mail')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_mail_message_id'))
    )
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_mail_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('scheduled_action',
    sa.Column('workflow_id', sa.Integer(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('entity_type', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.JSON(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['run_trace.id'], name=op.f('fk_scheduled_action_run_id_run_trace')),
    sa.ForeignKeyConstraint(['workflow_id'], ['workflow.id'], name=op.f('fk_scheduled_action_workflow_id_workflow'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_action'))
    )
    with op.batch_alter_table('scheduled_action', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_action_due', ['done_at', 'due_at'], unique=False)

    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_appointment_run_id_run_trace'), 'run_trace', ['run_id'], ['id'])

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_document_run_id_run_trace'), 'run_trace', ['run_id'], ['id'])

    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_task_run_id_run_trace'), 'run_trace', ['run_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_appointment_run_id_run_trace'), type_='foreignkey')
        batch_op.drop_column('run_id')

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_document_run_id_run_trace'), type_='foreignkey')
        batch_op.drop_column('run_id')

    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_task_run_id_run_trace'), type_='foreignkey')
        batch_op.drop_column('run_id')

    with op.batch_alter_table('scheduled_action', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_action_due')

    op.drop_table('scheduled_action')
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_mail_due')

    op.drop_table('outbox_mail')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_unread')

    op.drop_table('notification')
    with op.batch_alter_table('run_trace', schema=None) as batch_op:
        batch_op.drop_index('ix_run_trace_workflow_started')
        batch_op.drop_index('ix_run_trace_entity')

    op.drop_table('run_trace')
    op.drop_table('workflow_version')
    op.drop_table('watch_state')
    op.drop_table('notification_preference')
    op.drop_table('firing')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_pending')
        batch_op.drop_index('ix_event_entity')

    op.drop_table('event')
    op.drop_table('workflow')
    op.drop_table('message_template')
