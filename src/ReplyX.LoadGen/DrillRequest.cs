namespace ReplyX.LoadGen;

/// <summary>Switch the drill: e.g. <c>{ "drill": "latency=50%" }</c>; empty stops it.</summary>
public sealed record DrillRequest(string? Drill);
