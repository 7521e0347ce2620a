using System.ComponentModel.DataAnnotations;

namespace ReplyX.LoadGen;

/// <summary>How hard and how to drive the workload. Bound from the <c>LoadGen</c> section or the command line.</summary>
public sealed class LoadOptions
{
    public const string Section = "LoadGen";

    /// <summary>Base address of the workload. <value>The default value is <c>http://workload</c> (Aspire service discovery).</value></summary>
    [Required]
    public string Target { get; set; } = "http://workload";

    /// <summary>Requests per second, open loop: a slow workload does not slow the arrivals down.</summary>
    [Range(0.1, 5000)]
    public double Rate { get; set; } = 20;

    /// <summary>Simulated users; ids 1..Users, which the default seed creates.</summary>
    [Range(1, 10_000_000)]
    public int Users { get; set; } = 2000;

    /// <summary>How long to run; zero runs until stopped.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.Zero;

    /// <summary>Weights per endpoint, e.g. <c>dialogs=25,messages=50,post=10,search=10,similar=5</c>.</summary>
    [Required]
    public string Mix { get; set; } = "dialogs=25,messages=50,post=10,search=10,similar=5";

    /// <summary>Most requests in flight at once; arrivals beyond it are counted as dropped, never queued.</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; set; } = 256;

    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A drill to rehearse a rollback, sent as <c>X-ReplyX-Drill</c> (e.g. <c>latency=50%</c> or <c>errors=5%</c>); the
    /// workload applies it to treatment requests only, and only when its drills are enabled. Empty: no drill.
    /// </summary>
    public string Drill { get; set; } = "";

    /// <summary>Seed of the simulated users' choices, so two runs send the same sequence.</summary>
    public int Seed { get; set; } = 7;
}
