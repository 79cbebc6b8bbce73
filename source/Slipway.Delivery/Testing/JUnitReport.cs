using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Slipway.Delivery.Testing;

/// <summary>
/// Writes a trx file's results (read by <see cref="TrxFile"/>) as JUnit XML, the format GitLab and Jenkins read test
/// reports in: one <c>testsuite</c> per test project, a <c>testcase</c> per test with its failure or skip.
/// </summary>
public static class JUnitReport
{
    public const string Extension = ".junit.xml";

    /// <summary>The JUnit file beside a trx file: <c>Project.trx</c> → <c>Project.junit.xml</c>.</summary>
    public static string PathFor(string trxPath) => System.IO.Path.ChangeExtension(trxPath, null) + Extension;

    public static XDocument Create(TestRunFile run)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", run.Project),
            new XAttribute("tests", run.Total),
            new XAttribute("failures", run.Failed),
            new XAttribute("errors", 0),
            new XAttribute("skipped", run.Skipped),
            new XAttribute("time", Seconds(run.DurationMs ?? run.Tests.Sum(t => t.DurationMs ?? 0))));
        foreach (var test in run.Tests)
        {
            var (className, name) = Split(test.Name, run.Project);
            var testCase = new XElement("testcase", new XAttribute("classname", className), new XAttribute("name", name), new XAttribute("time", Seconds(test.DurationMs ?? 0)));
            if (test.Outcome == TestOutcome.Failed)
                testCase.Add(new XElement("failure", new XAttribute("message", test.Message ?? $"Outcome: {test.TrxOutcome}"), new XAttribute("type", test.TrxOutcome), test.StackTrace ?? test.Message ?? string.Empty));
            else if (test.Outcome == TestOutcome.Skipped)
                testCase.Add(new XElement("skipped", new XAttribute("message", test.TrxOutcome)));
            suite.Add(testCase);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites", new XAttribute("tests", run.Total), new XAttribute("failures", run.Failed), new XAttribute("errors", 0), new XAttribute("skipped", run.Skipped), suite));
    }

    /// <summary>Writes the JUnit file beside the trx file and returns its path.</summary>
    public static string Write(TestRunFile run)
    {
        var path = PathFor(run.Path);
        using (var writer = XmlWriter.Create(path, new XmlWriterSettings { Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), Indent = true }))
            Create(run).Save(writer);
        return path;
    }

    /// <summary>"Namespace.Class.Method(args)" → ("Namespace.Class", "Method(args)"); a name without a class keeps the project as its class.</summary>
    private static (string ClassName, string Name) Split(string testName, string project)
    {
        var arguments = testName.IndexOf('(', StringComparison.Ordinal);
        var head = arguments < 0 ? testName : testName[..arguments];
        var dot = head.LastIndexOf('.');
        return dot <= 0 ? (project, testName) : (testName[..dot], testName[(dot + 1)..]);
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.###", CultureInfo.InvariantCulture);
}
