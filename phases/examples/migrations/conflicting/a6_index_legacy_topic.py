"""index dialogs.legacy_topic (written before a5 landed)

Revision ID: a1b2c3d4e5f6
Revises: a1b2c3d4e5f5
"""
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "a1b2c3d4e5f5"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""CREATE INDEX ix_dialogs_legacy_topic ON dialogs (legacy_topic);""")


def downgrade():
    pass
