"""dialogs updated at trigger

Revision ID: aaae89efc4de
Revises: 29bfb7edb200
Create Date: 2025-03-10 10:00:00
"""
from alembic import op

revision: str = "aaae89efc4de"
down_revision: str | None = "29bfb7edb200"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TRIGGER dialogs_touch BEFORE UPDATE ON dialogs FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP TRIGGER dialogs_touch ON dialogs;
        """
    )
