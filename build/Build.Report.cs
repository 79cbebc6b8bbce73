using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Tools;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Reporting;
using Slipway.Delivery.Smoke;

namespace Slipway.Pipeline;

partial class Build
{
    [Slipway.Build.Parameters.Parameter("Number of Open Inference Protocol requests the smoke test sends through the edge")]
    int SmokeRequests = 200;

    AbsolutePath ReportDirectory => ArtifactsDirectory / "report";

    Target SmokeTest => _ => _
        .Description("Sends Open Inference Protocol requests through the edge; writes the latency sample to artifacts/smoke/latency.json")
        .After(Deploy)
        .Produces("artifacts/smoke/**")
        .Executes(async cancellationToken =>
        {
            // every served model in turn; the first (by name) is the latency sample the report charts, the others sit beside it
            var models = (await DeployedModelsAsync(cancellationToken)).Select(m => m.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            if (models.Count == 0)
                throw new InvalidOperationException($"No model manifests under {ModelsDirectory.RelativeTo(RootDirectory)}; run ./build.sh Model first.");
            var samples = new List<LatencySample>();
            foreach (var model in models)
            {
                var sample = await new SmokeTester(logger: Log.Logger).RunAsync(
                    new SmokeTestOptions(new Uri($"http://{EdgeAddress}"), model).WithRequests(SmokeRequests).WithApiKey(DeployRequest.ClientKeyOf(ApiKeyDefinitions)), cancellationToken);
                var path = samples.Count == 0 ? RootDirectory / LatencySample.DefaultRelativePath : ArtifactsDirectory / "smoke" / model / "latency.json";
                await sample.WriteAsync(path, cancellationToken);
                Log.Information("Smoke test of {Model}: {Requests} requests, {Failures} failed, p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms",
                    model, sample.Requests, sample.Failures, sample.LatencyMs.P50, sample.LatencyMs.P95, sample.LatencyMs.P99);
                samples.Add(sample);
            }

            foreach (var sample in samples)
                sample.EnsureSuccess();
        });

    Target Report => _ => _
        .Description("Writes artifacts/report/index.html, report.md and report.json from the run record and the artifacts; runs after a failed Deploy too")
        .TriggeredBy(Deploy)
        .After(Test, ContainerImage, Deploy, SmokeTest, Rollback, Undeploy, Push)
        .AssuredAfterFailure()
        .Produces("artifacts/report/**")
        .Executes(async cancellationToken =>
        {
            var inputs = ReportInputs.ForRepository(RootDirectory, LedgerPath).WithFiringAlerts(await FiringAlertsAsync(cancellationToken));
            var result = await ReportGenerator.GenerateAsync(inputs, ReportDirectory, logger: Log.Logger, cancellationToken: cancellationToken);
            Log.Information("Report: {Html}", AbsolutePath.Create(result.Files.Html).RelativeTo(RootDirectory));
        });

    /// <summary>The alerts firing now in the environment's Alertmanager (from its latest ledger entry); null when there is none or it does not answer.</summary>
    async Task<IReadOnlyList<ReportAlert>?> FiringAlertsAsync(CancellationToken cancellationToken)
    {
        var ledger = await new DeploymentLedger(LedgerPath).ReadFinishedAsync(cancellationToken);
        if (ledger.LastOrDefault(entry => entry.Alertmanager is not null)?.Alertmanager is not { } address)
            return null;
        try
        {
            var alerts = await new AlertmanagerClient(new Uri(address)).FiringAsync(cancellationToken);
            return [.. alerts.Select(alert => new ReportAlert(alert.Name, alert.Labels, alert.Summary, alert.StartsAt))];
        }
        catch (AlertmanagerUnavailableException exception)
        {
            Log.Warning("The report shows no alerts: {Error}", exception.Message);
            return null;
        }
    }
}
