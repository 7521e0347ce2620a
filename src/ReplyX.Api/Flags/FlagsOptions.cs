namespace ReplyX.Api.Flags;

/// <summary>Where the flags come from (section <c>ReplyX:Flags</c>).</summary>
public sealed class FlagsOptions
{
    /// <summary>The controller's address. <value>The default value is <c>http://controller</c> (service discovery).</value></summary>
    public Uri Controller { get; set; } = new("http://controller");

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether a request may name its targeting group in <c>X-ReplyX-Cohort</c> (the controller's gates use the
    /// <c>replyx-gate</c> cohort to reach the treatment path before any user is moved). Enable only where the
    /// header cannot come from outside (the edge strips it). <value>The default value is false.</value>
    /// </summary>
    public bool AcceptCohortHeader { get; set; }
}
