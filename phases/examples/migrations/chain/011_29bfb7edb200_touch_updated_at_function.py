"""touch updated at function

Revision ID: 29bfb7edb200
Revises: 543a7b25e679
Create Date: 2025-03-07 10:00:00
"""
from alembic import op

revision: str = "29bfb7edb200"
down_revision: str | None = "543a7b25e679"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END
        $$;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP FUNCTION touch_updated_at();
        """
    )
