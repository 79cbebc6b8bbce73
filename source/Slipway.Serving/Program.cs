using Slipway.Serving.Hosting;

if (HealthCheckCommand.IsRequested(args))
{
    return await HealthCheckCommand.RunAsync(HealthCheckCommand.ProcessEnvironment(), Console.Out, TimeSpan.FromSeconds(5));
}

// Content root = the binary's folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServingDefaults();
builder.AddModelServing();

var app = builder.Build();
app.MapServing();
await app.RunAsync();
return 0;

public partial class Program;
