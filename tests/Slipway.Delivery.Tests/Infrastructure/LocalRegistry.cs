using System.Net;
using Slipway.Tooling;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// A real registry (Debian's docker-registry, distribution 2.8) on a free 127.0.0.1 port with filesystem
/// storage in a temp folder, optionally behind htpasswd (bcrypt) auth. Disposing stops it and deletes its data.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private readonly LongRunningProcess process;
    private readonly string root;

    private LocalRegistry(LongRunningProcess process, string root, int port)
    {
        this.process = process;
        this.root = root;
        Address = $"127.0.0.1:{port}";
    }

    /// <summary>host:port, e.g. "127.0.0.1:40123".</summary>
    public string Address { get; }

    public static async Task<LocalRegistry> StartAsync(string? user = null, string? password = null)
    {
        var root = Directory.CreateTempSubdirectory("slipway-test-registry-").FullName;
        var port = FreePort.Next();
        var auth = string.Empty;
        if (user is not null && password is not null)
        {
            var htpasswd = Path.Combine(root, "htpasswd");
            await File.WriteAllTextAsync(htpasswd, $"{user}:{BCrypt.Net.BCrypt.HashPassword(password, workFactor: 5)}\n");
            auth = $"auth:\n  htpasswd:\n    realm: slipway-test\n    path: {htpasswd}\n";
        }

        var config = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(config,
            "version: 0.1\n"
            + "log:\n  level: warn\n"
            + $"storage:\n  filesystem:\n    rootdirectory: {Path.Combine(root, "data")}\n  delete:\n    enabled: true\n"
            + $"http:\n  addr: 127.0.0.1:{port}\n"
            + auth);

        LongRunningProcess process;
        try
        {
            process = LongRunningProcess.Start("docker-registry", ["serve", config]);
        }
        catch (ProcessFailedException exception)
        {
            throw new InvalidOperationException($"{exception.Message} It comes with the Debian package 'docker-registry'.", exception);
        }

        var registry = new LocalRegistry(process, root, port);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"http://{registry.Address}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return registry;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline && !process.HasExited)
            {
                // not listening yet, or a slow answer on a loaded machine: ask again
            }

            if (DateTime.UtcNow >= deadline || process.HasExited)
            {
                var output = string.Join(Environment.NewLine, process.Output.TakeLast(20));
                await registry.DisposeAsync();
                throw new InvalidOperationException($"docker-registry did not answer on {registry.Address} within 30 s. Its last output:{Environment.NewLine}{output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The manifest digest the registry holds for a tag (HEAD with the Docker v2 manifest type), with optional basic auth.</summary>
    public async Task<string?> ManifestDigestAsync(string repository, string tag, string? user = null, string? password = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{Address}/v2/{repository}/manifests/{tag}");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        if (user is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode && response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}
