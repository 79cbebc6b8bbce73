using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Images;

/// <summary>
/// The image's config JSON (what a Dockerfile's ENV, EXPOSE, WORKDIR, USER, HEALTHCHECK, ENTRYPOINT and LABEL would set),
/// written byte for byte the same for the same inputs: its SHA-256 is the image ID.
/// </summary>
internal static class ImageConfig
{
    /// <summary>Environment the image sets; a deploy overrides the two addresses with ports of its own.</summary>
    public static IReadOnlyList<string> Environment { get; } =
    [
        "Serving__ModelRepository=/models",
        "ASPNETCORE_URLS=http://127.0.0.1:8080",
        "Serving__GrpcUrl=http://127.0.0.1:8081",
        "DOTNET_RUNNING_IN_CONTAINER=true",
        "DOTNET_NOLOGO=true",
    ];

    /// <summary>REST and gRPC (HTTP/2 cleartext).</summary>
    public static IReadOnlyList<string> ExposedPorts { get; } = ["8080/tcp", "8081/tcp"];

    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthStartPeriod = TimeSpan.FromSeconds(60);
    private const int HealthRetries = 3;

    /// <summary>
    /// The config for <paramref name="layers"/> on top of the base's config (its environment, labels and history carry
    /// over, as FROM would carry them).
    /// </summary>
    public static byte[] Render(JsonObject? baseConfig, ContainerImageRequest request, IReadOnlyDictionary<string, string> labels,
        IReadOnlyList<WrittenLayer> baseLayers, IReadOnlyList<WrittenLayer> layers)
    {
        var created = request.Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var baseContainerConfig = baseConfig?["config"] as JsonObject;

        var environment = new List<string>(baseContainerConfig?["Env"]?.AsArray().Select(value => value!.GetValue<string>()) ?? []);
        foreach (var variable in Environment)
        {
            var key = variable[..(variable.IndexOf('=', StringComparison.Ordinal) + 1)];
            var index = environment.FindIndex(existing => existing.StartsWith(key, StringComparison.Ordinal));
            if (index >= 0)
                environment[index] = variable;
            else
                environment.Add(variable);
        }

        var allLabels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in baseContainerConfig?["Labels"] as JsonObject ?? [])
        {
            allLabels[key] = value!.GetValue<string>();
        }

        foreach (var (key, value) in labels.Concat(request.BuildLabels))
        {
            allLabels[key] = value;
        }

        var history = new JsonArray();
        foreach (var step in baseConfig?["history"]?.AsArray() ?? [])
        {
            history.Add(step!.DeepClone());
        }

        foreach (var layer in layers)
        {
            history.Add(new JsonObject { ["created"] = created, ["created_by"] = layer.CreatedBy });
        }

        history.Add(new JsonObject
        {
            ["created"] = created,
            ["created_by"] = $"USER {request.User} HEALTHCHECK ENTRYPOINT [\"{ContainerImageRequest.ServiceBinary}\"]",
            ["empty_layer"] = true,
        });

        var config = new JsonObject
        {
            ["architecture"] = baseConfig?["architecture"]?.GetValue<string>() ?? "amd64",
            ["config"] = new JsonObject
            {
                ["User"] = request.User,
                ["ExposedPorts"] = new JsonObject(ExposedPorts.Select(port => KeyValuePair.Create<string, JsonNode?>(port, new JsonObject()))),
                ["Env"] = new JsonArray([.. environment.Select(value => JsonValue.Create(value))]),
                ["Entrypoint"] = new JsonArray(JsonValue.Create(ContainerImageRequest.ServiceBinary)),
                ["WorkingDir"] = "/app",
                ["Labels"] = new JsonObject(allLabels.Select(label => KeyValuePair.Create<string, JsonNode?>(label.Key, JsonValue.Create(label.Value)))),
                ["Healthcheck"] = new JsonObject
                {
                    ["Test"] = new JsonArray("CMD", ContainerImageRequest.ServiceBinary, "healthcheck"),
                    ["Interval"] = Nanoseconds(HealthInterval),
                    ["Timeout"] = Nanoseconds(HealthTimeout),
                    ["StartPeriod"] = Nanoseconds(HealthStartPeriod),
                    ["Retries"] = HealthRetries,
                },
            },
            ["created"] = created,
            ["history"] = history,
            ["os"] = baseConfig?["os"]?.GetValue<string>() ?? "linux",
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray([.. baseLayers.Concat(layers).Select(layer => JsonValue.Create(layer.DiffId))]),
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(config);
    }

    /// <summary>The image ID of a config: "sha256:" and the hex SHA-256 of its bytes.</summary>
    public static string IdOf(byte[] config) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(config));

    private static long Nanoseconds(TimeSpan span) => span.Ticks * 100;
}
