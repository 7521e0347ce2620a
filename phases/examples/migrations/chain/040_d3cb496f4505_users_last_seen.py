"""users last seen

Revision ID: d3cb496f4505
Revises: 85d3e7f69184
Create Date: 2025-09-13 10:00:00
"""
from alembic import op

revision: str = "d3cb496f4505"
down_revision: str | None = "85d3e7f69184"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE users ADD COLUMN last_seen_at timestamptz;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE users DROP COLUMN last_seen_at;
        """
    )
