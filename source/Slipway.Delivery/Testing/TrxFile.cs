using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Slipway.Delivery.Testing;

/// <summary>The one reader of VSTest trx files, shared by the test targets and the report.</summary>
public static class TrxFile
{
    /// <summary>How a trx outcome counts: Passed; NotExecuted, Inconclusive, Pending and NotRunnable were not run; every other word failed.</summary>
    public static TestOutcome Classify(string? outcome) => outcome switch
    {
        "Passed" => TestOutcome.Passed,
        "NotExecuted" or "Inconclusive" or "Pending" or "NotRunnable" => TestOutcome.Skipped,
        _ => TestOutcome.Failed, // Failed, Error, Timeout, Aborted, and any word this reader does not know
    };

    /// <summary>Every trx file under <paramref name="directory"/> in path order; an unreadable one becomes a warning.</summary>
    public static IReadOnlyList<TestRunFile> ReadAll(string directory, ICollection<string> warnings)
    {
        if (!Directory.Exists(directory))
            return [];
        var files = new List<TestRunFile>();
        foreach (var path in Directory.GetFiles(directory, "*.trx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                files.Add(Read(path, directory));
            }
            catch (XmlException exception)
            {
                warnings.Add($"Test results '{System.IO.Path.GetRelativePath(directory, path)}' are not valid XML ({exception.Message}); left out of the totals.");
            }
            catch (IOException exception)
            {
                // a suite running beside this one may be rewriting its folder
                warnings.Add($"Test results '{System.IO.Path.GetRelativePath(directory, path)}' could not be read ({exception.Message}); left out of the totals.");
            }
        }

        return files;
    }

    /// <summary>Reads one trx file; <paramref name="resultsDirectory"/> names its suite (the first folder below it).</summary>
    public static TestRunFile Read(string path, string? resultsDirectory = null)
    {
        var document = XDocument.Load(path);
        var ns = document.Root?.Name.Namespace ?? XNamespace.None;
        var tests = document.Descendants(ns + "UnitTestResult").Select(result =>
        {
            var outcome = (string?)result.Attribute("outcome") ?? string.Empty;
            var error = result.Element(ns + "Output")?.Element(ns + "ErrorInfo");
            return new TestCaseResult(
                (string?)result.Attribute("testName") ?? "(unnamed test)",
                Classify(outcome),
                outcome,
                TimeSpan.TryParse((string?)result.Attribute("duration"), CultureInfo.InvariantCulture, out var duration) ? duration.TotalMilliseconds : null,
                error?.Element(ns + "Message")?.Value,
                error?.Element(ns + "StackTrace")?.Value);
        }).ToList();

        int passed = tests.Count(t => t.Outcome == TestOutcome.Passed), failed = tests.Count(t => t.Outcome == TestOutcome.Failed), skipped = tests.Count(t => t.Outcome == TestOutcome.Skipped);
        if (tests.Count == 0 && document.Descendants(ns + "Counters").FirstOrDefault() is { } counters)
        {
            var total = Count(counters, "total");
            passed = Count(counters, "passed");
            failed = Count(counters, "failed") + Count(counters, "error") + Count(counters, "timeout") + Count(counters, "aborted");
            skipped = Math.Max(0, total - passed - failed);
        }

        return new TestRunFile(path, ProjectName(document, ns, path), Suite(path, resultsDirectory), tests, passed, failed, skipped, RunDuration(document, ns));
    }

    private static string? Suite(string path, string? resultsDirectory)
    {
        if (resultsDirectory is null)
            return null;
        var relative = System.IO.Path.GetRelativePath(resultsDirectory, path).Replace('\\', '/');
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? relative[..slash] : null;
    }

    private static string ProjectName(XDocument document, XNamespace ns, string path)
    {
        var storage = document.Descendants(ns + "UnitTest").Select(u => (string?)u.Attribute("storage")).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        return storage is not null
            ? System.IO.Path.GetFileNameWithoutExtension(storage.Replace('\\', '/').Split('/')[^1])
            : System.IO.Path.GetFileNameWithoutExtension(path);
    }

    private static double? RunDuration(XDocument document, XNamespace ns)
    {
        var times = document.Root?.Element(ns + "Times");
        if (times is not null
            && DateTimeOffset.TryParse((string?)times.Attribute("start"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && DateTimeOffset.TryParse((string?)times.Attribute("finish"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var finish)
            && finish >= start)
            return (finish - start).TotalMilliseconds;
        return null;
    }

    private static int Count(XElement element, string name) =>
        int.TryParse((string?)element.Attribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
