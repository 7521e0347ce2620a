"""user status type

Revision ID: 9bb5696dcfd8
Revises: a257942659d0
Create Date: 2025-02-19 10:00:00
"""
from alembic import op

revision: str = "9bb5696dcfd8"
down_revision: str | None = "a257942659d0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TYPE user_status AS ENUM ('active', 'suspended');
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP TYPE user_status;
        """
    )
