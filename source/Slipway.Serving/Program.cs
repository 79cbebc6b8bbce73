using Microsoft.Extensions.Options;
using Slipway.Serving.Hosting;

if (HealthCheckCommand.IsRequested(args))
{
    return await HealthCheckCommand.RunAsync(HealthCheckCommand.ProcessEnvironment(), Console.Out, TimeSpan.FromSeconds(5));
}

try
{
    // Content root = the binary's folder, so appsettings.json is found whatever the working directory.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddServingDefaults();
    builder.AddModelServing();

    var app = builder.Build();
    app.MapServing();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" }
    && System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly) // a host that embeds the app (tests) sees the exception itself
{
    // Bad configuration: name the key and exit 2 (usage error) instead of crashing with a stack trace.
    Console.Error.WriteLine($"Slipway.Serving refused to start: {exception.Message}");
    return 2;
}

public partial class Program;
