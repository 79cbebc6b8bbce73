using System.Formats.Tar;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Images;

/// <summary>
/// Writes a docker-archive (what <c>docker save</c> writes and <c>POST /images/load</c> reads): each layer tar as
/// <c>&lt;diff id hex&gt;/layer.tar</c>, the config as <c>&lt;image id hex&gt;.json</c>, and <c>manifest.json</c> naming
/// them with the tags to apply.
/// </summary>
internal static class ImageArchive
{
    private static readonly DateTimeOffset EntryTime = DateTimeOffset.UnixEpoch;

    public static async Task WriteAsync(Stream output, byte[] config, IReadOnlyList<WrittenLayer> layers, IReadOnlyList<string> repoTags, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        var layerNames = new List<string>();
        foreach (var layer in layers)
        {
            var name = $"{layer.DiffId["sha256:".Length..]}/layer.tar";
            if (layerNames.Contains(name, StringComparer.Ordinal))
            {
                layerNames.Add(name);
                continue;
            }

            await tar.WriteEntryAsync(Entry(TarEntryType.Directory, name[..name.IndexOf('/', StringComparison.Ordinal)] + "/", null), cancellationToken).ConfigureAwait(false);
            var stream = new FileStream(layer.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await tar.WriteEntryAsync(Entry(TarEntryType.RegularFile, name, stream), cancellationToken).ConfigureAwait(false);
            }

            layerNames.Add(name);
        }

        var configName = ImageConfig.IdOf(config)["sha256:".Length..] + ".json";
        using (var configStream = new MemoryStream(config, writable: false))
        {
            await tar.WriteEntryAsync(Entry(TarEntryType.RegularFile, configName, configStream), cancellationToken).ConfigureAwait(false);
        }

        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = configName,
            ["RepoTags"] = new JsonArray([.. repoTags.Select(tag => JsonValue.Create(tag))]),
            ["Layers"] = new JsonArray([.. layerNames.Select(name => JsonValue.Create(name))]),
        });
        using var manifestStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest), writable: false);
        await tar.WriteEntryAsync(Entry(TarEntryType.RegularFile, "manifest.json", manifestStream), cancellationToken).ConfigureAwait(false);
    }

    private static GnuTarEntry Entry(TarEntryType type, string name, Stream? content)
    {
        var entry = new GnuTarEntry(type, name)
        {
            Mode = type == TarEntryType.Directory ? LayerEntry.Executable : LayerEntry.Regular,
            ModificationTime = EntryTime,
            AccessTime = EntryTime,
            ChangeTime = EntryTime,
        };
        if (content is not null)
            entry.DataStream = content;
        return entry;
    }
}
