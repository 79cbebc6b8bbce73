using System.Xml.Linq;
using Slipway.Delivery.Testing;

namespace Slipway.Delivery.Tests.Testing;

/// <summary>trx results as JUnit XML, the test report format of GitLab and Jenkins.</summary>
public sealed class JUnitReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-junit-").FullName;

    [Fact]
    public void WritesOneSuitePerProjectWithItsTotalsBesideTheTrxFile()
    {
        var run = TrxFile.Read(WriteTrx());

        var path = JUnitReport.Write(run);

        path.ShouldBe(Path.Combine(_directory, "Slipway.Serving.Tests.junit.xml"));
        File.ReadAllBytes(path)[0].ShouldBe((byte)'<'); // no byte order mark
        var root = XDocument.Load(path).Root!;
        root.Name.LocalName.ShouldBe("testsuites");
        var suite = root.Element("testsuite")!;
        ((string?)suite.Attribute("name")).ShouldBe("Slipway.Serving.Tests");
        ((int)suite.Attribute("tests")!, (int)suite.Attribute("failures")!, (int)suite.Attribute("skipped")!).ShouldBe((3, 1, 1));
        ((string?)suite.Attribute("time")).ShouldBe("6");
    }

    [Fact]
    public void SplitsEachTestIntoClassAndNameAndKeepsTheFailureAndTheSkip()
    {
        var cases = JUnitReport.Create(TrxFile.Read(WriteTrx())).Root!.Element("testsuite")!.Elements("testcase").ToList();

        cases.Select(c => ((string?)c.Attribute("classname"), (string?)c.Attribute("name"))).ShouldBe([
            ("Slipway.Serving.Tests.InferTests", "AnswersEmbeddings"),
            ("Slipway.Serving.Tests.InferTests", "RejectsShape(rows: 2.5)"),
            ("Slipway.Serving.Tests", "Unqualified"),
        ]);
        var failure = cases[1].Element("failure")!;
        ((string?)failure.Attribute("message")).ShouldBe("shape [2.5] is not whole");
        failure.Value.ShouldBe("at InferTests.RejectsShape");
        cases[0].Elements().ShouldBeEmpty();
        cases[2].Element("skipped").ShouldNotBeNull();
        ((string?)cases[0].Attribute("time")).ShouldBe("1.5");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteTrx()
    {
        var path = Path.Combine(_directory, "Slipway.Serving.Tests.trx");
        File.WriteAllText(path, """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Times start="2026-12-01T10:00:00.0000000+00:00" finish="2026-12-01T10:00:06.0000000+00:00" />
              <Results>
                <UnitTestResult testName="Slipway.Serving.Tests.InferTests.AnswersEmbeddings" outcome="Passed" duration="00:00:01.5000000" />
                <UnitTestResult testName="Slipway.Serving.Tests.InferTests.RejectsShape(rows: 2.5)" outcome="Failed" duration="00:00:00.2500000">
                  <Output><ErrorInfo><Message>shape [2.5] is not whole</Message><StackTrace>at InferTests.RejectsShape</StackTrace></ErrorInfo></Output>
                </UnitTestResult>
                <UnitTestResult testName="Unqualified" outcome="NotExecuted" />
              </Results>
              <TestDefinitions><UnitTest name="A" storage="/work/tests/Slipway.Serving.Tests/bin/Debug/net10.0/Slipway.Serving.Tests.dll" /></TestDefinitions>
            </TestRun>
            """);
        return path;
    }
}
