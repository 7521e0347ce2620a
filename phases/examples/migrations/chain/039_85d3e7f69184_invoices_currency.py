"""invoices currency

Revision ID: 85d3e7f69184
Revises: 771d942ae481
Create Date: 2025-08-10 10:00:00
"""
from alembic import op

revision: str = "85d3e7f69184"
down_revision: str | None = "771d942ae481"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE invoices ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE invoices DROP COLUMN currency;
        """
    )
