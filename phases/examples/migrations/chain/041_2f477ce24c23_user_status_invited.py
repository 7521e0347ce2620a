"""user status invited

Revision ID: 2f477ce24c23
Revises: d3cb496f4505
Create Date: 2025-09-16 10:00:00
"""
from alembic import op

revision: str = "2f477ce24c23"
down_revision: str | None = "d3cb496f4505"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TYPE user_status ADD VALUE 'invited';
        """
    )


def downgrade() -> None:
    op.execute(
        """
        SELECT 1; -- enum values cannot be removed
        """
    )
