"""invoice numbers

Revision ID: f25426dcde5f
Revises: 833fce16adc0
Create Date: 2025-08-04 10:00:00
"""
from alembic import op

revision: str = "f25426dcde5f"
down_revision: str | None = "833fce16adc0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE SEQUENCE invoice_number_seq START 1000 INCREMENT 1;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP SEQUENCE invoice_number_seq;
        """
    )
