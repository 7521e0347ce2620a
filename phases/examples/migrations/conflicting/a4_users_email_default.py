"""users email default (branch of team B, same parent as a3)

Revision ID: a1b2c3d4e5f4
Revises: a1b2c3d4e5f2
"""
from alembic import op

revision = "a1b2c3d4e5f4"
down_revision = "a1b2c3d4e5f2"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""ALTER TABLE users ALTER COLUMN email SET DEFAULT '';""")


def downgrade():
    pass
