"""users email lower unique

Revision ID: 2393f8a48b5e
Revises: 2e513245d8cb
Create Date: 2025-10-01 10:00:00
"""
from alembic import op

revision: str = "2393f8a48b5e"
down_revision: str | None = "2e513245d8cb"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE users DROP CONSTRAINT users_email_key;
        CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email));
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP INDEX ux_users_email_lower;
        ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
        """
    )
