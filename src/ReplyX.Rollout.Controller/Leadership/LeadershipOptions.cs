using System.ComponentModel.DataAnnotations;

namespace ReplyX.Rollout.Controller.Leadership;

/// <summary>How leadership is kept (section <c>Rollout:Leadership</c>).</summary>
public sealed class LeadershipOptions : IValidatableObject
{
    public const string Section = "Rollout:Leadership";

    /// <summary>How often the leader renews its lease through its lock session. <value>The default value is 1 s.</value></summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a lease lasts without renewal before a follower ends the silent leader's session and takes over.
    /// <value>The default value is 10 s.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Lease < Heartbeat * 3)
        {
            yield return new ValidationResult($"Lease ({Lease}) must be at least three heartbeats ({Heartbeat}): one late renewal must not depose a healthy leader.", [nameof(Lease)]);
        }
    }
}
