"""embeddings vector check

Revision ID: cdb0d5969231
Revises: b780962bbba4
Create Date: 2025-06-22 10:00:00
"""
from alembic import op

revision: str = "cdb0d5969231"
down_revision: str | None = "b780962bbba4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE knowledge_embeddings ADD CONSTRAINT knowledge_embeddings_embedding_check CHECK (cardinality(embedding) > 0) NOT VALID;
        ALTER TABLE knowledge_embeddings VALIDATE CONSTRAINT knowledge_embeddings_embedding_check;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE knowledge_embeddings DROP CONSTRAINT knowledge_embeddings_embedding_check;
        """
    )
