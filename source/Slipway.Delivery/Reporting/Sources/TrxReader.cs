using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Reads VSTest trx files: totals per file (test project), failed tests with messages, the slowest tests.</summary>
internal static class TrxReader
{
    private const int SlowestCount = 10;
    private const int MaxMessageLines = 12;

    public static TestsSection Read(string? directory, PathDisplay display, ICollection<string> warnings)
    {
        if (directory is null || !Directory.Exists(directory))
            return new TestsSection { Reason = $"No test results directory at '{display.Show(directory)}'; the Test target writes trx files there." };
        var files = Directory.GetFiles(directory, "*.trx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            return new TestsSection { Reason = $"No *.trx files in '{display.Show(directory)}'; run the Test target to produce them." };

        var projects = new List<TestProjectResult>();
        var failures = new List<FailedTest>();
        var timings = new List<TestTiming>();
        foreach (var file in files)
        {
            XDocument document;
            try
            {
                document = XDocument.Load(file);
            }
            catch (XmlException exception)
            {
                warnings.Add($"Test results '{Path.GetFileName(file)}' are not valid XML ({exception.Message}); left out of the totals.");
                continue;
            }
            var ns = document.Root?.Name.Namespace ?? XNamespace.None;
            var project = ProjectName(document, ns, file);
            var results = document.Descendants(ns + "UnitTestResult").ToArray();
            int passed = 0, failed = 0, skipped = 0;
            foreach (var result in results)
            {
                var name = (string?)result.Attribute("testName") ?? "(unnamed test)";
                var outcome = (string?)result.Attribute("outcome") ?? "";
                var duration = ParseDuration((string?)result.Attribute("duration"));
                switch (outcome)
                {
                    case "Passed":
                        passed++;
                        break;
                    case "Failed" or "Error" or "Timeout" or "Aborted":
                        failed++;
                        var error = result.Element(ns + "Output")?.Element(ns + "ErrorInfo");
                        failures.Add(new FailedTest(
                            project,
                            name,
                            FirstLines(error?.Element(ns + "Message")?.Value) ?? $"(no message; outcome {outcome})",
                            FirstLines(error?.Element(ns + "StackTrace")?.Value)));
                        break;
                    default:
                        skipped++;
                        break;
                }
                if (duration is { } ms)
                    timings.Add(new TestTiming(project, name, ms));
            }
            if (results.Length == 0 && document.Descendants(ns + "Counters").FirstOrDefault() is { } counters)
            {
                var total = IntAttribute(counters, "total");
                passed = IntAttribute(counters, "passed");
                failed = IntAttribute(counters, "failed") + IntAttribute(counters, "error") + IntAttribute(counters, "timeout") + IntAttribute(counters, "aborted");
                skipped = Math.Max(0, total - passed - failed);
            }
            projects.Add(new TestProjectResult(project, passed + failed + skipped, passed, failed, skipped, RunDuration(document, ns) ?? timings.Where(t => t.Project == project).Sum(t => t.DurationMs)));
        }
        if (projects.Count == 0)
            return new TestsSection { Reason = $"None of the {files.Length} trx files in '{display.Show(directory)}' could be read; see the warnings." };
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

    private static string ProjectName(XDocument document, XNamespace ns, string file)
    {
        var storage = document.Descendants(ns + "UnitTest").Select(u => (string?)u.Attribute("storage")).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        if (storage is not null)
            return Path.GetFileNameWithoutExtension(storage.Replace('\\', '/').Split('/')[^1]);
        return Path.GetFileNameWithoutExtension(file);
    }

    private static double? RunDuration(XDocument document, XNamespace ns)
    {
        var times = document.Root?.Element(ns + "Times");
        if (times is null)
            return null;
        if (DateTimeOffset.TryParse((string?)times.Attribute("start"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && DateTimeOffset.TryParse((string?)times.Attribute("finish"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var finish)
            && finish >= start)
            return (finish - start).TotalMilliseconds;
        return null;
    }

    private static double? ParseDuration(string? text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration) ? duration.TotalMilliseconds : null;

    private static int IntAttribute(XElement element, string name) =>
        int.TryParse((string?)element.Attribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string? FirstLines(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var lines = text.Trim().ReplaceLineEndings("\n").Split('\n');
        return lines.Length <= MaxMessageLines ? string.Join("\n", lines) : string.Join("\n", lines.Take(MaxMessageLines)) + "\n…";
    }
}
