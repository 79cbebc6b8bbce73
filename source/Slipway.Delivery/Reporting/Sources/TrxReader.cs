using Slipway.Delivery.Reporting.Model;
using Slipway.Delivery.Testing;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>The report's tests section from the trx files (read by <see cref="TrxFile"/>): totals per project, failed tests with messages, the slowest tests.</summary>
internal static class TrxReader
{
    private const int SlowestCount = 10;
    private const int MaxMessageLines = 12;

    /// <param name="targets">The run's targets: a suite whose target was up to date shows its latest results, marked as reused.</param>
    public static TestsSection Read(string? directory, PathDisplay display, ICollection<string> warnings, IReadOnlyList<TargetRun>? targets = null)
    {
        if (directory is null || !Directory.Exists(directory))
            return new TestsSection { Reason = $"No test results directory at '{display.Show(directory)}'; the Test target writes trx files there." };
        if (Directory.GetFiles(directory, "*.trx", SearchOption.AllDirectories).Length == 0)
            return new TestsSection { Reason = $"No *.trx files in '{display.Show(directory)}'; run the Test target to produce them." };
        var files = TrxFile.ReadAll(directory, warnings);
        if (files.Count == 0)
            return new TestsSection { Reason = $"None of the trx files in '{display.Show(directory)}' could be read; see the warnings." };

        var projects = new List<TestProjectResult>();
        var failures = new List<FailedTest>();
        var timings = new List<TestTiming>();
        foreach (var file in files)
        {
            foreach (var test in file.Tests)
            {
                if (test.Outcome == TestOutcome.Failed)
                    failures.Add(new FailedTest(file.Project, test.Name, FirstLines(test.Message) ?? $"(no message; outcome {test.TrxOutcome})", FirstLines(test.StackTrace)));
                if (test.DurationMs is { } ms)
                    timings.Add(new TestTiming(file.Project, test.Name, ms));
            }

            var reused = file.Suite is not null && targets?.FirstOrDefault(t => t.Name == file.Suite)?.Status == "UpToDate";
            projects.Add(new TestProjectResult(file.Project, file.Total, file.Passed, file.Failed, file.Skipped,
                file.DurationMs ?? file.Tests.Sum(t => t.DurationMs ?? 0), file.Suite, reused,
                reused ? new DateTimeOffset(File.GetLastWriteTimeUtc(file.Path), TimeSpan.Zero) : null));
        }

        return new TestsSection
        {
            Total = projects.Sum(p => p.Total),
            Passed = projects.Sum(p => p.Passed),
            Failed = projects.Sum(p => p.Failed),
            Skipped = projects.Sum(p => p.Skipped),
            DurationMs = projects.Sum(p => p.DurationMs),
            Projects = projects,
            Failures = failures,
            Slowest = timings.OrderByDescending(t => t.DurationMs).ThenBy(t => t.Name, StringComparer.Ordinal).Take(SlowestCount).ToArray(),
        };
    }

    private static string? FirstLines(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var lines = text.Trim().ReplaceLineEndings("\n").Split('\n');
        return lines.Length <= MaxMessageLines ? string.Join("\n", lines) : string.Join("\n", lines.Take(MaxMessageLines)) + "\n…";
    }
}
