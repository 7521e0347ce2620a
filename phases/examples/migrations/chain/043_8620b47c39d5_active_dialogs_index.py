"""active dialogs index

Revision ID: 8620b47c39d5
Revises: 557b2a29032f
Create Date: 2025-09-22 10:00:00
"""
from alembic import op

revision: str = "8620b47c39d5"
down_revision: str | None = "557b2a29032f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE INDEX ix_dialogs_user_active ON dialogs (user_id, updated_at DESC) WHERE NOT archived;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP INDEX ix_dialogs_user_active;
        """
    )
