"""messages by dialog

Revision ID: 6230a541fa1b
Revises: f0f51c032278
Create Date: 2025-04-04 10:00:00
"""
from alembic import op

revision: str = "6230a541fa1b"
down_revision: str | None = "f0f51c032278"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE INDEX ix_dialog_messages_dialog ON dialog_messages (dialog_id, created_at);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP INDEX ix_dialog_messages_dialog;
        """
    )
