namespace Slipway.Delivery.Reporting.Model;

/// <summary>Everything the report shows; serialised as <c>report.json</c> (see Reporting/README.md and report.schema.json).</summary>
public sealed record ReportModel
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required DateTimeOffset GeneratedAt { get; init; }
    public required Headline Headline { get; init; }
    public required RunSection Run { get; init; }
    public required TestsSection Tests { get; init; }
    public required CoverageSection Coverage { get; init; }
    public required ImageSection Image { get; init; }
    public required ModelsSection Models { get; init; }
    /// <summary>The models trained here: metrics, confusion matrix, data and times of each champion, and its challenger.</summary>
    public TrainingSection Training { get; init; } = TrainingSection.NotGiven;
    public required DeploymentSection Deployment { get; init; }
    public required LatencySection Latency { get; init; }
    public required DeliverySection Delivery { get; init; }
    public required TrendSection Trend { get; init; }
    /// <summary>The alerts firing in the environment's Alertmanager when the report was built.</summary>
    public AlertsSection Alerts { get; init; } = AlertsSection.NotGiven;
    /// <summary>Inputs that were read only in part (a bad ledger line, an unreadable trx file).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
