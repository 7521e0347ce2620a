"""baseline 5 of 5: references and triggers

Consolidated by replyx-rollout migrations consolidate; replaces 45 revisions of chain/ through 2393f8a48b5e. Prove it with replyx-rollout migrations verify.

Revision ID: 83f84098f8bc
Revises: 658fe93cb6dc
"""
from pathlib import Path

from alembic import op

# revision identifiers, used by Alembic.
revision = "83f84098f8bc"
down_revision = "658fe93cb6dc"
branch_labels = None
depends_on = None

SQL = Path(__file__).parent / "sql" / "0005_83f84098f8bc.sql"


def upgrade() -> None:
    # The dumped DDL runs as pg_dump wrote it, through the driver: no bind-parameter parsing.
    op.get_bind().connection.cursor().execute(SQL.read_text())


def downgrade() -> None:
    raise NotImplementedError("a consolidated baseline is not downgraded: restore a backup instead")
