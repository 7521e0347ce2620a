"""webhooks events

Revision ID: b16dbbd84f38
Revises: 075194ab9ce9
Create Date: 2025-07-19 10:00:00
"""
from alembic import op

revision: str = "b16dbbd84f38"
down_revision: str | None = "075194ab9ce9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE webhooks ADD COLUMN events text[] NOT NULL DEFAULT ARRAY['dialog.created'];
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE webhooks DROP COLUMN events;
        """
    )
