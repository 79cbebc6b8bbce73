namespace Slipway.Delivery.Reporting;

/// <summary>
/// Where the report reads its inputs. Every path may point at nothing: that part of the report then says "not available".
/// Immutable; <c>With…</c> methods return a copy. Start from <see cref="ForRepository"/>.
/// </summary>
public sealed record ReportInputs
{
    /// <summary>Which pipeline stage a target's time counts towards; targets not listed count towards none.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultStages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Restore"] = "build",
        ["Compile"] = "build",
        ["Publish"] = "build",
        ["Test"] = "test",
        ["Model"] = "image",
        ["BaseImage"] = "image",
        ["ContainerImage"] = "image",
        ["Push"] = "image",
        ["Deploy"] = "deploy",
        ["SmokeTest"] = "deploy",
    };

    public string? RunRecordPath { get; init; }
    /// <summary>Searched for <c>*.trx</c> (top level) and <c>**/coverage.cobertura.xml</c>.</summary>
    public string? TestResultsDirectory { get; init; }
    public string? ImageManifestPath { get; init; }
    /// <summary>Searched for <c>*/*/model.json</c> (name/version/model.json).</summary>
    public string? ModelsDirectory { get; init; }
    /// <summary>The deployment ledger (JSON Lines of LedgerEntry); the Deploy target knows where it is.</summary>
    public string? LedgerPath { get; init; }
    /// <summary><c>models/registry.json</c>, beside the committed manifests of the trained versions.</summary>
    public string? RegistryPath { get; init; }
    public string? LatencySamplePath { get; init; }
    /// <summary>Past runs' summaries (JSON Lines of RunSummary); kept outside artifacts/ so Clean does not erase it.</summary>
    public string? HistoryPath { get; init; }
    /// <summary>The end of the delivery-metrics window and the report's time stamp; the current time when null.</summary>
    public DateTimeOffset? Now { get; init; }
    public TimeSpan DeliveryWindow { get; init; } = TimeSpan.FromDays(30);
    /// <summary>Runs shown in the stage-time trend, the current one included.</summary>
    public int TrendRuns { get; init; } = 10;
    /// <summary>Deployments listed and drawn in the deployment history.</summary>
    public int DeploymentHistory { get; init; } = 20;
    public IReadOnlyDictionary<string, string> Stages { get; init; } = DefaultStages;
    /// <summary>Paths in the report are shown relative to this folder (the repository root) when they lie below it.</summary>
    public string? DisplayRoot { get; init; }
    /// <summary>The alerts firing in the environment's Alertmanager; null when they were not read (the report then says nothing about alerts), empty when none fire.</summary>
    public IReadOnlyList<ReportAlert>? FiringAlerts { get; init; }

    /// <summary>The conventional locations below <paramref name="root"/> (the repository root).</summary>
    public static ReportInputs ForRepository(string root, string? ledgerPath = null) => new()
    {
        RunRecordPath = Path.Combine(root, ".nuke", "temp", "run.json"),
        TestResultsDirectory = Path.Combine(root, "artifacts", "test-results"),
        ImageManifestPath = Path.Combine(root, "artifacts", "image", "image.json"),
        ModelsDirectory = Path.Combine(root, "artifacts", "models"),
        RegistryPath = Path.Combine(root, "models", "registry.json"),
        LedgerPath = ledgerPath,
        LatencySamplePath = Path.Combine(root, "artifacts", "smoke", "latency.json"),
        HistoryPath = Path.Combine(root, ".nuke", "history", "runs.jsonl"),
        DisplayRoot = root,
    };

    public ReportInputs WithRunRecord(string? path) => this with { RunRecordPath = path };
    public ReportInputs WithTestResults(string? directory) => this with { TestResultsDirectory = directory };
    public ReportInputs WithImageManifest(string? path) => this with { ImageManifestPath = path };
    public ReportInputs WithModels(string? directory) => this with { ModelsDirectory = directory };
    public ReportInputs WithLedger(string? path) => this with { LedgerPath = path };
    public ReportInputs WithLatencySample(string? path) => this with { LatencySamplePath = path };
    public ReportInputs WithHistory(string? path) => this with { HistoryPath = path };
    public ReportInputs WithNow(DateTimeOffset? now) => this with { Now = now };
    public ReportInputs WithDeliveryWindow(TimeSpan window) => this with { DeliveryWindow = window };
    public ReportInputs WithTrendRuns(int runs) => this with { TrendRuns = runs };
    public ReportInputs WithDisplayRoot(string? root) => this with { DisplayRoot = root };
    public ReportInputs WithFiringAlerts(IReadOnlyList<ReportAlert>? alerts) => this with { FiringAlerts = alerts };

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (DeliveryWindow <= TimeSpan.Zero)
            problems.Add($"DeliveryWindow is {DeliveryWindow}; it must be positive, e.g. 30 days.");
        if (TrendRuns < 1)
            problems.Add($"TrendRuns is {TrendRuns}; it must be at least 1.");
        if (DeploymentHistory < 1)
            problems.Add($"DeploymentHistory is {DeploymentHistory}; it must be at least 1.");
        if (problems.Count > 0)
            throw new ArgumentException("The report inputs are invalid:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems));
    }
}
