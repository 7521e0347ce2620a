"""create dialogs

Revision ID: a1b2c3d4e5f2
Revises: a1b2c3d4e5f1
"""
from alembic import op

revision = "a1b2c3d4e5f2"
down_revision = "a1b2c3d4e5f1"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""CREATE TABLE dialogs (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), legacy_topic text);""")


def downgrade():
    pass
