"""baseline 1 of 5: types

Consolidated by replyx-rollout migrations consolidate; replaces 45 revisions of chain/ through 2393f8a48b5e. Prove it with replyx-rollout migrations verify.

Revision ID: ba58358084ed
Revises: 
"""
from pathlib import Path

from alembic import op

# revision identifiers, used by Alembic.
revision = "ba58358084ed"
down_revision = None
branch_labels = None
depends_on = None

SQL = Path(__file__).parent / "sql" / "0001_ba58358084ed.sql"


def upgrade() -> None:
    # The dumped DDL runs as pg_dump wrote it, through the driver: no bind-parameter parsing.
    op.get_bind().connection.cursor().execute(SQL.read_text())


def downgrade() -> None:
    raise NotImplementedError("a consolidated baseline is not downgraded: restore a backup instead")
