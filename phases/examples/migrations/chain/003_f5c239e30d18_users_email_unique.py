"""users email unique

Revision ID: f5c239e30d18
Revises: fd8087a1b68a
Create Date: 2025-01-10 10:00:00
"""
from alembic import op

revision: str = "f5c239e30d18"
down_revision: str | None = "fd8087a1b68a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE users DROP CONSTRAINT users_email_key;
        """
    )
