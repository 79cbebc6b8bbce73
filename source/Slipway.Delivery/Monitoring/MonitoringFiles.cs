namespace Slipway.Delivery.Monitoring;

/// <summary>
/// The stack's configuration directory: one host directory (<c>&lt;state&gt;/&lt;environment&gt;/monitoring</c>) mounted
/// read-only at <see cref="ContainerDirectory"/> in all three containers. Files are replaced by rename, so a reader never
/// sees half of one, and Prometheus's file discovery sees the targets file change.
/// </summary>
public static class MonitoringFiles
{
    public const string ContainerDirectory = "/etc/slipway/monitoring";

    public const string PrometheusFile = "prometheus.yml";

    public const string RulesFile = "rules.yml";

    public const string AlertmanagerFile = "alertmanager.yml";

    /// <summary>The service targets (Prometheus <c>file_sd</c> JSON), rewritten when traffic moves.</summary>
    public const string TargetsFile = "targets.json";

    /// <summary>The metrics credential, mode 0600; present only when one is set.</summary>
    public const string CredentialFile = "metrics-credential";

    /// <summary>mtail loads every program in its directory, so its program has a directory of its own.</summary>
    public const string MtailDirectory = "mtail";

    public const string MtailFile = "mtail/edge.mtail";

    /// <summary>The path of a file of the directory as the containers see it.</summary>
    public static string InContainer(string file) => ContainerDirectory + "/" + file;
}
