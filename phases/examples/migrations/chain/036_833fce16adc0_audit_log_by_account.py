"""audit log by account

Revision ID: 833fce16adc0
Revises: b42b82f77fd3
Create Date: 2025-08-01 10:00:00
"""
from alembic import op

revision: str = "833fce16adc0"
down_revision: str | None = "b42b82f77fd3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE INDEX ix_audit_log_account_at ON audit_log (account_id, at DESC);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP INDEX ix_audit_log_account_at;
        """
    )
