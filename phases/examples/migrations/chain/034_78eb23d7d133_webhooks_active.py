"""webhooks active

Revision ID: 78eb23d7d133
Revises: b16dbbd84f38
Create Date: 2025-07-22 10:00:00
"""
from alembic import op

revision: str = "78eb23d7d133"
down_revision: str | None = "b16dbbd84f38"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE webhooks ADD COLUMN active boolean NOT NULL DEFAULT true;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE webhooks DROP COLUMN active;
        """
    )
