"""messages role

Revision ID: efc8e7a42606
Revises: d3b1325935a7
Create Date: 2025-04-19 10:00:00
"""
from alembic import op

revision: str = "efc8e7a42606"
down_revision: str | None = "d3b1325935a7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialog_messages ADD COLUMN role text NOT NULL DEFAULT 'user';
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialog_messages DROP COLUMN role;
        """
    )
