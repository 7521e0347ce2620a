"""documents per account

Revision ID: 02397741c526
Revises: 1429f457e6d2
Create Date: 2025-05-13 10:00:00
"""
from alembic import op

revision: str = "02397741c526"
down_revision: str | None = "1429f457e6d2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE knowledge_documents ADD COLUMN account_id bigint REFERENCES accounts (id);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE knowledge_documents DROP COLUMN account_id;
        """
    )
