using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Slipway.Serving.Tests.Fixtures;

/// <summary>The real service in-process over a given model repository and extra settings; captures its log lines.</summary>
public sealed class ServingApp(string repository, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Serving:ModelRepository"] = repository,
        };
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(values));
        builder.ConfigureLogging(l => l.AddProvider(new CapturingLoggerProvider(LogLines)));
    }

    /// <summary>A client once <c>/v2/health/ready</c> answers 200 (or when <paramref name="requireReady"/> is false, at once).</summary>
    public async Task<HttpClient> StartAsync(bool requireReady = true)
    {
        var client = CreateClient();
        if (!requireReady)
        {
            return client;
        }

        await WaitUntilAsync(client, "/v2/health/ready", 200);
        return client;
    }

    /// <summary>Polls a path until it answers <paramref name="status"/>, for at most 60 s; fails with the last answer.</summary>
    public static async Task WaitUntilAsync(HttpClient client, string path, int status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(path);
            if ((int)response.StatusCode == status)
            {
                return;
            }

            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            await Task.Delay(50);
        }

        throw new TimeoutException($"GET {path} did not answer {status} within 60 s; last answer: {last}");
    }

    /// <summary>Waits until every model version has left the loading state (ready or failed).</summary>
    public async Task<HttpClient> StartSettledAsync()
    {
        var client = CreateClient();
        var registry = Services.GetRequiredService<Slipway.Serving.Repository.ModelRegistry>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (registry.All.Any(m => m.State == Slipway.Serving.Repository.ModelState.Loading))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("models still loading after 60 s");
            }

            await Task.Delay(50);
        }

        return client;
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
