"""dialogs legacy topic

Revision ID: 951b1c6324fe
Revises: ea119dfd6333
Create Date: 2025-02-01 10:00:00
"""
from alembic import op

revision: str = "951b1c6324fe"
down_revision: str | None = "ea119dfd6333"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialogs ADD COLUMN legacy_topic text;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialogs DROP COLUMN legacy_topic;
        """
    )
