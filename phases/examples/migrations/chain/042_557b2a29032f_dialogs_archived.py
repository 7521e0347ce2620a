"""dialogs archived

Revision ID: 557b2a29032f
Revises: 2f477ce24c23
Create Date: 2025-09-19 10:00:00
"""
from alembic import op

revision: str = "557b2a29032f"
down_revision: str | None = "2f477ce24c23"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialogs ADD COLUMN archived boolean NOT NULL DEFAULT false;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialogs DROP COLUMN archived;
        """
    )
