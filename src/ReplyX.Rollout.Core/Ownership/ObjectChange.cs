namespace ReplyX.Rollout.Core.Ownership;

/// <summary>What a statement does to a schema object.</summary>
public enum ObjectChange
{
    /// <summary>CREATE INDEX/TABLE/FUNCTION, ADD COLUMN, ADD CONSTRAINT (with or without IF NOT EXISTS / OR REPLACE).</summary>
    Create,

    Drop,

    /// <summary>A change to an existing object's definition (ALTER COLUMN ... TYPE, SET DEFAULT, VALIDATE ...).</summary>
    Alter,

    Rename,

    /// <summary>UPDATE ... SET column: the column's content, not its definition.</summary>
    Write,
}
