using Serilog;
using Slipway.Delivery.Deployment.Gates;
using Slipway.Delivery.Probes;

namespace Slipway.Delivery.Deployment.Backends;

/// <summary>
/// The golden-output gate of a deploy: for each model the candidate serves (with a digest), its probes are compared with
/// the references committed beside the model manifest (<c>&lt;models&gt;/&lt;name&gt;/&lt;version&gt;/probes.json</c>). The same
/// digest with other outputs rejects the candidate before any traffic; a new model's outputs are kept in the state
/// directory as its references (record them into the repository with <c>./build.sh RecordProbes</c>), and the ledger
/// shows how close they are to the serving version's.
/// </summary>
internal static class ProbeGate
{
    /// <summary>The gate for a request, or null when it names no models directory (nothing to compare with).</summary>
    public static CandidateProbe? For(DeployRequest request, ILogger log) =>
        request.ModelsDirectory is null ? null : (attempt, candidate, baseline, cancellationToken) => CheckAsync(attempt, candidate, baseline, log, cancellationToken);

    /// <summary>Where a deploy keeps the references it recorded for a new model.</summary>
    public static string RecordedPath(DeployRequest request, ModelVersion model) =>
        Path.Combine(request.ResolvedStateDirectory, request.Environment, "probes", model.Name, model.Version, ProbeReferencesFile.FileName);

    private static async Task CheckAsync(DeploymentAttempt attempt, Uri candidate, Uri? baseline, ILogger log, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        foreach (var model in attempt.Entry.Models.Where(model => !string.IsNullOrWhiteSpace(model.Sha256)))
        {
            var path = Path.Combine(request.ModelsDirectory!, model.Name, model.Version, ProbeReferencesFile.FileName);
            var references = File.Exists(path) ? await ProbeReferencesFile.ReadAsync(path, cancellationToken).ConfigureAwait(false) : null;
            var result = await new GoldenProbes { ApiKey = request.ClientApiKey }.CheckAsync(candidate, model, references, baseline, cancellationToken).ConfigureAwait(false);
            attempt.Update(entry => entry with { Probes = result.ToSummary() });
            switch (result.Verdict)
            {
                case ProbeVerdict.Rejected:
                    throw new GateFailedException("probes", result.Message);
                case ProbeVerdict.NewModel when result.NewReferences is { } recorded:
                    var kept = RecordedPath(request, model);
                    Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
                    await ProbeReferencesFile.WriteAsync(kept, recorded, cancellationToken).ConfigureAwait(false);
                    log.Warning("{Message} Its outputs are kept in {Recorded}; record them beside the model manifest with {Command}", result.Message, kept, GoldenProbes.RecordCommand);
                    break;
                default:
                    log.Information("{Message}", result.Message);
                    break;
            }
        }
    }
}
