namespace ReplyX.Api;

/// <summary>Marker for the test host: the workload's entry point lives in top-level statements.</summary>
public sealed class WorkloadEntryPoint;
