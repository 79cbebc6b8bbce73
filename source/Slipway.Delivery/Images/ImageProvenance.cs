using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Delivery.Models;

namespace Slipway.Delivery.Images;

/// <summary>
/// A SLSA v1 provenance statement (in-toto Statement v1) for the built image, written beside it as
/// <c>provenance.json</c>. Its subject is the image ID (the config digest); it is not put in a label, since a label is
/// part of the config it would describe. It records the builder, the commit, the build's parameters (the request's
/// non-secret fields: the image build takes no secret) and the resolved dependencies with their digests: the base
/// image, every model file, and the NuGet packages of the published service (from its deps.json).
/// </summary>
public static class ImageProvenance
{
    public const string FileName = "provenance.json";

    public const string BuildType = "urn:slipway:container-image:v1";

    public const string BuilderId = "urn:slipway:builder:ContainerImageBuilder";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<JsonObject> CreateAsync(ContainerImageRequest request, ContainerImageResult image, string baseImageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(image);
        var dependencies = new JsonArray
        {
            Dependency(request.Source is { Length: > 0 } source ? $"git+{source}@{request.Version.Commit}" : $"git+commit:{request.Version.Commit}", "source", "gitCommit", request.Version.Commit),
            Dependency($"docker-image:{request.BaseImage}", "base image", "sha256", baseImageId["sha256:".Length..]),
        };
        foreach (var (relative, directory) in request.ModelVersionDirectories())
        {
            var manifest = await ModelManifestFile.ReadAsync(Path.Combine(directory, ModelManifestFile.FileName), cancellationToken).ConfigureAwait(false);
            foreach (var file in manifest.Files)
            {
                dependencies.Add(Dependency($"file:/models/{relative}/{file.Path}", $"model {manifest.Name} {manifest.Version}", "sha256", file.Sha256));
            }
        }

        foreach (var package in await NuGetPackagesAsync(request.PublishDirectory, cancellationToken).ConfigureAwait(false))
        {
            dependencies.Add(Dependency($"pkg:nuget/{package.Name}@{package.Version}", package.Name, "sha512", package.Sha512));
        }

        var created = request.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject
            {
                ["name"] = image.Repository,
                ["digest"] = new JsonObject { ["sha256"] = image.Id["sha256:".Length..] },
            }),
            ["predicateType"] = "https://slsa.dev/provenance/v1",
            ["predicate"] = new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = BuildType,
                    ["externalParameters"] = new JsonObject
                    {
                        ["repository"] = request.Repository,
                        ["tags"] = new JsonArray([.. request.Tags.Select(tag => JsonValue.Create(tag))]),
                        ["version"] = request.Version.SemanticVersion,
                        ["commit"] = request.Version.Commit,
                        ["baseImage"] = request.BaseImage,
                        ["user"] = request.User,
                        ["source"] = request.Source,
                        ["sourceDateEpoch"] = request.Created.ToUnixTimeSeconds(),
                    },
                    ["resolvedDependencies"] = dependencies,
                },
                ["runDetails"] = new JsonObject
                {
                    ["builder"] = new JsonObject { ["id"] = BuilderId },
                    // the commit time, not the wall clock: the statement is as reproducible as the image
                    ["metadata"] = new JsonObject { ["startedOn"] = created, ["finishedOn"] = created },
                },
            },
        };
    }

    public static async Task WriteAsync(string path, JsonObject statement, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, statement.ToJsonString(Indented) + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The packages a publish's deps.json lists, with their sha512 in hex.</summary>
    internal static async Task<IReadOnlyList<(string Name, string Version, string Sha512)>> NuGetPackagesAsync(string publishDirectory, CancellationToken cancellationToken)
    {
        var depsFile = Directory.EnumerateFiles(publishDirectory, "*.deps.json").Order(StringComparer.Ordinal).FirstOrDefault();
        if (depsFile is null)
        {
            return [];
        }

        var deps = JsonNode.Parse(await File.ReadAllTextAsync(depsFile, cancellationToken).ConfigureAwait(false))!;
        var packages = new List<(string, string, string)>();
        foreach (var (key, library) in deps["libraries"]?.AsObject() ?? [])
        {
            var sha512 = library?["sha512"]?.GetValue<string>();
            if (library?["type"]?.GetValue<string>() != "package" || sha512 is null || !sha512.StartsWith("sha512-", StringComparison.Ordinal))
                continue;
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            packages.Add((key[..slash], key[(slash + 1)..], Convert.ToHexStringLower(Convert.FromBase64String(sha512["sha512-".Length..]))));
        }

        return [.. packages.OrderBy(package => package.Item1, StringComparer.Ordinal)];
    }

    private static JsonObject Dependency(string uri, string name, string algorithm, string digest) => new()
    {
        ["uri"] = uri,
        ["name"] = name,
        ["digest"] = new JsonObject { [algorithm] = digest },
    };
}
