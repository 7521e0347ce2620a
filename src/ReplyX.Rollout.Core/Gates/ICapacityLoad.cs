namespace ReplyX.Rollout.Core.Gates;

/// <summary>Something that can drive a capacity run and report it: the load generator service over HTTP, or one in process.</summary>
public interface ICapacityLoad
{
    Task<CapacityReadings> RunAsync(CapacityRequest request, CancellationToken cancellationToken);
}
