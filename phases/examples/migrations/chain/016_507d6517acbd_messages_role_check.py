"""messages role check

Revision ID: 507d6517acbd
Revises: efc8e7a42606
Create Date: 2025-04-22 10:00:00
"""
from alembic import op

revision: str = "507d6517acbd"
down_revision: str | None = "efc8e7a42606"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialog_messages ADD CONSTRAINT dialog_messages_role_check CHECK (role IN ('user', 'assistant', 'system'));
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialog_messages DROP CONSTRAINT dialog_messages_role_check;
        """
    )
