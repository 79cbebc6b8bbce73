using Slipway.Delivery.Reporting;

namespace Slipway.Delivery.Tests.Reporting;

/// <summary>
/// Recorded pipeline inputs under Reporting/Fixtures: "succeeded" and "failed" (whole runs), "canary-rolled-back" and
/// "canary-promoted" (a ledger only: the latest deploy is a canary).
/// </summary>
internal static class ReportFixtures
{
    /// <summary>The report's clock in every fixture test, so output is reproducible.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory(string name) =>
        Path.Combine(RepositoryRoot, "tests", "Slipway.Delivery.Tests", "Reporting", "Fixtures", name);

    public static string SchemaPath => Path.Combine(RepositoryRoot, "source", "Slipway.Delivery", "Reporting", "report.schema.json");

    /// <summary>Inputs for a fixture; the history is copied to <paramref name="scratch"/> so tests never change the fixture.</summary>
    public static ReportInputs Inputs(string name, string scratch)
    {
        var fixture = Directory(name);
        var history = Path.Combine(scratch, "history", "runs.jsonl");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(history)!);
        if (File.Exists(Path.Combine(fixture, "runs.jsonl")))
            File.Copy(Path.Combine(fixture, "runs.jsonl"), history, overwrite: true);
        return new ReportInputs
        {
            RunRecordPath = Path.Combine(fixture, "run.json"),
            TestResultsDirectory = Path.Combine(fixture, "test-results"),
            ImageManifestPath = Path.Combine(fixture, "image", "image.json"),
            ModelsDirectory = Path.Combine(fixture, "models"),
            LedgerPath = Path.Combine(fixture, "ledger.jsonl"),
            RegistryPath = File.Exists(Path.Combine(fixture, "registry", "registry.json")) ? Path.Combine(fixture, "registry", "registry.json") : null,
            LatencySamplePath = Path.Combine(fixture, "smoke", "latency.json"),
            HistoryPath = history,
            Now = Now,
            DisplayRoot = RepositoryRoot,
        };
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Solution.sln above '{AppContext.BaseDirectory}'; run the tests from the repository's build output.");
    }
}
