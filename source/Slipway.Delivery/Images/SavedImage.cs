using System.Formats.Tar;
using System.Text.Json.Nodes;
using Docker.DotNet;

namespace Slipway.Delivery.Images;

/// <summary>
/// An image as the engine saves it (<c>GET /images/{name}/get</c>, docker-archive format): its config, and its layer tars
/// copied as they are into a work directory, base layer first.
/// </summary>
internal sealed record SavedImage(string Reference, string Id, JsonObject Config, IReadOnlyList<WrittenLayer> Layers)
{
    /// <summary>Saves <paramref name="reference"/> from the engine into <paramref name="directory"/>.</summary>
    public static async Task<SavedImage> SaveAsync(IDockerClient docker, string reference, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var small = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using (var archive = await docker.Images.SaveImageAsync(reference, cancellationToken).ConfigureAwait(false))
        {
            // Buffered: Docker.DotNet's chunked response stream fails on the reads TarReader makes of it (EndOfStreamException).
            using var reader = new TarReader(new BufferedStream(archive, 1 << 16));
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                if (entry.Name.EndsWith(".tar", StringComparison.Ordinal))
                {
                    var path = Path.Combine(directory, $"base-{files.Count}.tar");
                    await using (var file = File.Create(path))
                    {
                        await entry.DataStream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    }

                    files[entry.Name] = path;
                }
                else if (entry.Name.EndsWith(".json", StringComparison.Ordinal) && entry.Length < 16 << 20)
                {
                    using var buffer = new MemoryStream();
                    await entry.DataStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                    small[entry.Name] = buffer.ToArray();
                }
            }
        }

        if (!small.TryGetValue("manifest.json", out var manifestBytes))
        {
            throw new InvalidDataException($"The engine saved '{reference}' without a manifest.json; it is not a docker-archive this build can read.");
        }

        var manifest = JsonNode.Parse(manifestBytes)!.AsArray().Single()!;
        var configName = manifest["Config"]!.GetValue<string>();
        var config = JsonNode.Parse(small[configName])!.AsObject();
        var diffIds = config["rootfs"]?["diff_ids"]?.AsArray().Select(id => id!.GetValue<string>()).ToList() ?? [];
        var layerNames = manifest["Layers"]!.AsArray().Select(name => name!.GetValue<string>()).ToList();
        if (diffIds.Count != layerNames.Count)
        {
            throw new InvalidDataException($"The saved '{reference}' lists {layerNames.Count} layers but its config {diffIds.Count} diff ids.");
        }

        var history = (config["history"]?.AsArray() ?? []).Where(step => step?["empty_layer"]?.GetValue<bool>() != true).ToList();
        var layers = layerNames.Select((name, index) => new WrittenLayer(
            files[name], diffIds[index], new FileInfo(files[name]).Length,
            index < history.Count ? CreatedBy(history[index]!) : string.Empty)).ToList();
        var id = "sha256:" + Path.GetFileNameWithoutExtension(configName);
        return new SavedImage(reference, id, config, layers);
    }

    private static string CreatedBy(JsonNode step) =>
        step["created_by"]?.GetValue<string>() is { Length: > 0 } createdBy ? createdBy.Trim() : step["comment"]?.GetValue<string>()?.Trim() ?? string.Empty;
}
