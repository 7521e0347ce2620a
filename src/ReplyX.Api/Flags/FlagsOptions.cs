namespace ReplyX.Api.Flags;

/// <summary>Where the flags come from (section <c>ReplyX:Flags</c>).</summary>
public sealed class FlagsOptions
{
    /// <summary>The controller's address. <value>The default value is <c>http://controller</c> (service discovery).</value></summary>
    public Uri Controller { get; set; } = new("http://controller");

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
