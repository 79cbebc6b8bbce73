using System.Globalization;

namespace Slipway.Serving.Hosting;

/// <summary>
/// <c>Slipway.Serving healthcheck</c>: asks this service's own <c>/v2/health/ready</c> on the port it is configured to
/// listen on and exits 0 (ready) or 1 — a container HEALTHCHECK for images without curl. No web host is started.
/// </summary>
public static class HealthCheckCommand
{
    public const string Name = "healthcheck";

    public static bool IsRequested(string[] args) => args.Length > 0 && string.Equals(args[0], Name, StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> environment, TextWriter output, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Uri uri;
        try
        {
            uri = ResolveReadinessUri(environment);
        }
        catch (FormatException exception)
        {
            await output.WriteLineAsync($"unhealthy: {exception.Message}").ConfigureAwait(false);
            return 1;
        }

        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            var ready = response.IsSuccessStatusCode;
            await output.WriteLineAsync($"{(ready ? "healthy" : "unhealthy")}: GET {uri} answered {(int)response.StatusCode}").ConfigureAwait(false);
            return ready ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"unhealthy: GET {uri} failed: {exception.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The process environment as a dictionary, for <see cref="RunAsync"/>.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);

    /// <summary>
    /// First http URL of <c>ASPNETCORE_URLS</c> (wildcard hosts become 127.0.0.1), else the first of
    /// <c>ASPNETCORE_HTTP_PORTS</c> / <c>HTTP_PORTS</c>, else port 8080 — the same order ASP.NET Core uses.
    /// </summary>
    public static Uri ResolveReadinessUri(IReadOnlyDictionary<string, string?> environment)
    {
        var urls = Get(environment, "ASPNETCORE_URLS");
        if (!string.IsNullOrWhiteSpace(urls))
        {
            var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                ?? throw new FormatException($"ASPNETCORE_URLS '{urls}' has no http:// address to check.");
            var rest = first["http://".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var authority = slash < 0 ? rest : rest[..slash];
            var colon = authority.LastIndexOf(':');
            var host = colon > 0 && !authority.EndsWith(']') ? authority[..colon] : authority;
            var port = colon > 0 && !authority.EndsWith(']') ? authority[(colon + 1)..] : "80";
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                throw new FormatException($"ASPNETCORE_URLS '{urls}' has port '{port}', which is not 1..65535.");
            }

            host = host is "*" or "+" or "0.0.0.0" or "[::]" or "" or "localhost" ? "127.0.0.1" : host;
            return new Uri($"http://{host}:{number}/v2/health/ready");
        }

        var ports = Get(environment, "ASPNETCORE_HTTP_PORTS") ?? Get(environment, "HTTP_PORTS");
        if (!string.IsNullOrWhiteSpace(ports))
        {
            var first = ports.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                throw new FormatException($"HTTP port '{first}' is not 1..65535.");
            }

            return new Uri($"http://127.0.0.1:{number}/v2/health/ready");
        }

        return new Uri("http://127.0.0.1:8080/v2/health/ready");
    }

    private static string? Get(IReadOnlyDictionary<string, string?> environment, string key) =>
        environment.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
