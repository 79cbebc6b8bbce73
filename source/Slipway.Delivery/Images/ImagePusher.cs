using System.Text.Json;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;

namespace Slipway.Delivery.Images;

/// <summary>The Push step: tags the local image into the registry's namespace, pushes every tag, reports each digest.</summary>
public static partial class ImagePusher
{
    /// <summary>The file written into <see cref="PushRequest.OutputDirectory"/>: [{reference, digest, pinned}].</summary>
    public const string ReportFileName = "push.json";

    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true };

    /// <example><code>var pushed = await ImagePusher.PushAsync(docker, PushRequest.For(image, "127.0.0.1:5000", new RegistryCredentials(user, password)), Log.Logger);</code></example>
    public static async Task<IReadOnlyList<PushedTag>> PushAsync(
        IDockerClient docker, PushRequest request, ILogger log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        request.Validate();

        var auth = request.Credentials is { } credentials
            ? new AuthConfig { Username = credentials.Username, Password = credentials.Password, ServerAddress = request.Registry }
            : new AuthConfig();
        var pushed = new List<PushedTag>();
        foreach (var tag in request.Tags)
        {
            var reference = $"{request.RemoteRepository}:{tag}";
            await docker.Images.TagImageAsync($"{request.Repository}:{tag}", new ImageTagParameters { RepositoryName = request.RemoteRepository, Tag = tag }, cancellationToken).ConfigureAwait(false);

            string? digest = null;
            string? error = null;
            var progress = new InlineProgress<JSONMessage>(message =>
            {
                error ??= message.Error?.Message;
                if (message.Status is { } status && DigestPattern().Match(status) is { Success: true } match)
                {
                    digest = match.Value;
                }
            });

            log.Information("Pushing {Reference} as {User}", reference, request.Credentials?.Username ?? "anonymous");
            try
            {
                await docker.Images.PushImageAsync(request.RemoteRepository, new ImagePushParameters { Tag = tag }, auth, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException exception)
            {
                error ??= DockerErrors.Describe(exception);
            }

            if (error is not null || digest is null)
            {
                var reason = error is null ? "the registry returned no digest" : Redact(request, error);
                throw new ImagePushException(
                    $"Pushing '{reference}' failed: {reason}. Check that the registry '{request.Registry}' is reachable"
                    + (request.Credentials is null ? " and open to anonymous pushes, or pass a user and password." : $" and that user '{request.Credentials.Username}' may push to '{request.TargetRepository ?? request.Repository}'."));
            }

            log.Information("Pushed {Reference} {Digest}", reference, digest);
            pushed.Add(new PushedTag(reference, digest));
        }

        if (request.OutputDirectory is { } outputDirectory)
        {
            Directory.CreateDirectory(outputDirectory);
            var path = Path.Combine(outputDirectory, ReportFileName);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(pushed, ReportJson) + "\n", cancellationToken).ConfigureAwait(false);
            log.Information("Wrote {PushReport}", path);
        }

        return pushed;
    }

    private static string Redact(PushRequest request, string text) => request.Credentials?.Redact(text) ?? text;

    [GeneratedRegex("sha256:[0-9a-f]{64}")]
    private static partial Regex DigestPattern();
}
