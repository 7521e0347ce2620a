"""messages token count

Revision ID: 67a978c5157a
Revises: 507d6517acbd
Create Date: 2025-04-25 10:00:00
"""
from alembic import op

revision: str = "67a978c5157a"
down_revision: str | None = "507d6517acbd"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialog_messages ADD COLUMN token_count integer;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialog_messages DROP COLUMN token_count;
        """
    )
