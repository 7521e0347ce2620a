using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ReplyX.Api;

namespace ReplyX.Rollout.Tests.Infrastructure;

/// <summary>The workload API in-process, pointed at a real seeded database.</summary>
internal sealed class WorkloadApiFactory(string connectionString) : WebApplicationFactory<WorkloadEntryPoint>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:replyx", connectionString);
        builder.UseEnvironment("Testing");
    }
}
