"""dialogs updated at

Revision ID: 543a7b25e679
Revises: 951b1c6324fe
Create Date: 2025-03-04 10:00:00
"""
from alembic import op

revision: str = "543a7b25e679"
down_revision: str | None = "951b1c6324fe"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialogs ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialogs DROP COLUMN updated_at;
        """
    )
