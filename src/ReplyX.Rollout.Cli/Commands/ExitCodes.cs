namespace ReplyX.Rollout.Cli.Commands;

/// <summary>Exit codes a script can branch on.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int ValidationFailed = 1;
    public const int UsageError = 2;
    public const int RolledBack = 3;
    public const int Failed = 4;
    public const int Unreachable = 5;
}
