using ReplyX.Api.Data.Seeding;
using ReplyX.Api.Extensions;

if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapReplyXApi();
app.Run();
return 0;
