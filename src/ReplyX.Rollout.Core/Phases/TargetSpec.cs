namespace ReplyX.Rollout.Core.Phases;

/// <summary>
/// Which database a phase is meant for (R001): its name, and the environment it must be (<c>production</c>,
/// <c>staging</c>). Starting the phase against another is refused; null members are not checked.
/// </summary>
public sealed record TargetSpec(string? Database = null, string? Environment = null)
{
    /// <summary>Why <paramref name="identity"/> is not this target (with the environment the controller declares when the database does not), or null.</summary>
    public string? Mismatch(Postgres.TargetIdentity identity, string? declaredEnvironment)
    {
        var environment = identity.Environment ?? declaredEnvironment;
        if (Database is not null && Database != identity.Database)
        {
            return $"the phase is for database '{Database}', the target is '{identity.Database}'";
        }

        if (identity.Environment is not null && declaredEnvironment is not null && identity.Environment != declaredEnvironment)
        {
            return $"the database says it is '{identity.Environment}' ({Postgres.TargetIdentity.EnvironmentSetting}) but the controller is configured for '{declaredEnvironment}'";
        }

        if (Environment is not null && environment is null)
        {
            return $"the phase is for environment '{Environment}', and neither the database ({Postgres.TargetIdentity.EnvironmentSetting}) nor the controller (Rollout:TargetEnvironment) says which environment the target is";
        }

        return Environment is not null && Environment != environment ? $"the phase is for environment '{Environment}', the target is '{environment}'" : null;
    }
}
