namespace Slipway.Delivery.Probes;

/// <summary>What <see cref="ProbeRecorder.RecordAsync"/> recorded, where, and whether the file changed.</summary>
public sealed record ProbeRecording(ProbeReferences References, string Path, bool Written);
