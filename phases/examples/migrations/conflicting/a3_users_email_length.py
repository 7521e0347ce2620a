"""users email as varchar(320) (branch of team A)

Revision ID: a1b2c3d4e5f3
Revises: a1b2c3d4e5f2
"""
from alembic import op

revision = "a1b2c3d4e5f3"
down_revision = "a1b2c3d4e5f2"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""ALTER TABLE users ALTER COLUMN email TYPE varchar(320);""")


def downgrade():
    pass
