"""pg_trgm

Revision ID: 44ad1e917c4d
Revises: 64456e81daa3
Create Date: 2025-06-01 10:00:00
"""
from alembic import op

revision: str = "44ad1e917c4d"
down_revision: str | None = "64456e81daa3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP EXTENSION pg_trgm;
        """
    )
