using ReplyX.Rollout.Core.Lint;

namespace ReplyX.Rollout.Core.Ownership;

/// <summary>The effects of <c>ALTER TABLE</c>: one per action (ADD/DROP/ALTER COLUMN, ADD/DROP/VALIDATE CONSTRAINT, RENAME ...).</summary>
internal static class AlterTableEffects
{
    public static List<StatementEffect> Read(SqlStatement s)
    {
        var i = 2 + (s.MatchesAt(2, "IF", "EXISTS") ? 2 : 0);
        i += s.MatchesAt(i, "ONLY") ? 1 : 0;
        var (table, next) = s.QualifiedName(i);
        if (table is null)
        {
            return [];
        }

        var effects = new List<StatementEffect>();
        foreach (var (from, to) in s.TopLevelParts(next))
        {
            if (ReadAlterAction(s, table, from, to) is { } effect)
            {
                effects.Add(effect);
            }
        }

        return effects;
    }

    private static StatementEffect? ReadAlterAction(SqlStatement s, string table, int i, int end)
    {
        if (s.MatchesAt(i, "ADD"))
        {
            i++;
            if (s.MatchesAt(i, "CONSTRAINT"))
            {
                var (constraint, afterName) = s.QualifiedName(i + 1);
                return constraint is null ? null : new StatementEffect(ObjectChange.Create, new SchemaObject(SchemaObjectKind.Constraint, constraint, table), s)
                {
                    Definition = s.TextBetween(afterName, end),
                };
            }

            if (s.MatchesAt(i, "PRIMARY") || s.MatchesAt(i, "UNIQUE") || s.MatchesAt(i, "CHECK") || s.MatchesAt(i, "FOREIGN") || s.MatchesAt(i, "EXCLUDE"))
            {
                // An unnamed constraint gets a fresh generated name.
                return null;
            }

            i += s.MatchesAt(i, "COLUMN") ? 1 : 0;
            var conditional = s.MatchesAt(i, "IF", "NOT", "EXISTS");
            i += conditional ? 3 : 0;
            var (column, afterColumn) = s.QualifiedName(i);
            return column is null ? null : new StatementEffect(ObjectChange.Create, new SchemaObject(SchemaObjectKind.Column, column, table), s)
            {
                Conditional = conditional, Definition = s.TextBetween(afterColumn, end),
            };
        }

        if (s.MatchesAt(i, "DROP"))
        {
            i++;
            var kind = SchemaObjectKind.Column;
            if (s.MatchesAt(i, "CONSTRAINT"))
            {
                kind = SchemaObjectKind.Constraint;
                i++;
            }
            else if (s.MatchesAt(i, "COLUMN"))
            {
                i++;
            }
            else if (s.MatchesAt(i, "DEFAULT") || s.MatchesAt(i, "NOT") || s.MatchesAt(i, "EXPRESSION") || s.MatchesAt(i, "IDENTITY"))
            {
                return null;
            }

            var conditional = s.MatchesAt(i, "IF", "EXISTS");
            i += conditional ? 2 : 0;
            var (name, _) = s.QualifiedName(i);
            return name is null ? null : new StatementEffect(ObjectChange.Drop, new SchemaObject(kind, name, table), s) { Conditional = conditional };
        }

        if (s.MatchesAt(i, "ALTER"))
        {
            i++;
            i += s.MatchesAt(i, "COLUMN") ? 1 : 0;
            var (column, _) = s.QualifiedName(i);
            return column is null ? null : new StatementEffect(ObjectChange.Alter, new SchemaObject(SchemaObjectKind.Column, column, table), s);
        }

        if (s.MatchesAt(i, "VALIDATE", "CONSTRAINT"))
        {
            var (constraint, _) = s.QualifiedName(i + 2);
            return constraint is null ? null : new StatementEffect(ObjectChange.Alter, new SchemaObject(SchemaObjectKind.Constraint, constraint, table), s);
        }

        if (s.MatchesAt(i, "RENAME"))
        {
            i++;
            if (s.MatchesAt(i, "TO"))
            {
                return new StatementEffect(ObjectChange.Rename, new SchemaObject(SchemaObjectKind.Table, table), s);
            }

            var kind = SchemaObjectKind.Column;
            if (s.MatchesAt(i, "CONSTRAINT"))
            {
                kind = SchemaObjectKind.Constraint;
                i++;
            }
            else if (s.MatchesAt(i, "COLUMN"))
            {
                i++;
            }

            var (name, _) = s.QualifiedName(i);
            return name is null ? null : new StatementEffect(ObjectChange.Rename, new SchemaObject(kind, name, table), s);
        }

        // SET (...), ENABLE TRIGGER, OWNER TO, ...: a change to the table itself.
        return new StatementEffect(ObjectChange.Alter, new SchemaObject(SchemaObjectKind.Table, table), s);
    }
}
