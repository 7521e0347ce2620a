"""create tags (rebased onto a revision that was squashed away)

Revision ID: a1b2c3d4e5f7
Revises: deadbeef0000
"""
from alembic import op

revision = "a1b2c3d4e5f7"
down_revision = "deadbeef0000"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""CREATE TABLE tags (id bigint PRIMARY KEY, name text NOT NULL);""")


def downgrade():
    pass
