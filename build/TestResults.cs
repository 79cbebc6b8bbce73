using System.Xml.Linq;
using Slipway.Build.Tools;

namespace Slipway.Pipeline;

/// <summary>Totals and failed test names read from the trx files of a test run.</summary>
sealed record TestResults(int Files, int Passed, int Failed, int Skipped, IReadOnlyList<string> FailedTests)
{
    public static TestResults Read(AbsolutePath directory)
    {
        var files = directory.GlobFiles("*.trx");
        int passed = 0, failed = 0, skipped = 0;
        var failedTests = new List<string>();
        foreach (var file in files)
        {
            var document = XDocument.Load(file);
            XNamespace ns = document.Root!.Name.Namespace;
            foreach (var result in document.Descendants(ns + "UnitTestResult"))
            {
                switch ((string?)result.Attribute("outcome"))
                {
                    case "Passed":
                        passed++;
                        break;
                    case "NotExecuted" or "Inconclusive" or "Pending":
                        skipped++;
                        break;
                    default: // Failed, Error, Timeout, Aborted: anything that did not pass or was not run
                        failed++;
                        failedTests.Add((string?)result.Attribute("testName") ?? "?");
                        break;
                }
            }
        }

        return new TestResults(files.Count, passed, failed, skipped, failedTests);
    }
}
