"""drop dialogs.legacy_topic

Revision ID: a1b2c3d4e5f5
Revises: a1b2c3d4e5f4
"""
from alembic import op

revision = "a1b2c3d4e5f5"
down_revision = "a1b2c3d4e5f4"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""ALTER TABLE dialogs DROP COLUMN legacy_topic;""")


def downgrade():
    pass
