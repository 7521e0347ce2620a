namespace ReplyX.Api.Apis;

/// <summary>The user a request acts for, established by <see cref="CallerIdentityFilter"/>.</summary>
internal sealed record CallerIdentity(long UserId)
{
    public static CallerIdentity From(HttpContext context) =>
        context.Items[typeof(CallerIdentity)] as CallerIdentity
        ?? throw new InvalidOperationException("CallerIdentityFilter did not run for this endpoint.");
}
