"""dialogs drop legacy topic

Revision ID: fb8b189db074
Revises: 6230a541fa1b
Create Date: 2025-05-07 10:00:00
"""
from alembic import op

revision: str = "fb8b189db074"
down_revision: str | None = "6230a541fa1b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        UPDATE dialogs SET title = legacy_topic WHERE title = '' AND legacy_topic IS NOT NULL;
        ALTER TABLE dialogs DROP COLUMN legacy_topic;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE dialogs ADD COLUMN legacy_topic text;
        """
    )
