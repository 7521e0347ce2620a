"""messages token count default

Revision ID: f0f51c032278
Revises: 67a978c5157a
Create Date: 2025-04-01 10:00:00
"""
from alembic import op

revision: str = "f0f51c032278"
down_revision: str | None = "67a978c5157a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        UPDATE dialog_messages SET token_count = 0 WHERE token_count IS NULL;
        ALTER TABLE dialog_messages ALTER COLUMN token_count SET DEFAULT 0;
        ALTER TABLE dialog_messages ALTER COLUMN token_count SET NOT NULL;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialog_messages ALTER COLUMN token_count DROP NOT NULL;
        ALTER TABLE dialog_messages ALTER COLUMN token_count DROP DEFAULT;
        """
    )
