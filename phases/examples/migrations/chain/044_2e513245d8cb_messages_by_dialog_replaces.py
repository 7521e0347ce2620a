"""messages by dialog replaces

Revision ID: 2e513245d8cb
Revises: 8620b47c39d5
Create Date: 2025-09-25 10:00:00
"""
from alembic import op

revision: str = "2e513245d8cb"
down_revision: str | None = "8620b47c39d5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        DROP INDEX ix_dialogs_user;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        CREATE INDEX ix_dialogs_user ON dialogs (user_id);
        """
    )
