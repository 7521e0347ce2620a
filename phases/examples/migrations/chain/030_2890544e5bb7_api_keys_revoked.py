"""api keys revoked

Revision ID: 2890544e5bb7
Revises: 1bd0c31bcba9
Create Date: 2025-07-10 10:00:00
"""
from alembic import op

revision: str = "2890544e5bb7"
down_revision: str | None = "1bd0c31bcba9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE api_keys ADD COLUMN revoked_at timestamptz;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE api_keys DROP COLUMN revoked_at;
        """
    )
