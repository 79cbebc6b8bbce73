namespace Slipway.Delivery.Images;

/// <summary>A layer tar on disk: its diff id ("sha256:…" of the uncompressed tar), size and the history line that made it.</summary>
internal sealed record WrittenLayer(string Path, string DiffId, long Size, string CreatedBy);
