"""users display name

Revision ID: f317b6222850
Revises: f5c239e30d18
Create Date: 2025-01-13 10:00:00
"""
from alembic import op

revision: str = "f317b6222850"
down_revision: str | None = "f5c239e30d18"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE users ADD COLUMN display_name text;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE users DROP COLUMN display_name;
        """
    )
