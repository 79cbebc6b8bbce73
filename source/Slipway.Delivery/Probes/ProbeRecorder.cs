using Slipway.Delivery.Deployment;
using Slipway.Delivery.Models;

namespace Slipway.Delivery.Probes;

/// <summary>Records a model's golden outputs from a running service into <c>probes.json</c> (what <c>./build.sh RecordProbes</c> runs).</summary>
public static class ProbeRecorder
{
    /// <summary>
    /// Sends the model's <see cref="ProbeSet"/> to <paramref name="service"/> (which must serve exactly the files of
    /// <paramref name="manifest"/>) and writes the outputs to <paramref name="probesPath"/> with the manifest's
    /// <see cref="ModelDigest"/>. A tolerance already in the file is kept. When the outputs are the ones the file holds,
    /// the file is left as it is (its <c>recordedAt</c> too), so recording again leaves git clean.
    /// Throws <see cref="ProbeRecordingException"/> when a probe request fails.
    /// </summary>
    public static async Task<ProbeRecording> RecordAsync(Uri service, ModelManifest manifest, string probesPath, string? apiKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(probesPath);
        var probes = ProbeSet.For(manifest);
        var existing = await ReadExistingAsync(probesPath, cancellationToken).ConfigureAwait(false);
        var model = new ModelVersion(manifest.Name, manifest.Version, ModelDigest.Compute(manifest));
        var client = new ProbeClient(ProbeClient.SharedHttp, GoldenProbes.DefaultRequestTimeout, apiKey);
        var (recorded, failure) = await GoldenProbes.RecordAsync(
            client, service, model, probes, existing?.Tolerance ?? ProbeTolerance.Default, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (recorded is null)
        {
            throw new ProbeRecordingException(
                $"Could not record the golden probes of model '{manifest.Name}' version '{manifest.Version}' from {service}: {failure}. " +
                "Start the service on the materialised model (./build.sh Model, then dotnet run --project source/Slipway.Serving) and record again.");
        }

        if (existing is not null && ProbeReferencesFile.Serialize(existing with { RecordedAt = recorded.RecordedAt }) == ProbeReferencesFile.Serialize(recorded))
        {
            return new ProbeRecording(existing, probesPath, Written: false);
        }

        await ProbeReferencesFile.WriteAsync(probesPath, recorded, cancellationToken).ConfigureAwait(false);
        return new ProbeRecording(recorded, probesPath, Written: true);
    }

    private static async Task<ProbeReferences?> ReadExistingAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return await ProbeReferencesFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // an unreadable file is what recording replaces
            return null;
        }
    }
}
