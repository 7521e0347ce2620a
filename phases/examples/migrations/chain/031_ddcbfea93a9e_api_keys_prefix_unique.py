"""api keys prefix unique

Revision ID: ddcbfea93a9e
Revises: 2890544e5bb7
Create Date: 2025-07-13 10:00:00
"""
from alembic import op

revision: str = "ddcbfea93a9e"
down_revision: str | None = "2890544e5bb7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE UNIQUE INDEX ux_api_keys_prefix ON api_keys (prefix);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP INDEX ux_api_keys_prefix;
        """
    )
