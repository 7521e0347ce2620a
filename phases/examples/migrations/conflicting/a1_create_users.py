"""create users

Revision ID: a1b2c3d4e5f1
Revises: 
"""
from alembic import op

revision = "a1b2c3d4e5f1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nickname text);""")


def downgrade():
    pass
