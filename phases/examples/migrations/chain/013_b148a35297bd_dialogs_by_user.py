"""dialogs by user

Revision ID: b148a35297bd
Revises: aaae89efc4de
Create Date: 2025-03-13 10:00:00
"""
from alembic import op

revision: str = "b148a35297bd"
down_revision: str | None = "aaae89efc4de"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE INDEX ix_dialogs_user ON dialogs (user_id);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP INDEX ix_dialogs_user;
        """
    )
