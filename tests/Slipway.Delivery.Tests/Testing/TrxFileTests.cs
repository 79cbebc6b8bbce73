using Slipway.Delivery.Reporting.Model;
using Slipway.Delivery.Reporting.Rendering;
using Slipway.Delivery.Reporting.Sources;
using Slipway.Delivery.Testing;
using Slipway.Delivery.Tests.Reporting.GitHub;

namespace Slipway.Delivery.Tests.Testing;

public sealed class TrxFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-trx-").FullName;

    [Theory]
    [InlineData("Passed", TestOutcome.Passed)]
    [InlineData("NotExecuted", TestOutcome.Skipped)]
    [InlineData("Inconclusive", TestOutcome.Skipped)]
    [InlineData("Failed", TestOutcome.Failed)]
    [InlineData("Error", TestOutcome.Failed)]
    [InlineData("Timeout", TestOutcome.Failed)]
    [InlineData("Aborted", TestOutcome.Failed)]
    [InlineData("SomethingNew", TestOutcome.Failed)]
    public void AnOutcomeThatNeitherPassedNorWasLeftUnrunCountsAsFailed(string outcome, TestOutcome expected) =>
        TrxFile.Classify(outcome).ShouldBe(expected);

    [Fact]
    public void ReadsEachTestTheTotalsTheProjectAndTheSuiteFromTheFolder()
    {
        // Arrange
        var path = Write("TestServing/Slipway.Serving.Tests.trx", ("A", "Passed"), ("B", "Failed"), ("C", "NotExecuted"), ("D", "Timeout"));

        // Act
        var file = TrxFile.ReadAll(_directory, []).ShouldHaveSingleItem();

        // Assert
        file.Path.ShouldBe(path);
        file.Suite.ShouldBe("TestServing");
        file.Project.ShouldBe("Slipway.Serving.Tests");
        (file.Passed, file.Failed, file.Skipped, file.Total).ShouldBe((1, 2, 1, 4));
        file.Tests.Single(t => t.Name == "B").Message.ShouldBe("B broke");
        file.Tests.Single(t => t.Name == "A").DurationMs.ShouldBe(1500);
    }

    [Fact]
    public void AnUnreadableFileIsAWarningAndTheOthersAreStillRead()
    {
        // Arrange
        Write("TestEngine/Slipway.Build.Tests.trx", ("A", "Passed"));
        Directory.CreateDirectory(Path.Combine(_directory, "TestDelivery"));
        File.WriteAllText(Path.Combine(_directory, "TestDelivery", "broken.trx"), "<TestRun");
        var warnings = new List<string>();

        // Act
        var files = TrxFile.ReadAll(_directory, warnings);

        // Assert
        files.ShouldHaveSingleItem().Suite.ShouldBe("TestEngine");
        warnings.ShouldHaveSingleItem().ShouldContain("broken.trx");
    }

    [Fact]
    public void TheReportMarksTheResultsOfAnUpToDateSuiteAsReused()
    {
        // Arrange
        Write("TestEngine/Slipway.Build.Tests.trx", ("A", "Passed"));
        Write("TestServing/Slipway.Serving.Tests.trx", ("B", "Passed"), ("C", "Passed"));
        TargetRun[] targets =
        [
            new("TestEngine", "Succeeded", null, null, 6000, null, null, null),
            new("TestServing", "UpToDate", null, null, 0, null, null, null),
        ];

        // Act
        var tests = TrxReader.Read(_directory, new PathDisplay(null), [], targets);

        // Assert
        tests.Total.ShouldBe(3);
        tests.Projects.Select(p => (p.Suite, p.Reused)).ShouldBe([("TestEngine", false), ("TestServing", true)]);
        tests.Projects[1].RecordedAt.ShouldNotBeNull();
        MarkdownRenderer.Render(ReportModels.WithHeadline("Succeeded", "ok") with { Tests = tests }).ShouldContain("Up to date, latest results reused: TestServing (Slipway.Serving.Tests, 2 tests)");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relativePath, params (string Name, string Outcome)[] tests)
    {
        var path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var project = Path.GetFileNameWithoutExtension(path);
        var results = string.Concat(tests.Select(t =>
            $"""<UnitTestResult testName="{t.Name}" outcome="{t.Outcome}" duration="00:00:01.5000000">""" +
            (t.Outcome == "Failed" ? $"<Output><ErrorInfo><Message>{t.Name} broke</Message></ErrorInfo></Output>" : "") + "</UnitTestResult>"));
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Times start="2026-12-01T10:00:00.0000000+00:00" finish="2026-12-01T10:00:06.0000000+00:00" />
              <Results>{results}</Results>
              <TestDefinitions><UnitTest name="A" storage="/work/tests/{project}/bin/Debug/net10.0/{project}.dll" /></TestDefinitions>
            </TestRun>
            """);
        return path;
    }
}
