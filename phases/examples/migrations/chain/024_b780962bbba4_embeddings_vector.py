"""embeddings vector

Revision ID: b780962bbba4
Revises: b0191b04139c
Create Date: 2025-05-19 10:00:00
"""
from alembic import op

revision: str = "b780962bbba4"
down_revision: str | None = "b0191b04139c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE knowledge_embeddings ADD COLUMN embedding real[] NOT NULL DEFAULT '{}';
        ALTER TABLE knowledge_embeddings ALTER COLUMN embedding DROP DEFAULT;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE knowledge_embeddings DROP COLUMN embedding;
        """
    )
