using Docker.DotNet.Models;
using Serilog;

namespace Slipway.Delivery.Images;

/// <summary>Follows the engine's answer to an image load: which layers it had to load (the others it already held), and its error.</summary>
internal sealed class LoadProgress(ILogger log) : IProgress<JSONMessage>
{
    private readonly HashSet<string> loaded = new(StringComparer.Ordinal);

    public string? Error { get; private set; }

    /// <summary>Short ids (12 hex digits of the diff id) of the layers the engine loaded.</summary>
    public IReadOnlySet<string> LoadedLayers => loaded;

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error)
        {
            Error ??= error.Trim();
            return;
        }

        if (value.Status == "Loading layer" && value.ID is { Length: > 0 } id && loaded.Add(id))
        {
            log.Information("Loading layer {LayerId}", id);
        }
        else if (value.Stream is { Length: > 0 } text && text.Trim() is { Length: > 0 } line)
        {
            log.Information("{LoadMessage}", line);
        }
    }
}
