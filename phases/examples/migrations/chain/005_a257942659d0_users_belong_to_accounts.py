"""users belong to accounts

Revision ID: a257942659d0
Revises: f317b6222850
Create Date: 2025-02-16 10:00:00
"""
from alembic import op

revision: str = "a257942659d0"
down_revision: str | None = "f317b6222850"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE users ADD COLUMN account_id bigint REFERENCES accounts (id);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE users DROP COLUMN account_id;
        """
    )
