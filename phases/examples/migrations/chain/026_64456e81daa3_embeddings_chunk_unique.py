"""embeddings chunk unique

Revision ID: 64456e81daa3
Revises: cdb0d5969231
Create Date: 2025-06-25 10:00:00
"""
from alembic import op

revision: str = "64456e81daa3"
down_revision: str | None = "cdb0d5969231"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE knowledge_embeddings ADD CONSTRAINT knowledge_embeddings_document_id_chunk_no_key UNIQUE (document_id, chunk_no);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE knowledge_embeddings DROP CONSTRAINT knowledge_embeddings_document_id_chunk_no_key;
        """
    )
