namespace ReplyX.Rollout.Core.Phases;

/// <summary>Validation codes. Stable: scripts and suppressions name them.</summary>
public static class DiagnosticCodes
{
    public const string YamlSyntax = "RX001";
    public const string UnknownKey = "RX002";
    public const string WrongType = "RX003";
    public const string MissingKey = "RX004";
    public const string BadDuration = "RX005";
    public const string BadPercentage = "RX006";
    public const string RampNotIncreasing = "RX007";
    public const string RampNotEndingAt100 = "RX008";
    public const string UnknownRisk = "RX009";
    public const string UnknownDependency = "RX010";
    public const string CircularDependency = "RX011";
    public const string DuplicatePhaseId = "RX012";
    public const string DuplicateStepName = "RX013";
    public const string MissingRollback = "RX014";
    public const string ThresholdOutOfRange = "RX015";
    public const string EmptySql = "RX016";
    public const string BadIdentifier = "RX017";
    public const string MissingReason = "RX018";
    public const string UnknownLintRule = "RX019";
    public const string BadValue = "RX020";
    public const string RiskRegister = "RX021";
    public const string UnknownParameter = "RX022";
    public const string BadCriterion = "RX023";
}
