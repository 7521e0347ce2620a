"""users status

Revision ID: 9f43111d24ab
Revises: 9bb5696dcfd8
Create Date: 2025-02-22 10:00:00
"""
from alembic import op

revision: str = "9f43111d24ab"
down_revision: str | None = "9bb5696dcfd8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE users ADD COLUMN status user_status NOT NULL DEFAULT 'active';
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE users DROP COLUMN status;
        """
    )
