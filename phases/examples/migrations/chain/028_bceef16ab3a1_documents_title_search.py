"""documents title search

Revision ID: bceef16ab3a1
Revises: 44ad1e917c4d
Create Date: 2025-06-04 10:00:00
"""
from alembic import op

revision: str = "bceef16ab3a1"
down_revision: str | None = "44ad1e917c4d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE INDEX ix_knowledge_documents_title_trgm ON knowledge_documents USING gin (title gin_trgm_ops);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP INDEX ix_knowledge_documents_title_trgm;
        """
    )
