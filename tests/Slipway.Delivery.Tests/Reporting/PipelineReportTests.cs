using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting;
using Slipway.Delivery.Tests.Reporting.Rendering;

namespace Slipway.Delivery.Tests.Reporting;

public sealed class PipelineReportTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task ReadsEachTargetsStatusAndTimeFromTheRunRecord()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert
        report.Run.Available.ShouldBeTrue();
        report.Run.Outcome.ShouldBe("Succeeded");
        report.Run.Targets.Select(t => t.Name).ShouldBe(["Restore", "Compile", "Test", "Model", "Publish", "BaseImage", "ContainerImage", "Push", "Deploy", "SmokeTest"]);
        var test = report.Run.Targets.Single(t => t.Name == "Test");
        test.OffsetMs.ShouldBe(10500);
        test.DurationMs.ShouldBe(41200);
        report.Run.Targets.Single(t => t.Name == "Push").SkipReason.ShouldBe("RegistryUrl is not set");
    }

    [Fact]
    public async Task AddsTargetTimesUpPerStageLeavingOutSkippedTargets()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert: build = Restore + Compile + Publish, image = Model + BaseImage + ContainerImage (Push skipped), deploy = Deploy + SmokeTest.
        report.Run.Stages.Build.ShouldBe(2100 + 8400 + 9800);
        report.Run.Stages.Test.ShouldBe(41200);
        report.Run.Stages.Image.ShouldBe(120 + 350 + 14600);
        report.Run.Stages.Deploy.ShouldBe(18900 + 3200);
    }

    [Fact]
    public async Task TotalsEveryTrxFileAndKeepsFailedTestsWithTheirMessages()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("failed", _scratch.Path));

        // Assert
        report.Tests.Total.ShouldBe(8);
        report.Tests.Passed.ShouldBe(5);
        report.Tests.Failed.ShouldBe(2);
        report.Tests.Skipped.ShouldBe(1);
        report.Tests.Projects.Select(p => p.Name).ShouldBe(["Slipway.Delivery.Tests", "Slipway.Serving.Tests"]);
        var failure = report.Tests.Failures.Single(f => f.Name.EndsWith("ReturnsTheEmbeddingOfASentence", StringComparison.Ordinal));
        failure.Project.ShouldBe("Slipway.Serving.Tests");
        failure.Message.ShouldContain("but was\n0.0398f");
        failure.StackTrace!.ShouldContain("InferTests.cs:line 42");
    }

    [Fact]
    public async Task ListsTheSlowestTestsFirst()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert
        report.Tests.Slowest[0].Name.ShouldEndWith("BootstrapsTheBaseOfflineWhenTheRegistryIsUnreachable");
        report.Tests.Slowest[0].DurationMs.ShouldBe(31412);
        report.Tests.Slowest.Select(t => t.DurationMs).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task MergesCoverageFilesLineByLinePerProject()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert: Ledger.cs line 11 is missed by one test project and hit by the other; it counts once, as covered.
        var delivery = report.Coverage.Projects.Single(p => p.Name == "Slipway.Delivery");
        (delivery.LinesCovered, delivery.LinesValid, delivery.BranchesCovered, delivery.BranchesValid).ShouldBe((5, 6, 2, 2));
        var serving = report.Coverage.Projects.Single(p => p.Name == "Slipway.Serving");
        (serving.LinesCovered, serving.LinesValid, serving.LineRate).ShouldBe((3, 4, 0.75));
        report.Coverage.LineRate.ShouldBe(0.8);
        report.Coverage.BranchRate.ShouldBe(1.0);
    }

    [Fact]
    public async Task ReadsTheImageSizeLayersLabelsAndBasePath()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert
        report.Image.SizeBytes.ShouldBe(211_200_000);
        report.Image.Layers.Count.ShouldBe(3);
        report.Image.Layers[2].CreatedBy.ShouldBe("COPY publish/ /app");
        report.Image.BasePath.ShouldBe("reused");
        report.Image.BaseImage.ShouldBe("slipway/base:bookworm-3e1f0a2c");
        (report.Image.CachedSteps, report.Image.TotalSteps).ShouldBe((6, 8));
        report.Image.Layers[0].Id.ShouldBe("sha256:aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233");
        report.Image.Labels["org.opencontainers.image.version"].ShouldBe("1.4.0");
        report.Models.Items.ShouldHaveSingleItem().Files.Select(f => f.Sha256)
            .ShouldContain("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2");
    }

    [Fact]
    public async Task ShowsTheLatestDeploymentWithTimeToHealthyAndSwitchTime()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert: d6 appears twice in the ledger (started, then succeeded); the last line wins.
        var latest = report.Deployment.Latest!;
        latest.Id.ShouldBe("d6");
        latest.Outcome.ShouldBe("succeeded");
        latest.Version.ShouldBe("1.4.0");
        latest.TimeToHealthyMs.ShouldBe(820 + 3900);
        latest.SwitchMs.ShouldBe(110);
        latest.DurationMs.ShouldBe(18900);
        report.Deployment.History.Count(d => d.Id == "d6").ShouldBe(1);
    }

    [Fact]
    public async Task KeepsTheRollbackReasonOfTheLatestDeployment()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("failed", _scratch.Path));

        // Assert
        report.Deployment.Latest!.Outcome.ShouldBe("rolled-back");
        report.Deployment.Latest.Reason!.ShouldContain("failed its readiness gate");
    }

    [Fact]
    public async Task ReadsTheLatencySample()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert
        report.Latency.Requests.ShouldBe(50);
        report.Latency.LatencyMs.P95.ShouldBe(7.985);
        report.Latency.Histogram.Sum(b => b.Count).ShouldBe(50);
    }

    [Fact]
    public async Task SumsUpTheRunInTheHeadline()
    {
        // Act
        var succeeded = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));
        var failed = await PipelineReport.BuildAsync(ReportFixtures.Inputs("failed", _scratch.Path));

        // Assert: the failed run's latest deployment is from an earlier run, so it is not in its headline.
        succeeded.Headline.Summary.ShouldBe("Pipeline succeeded · tests 7/8 passed · coverage 80.0% · deploy succeeded (1.4.0) · p95 7.99 ms");
        failed.Headline.Outcome.ShouldBe("Failed");
        failed.Headline.Summary.ShouldBe("Pipeline failed at Test · tests 2 of 8 failed");
    }

    [Fact]
    public async Task ShowsMissingInputsAsNotAvailableWithTheReason()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("failed", _scratch.Path));

        // Assert
        report.Image.Available.ShouldBeFalse();
        report.Image.Reason!.ShouldContain("ContainerImage target");
        report.Latency.Available.ShouldBeFalse();
        report.Latency.Reason!.ShouldContain("SmokeTest target");
        report.Coverage.Available.ShouldBeFalse();
        report.Coverage.Reason!.ShouldContain("coverage.cobertura.xml");
    }

    [Fact]
    public async Task BuildsAReportFromNothingAtAll()
    {
        // Arrange
        var inputs = ReportInputs.ForRepository(_scratch.Path).WithNow(ReportFixtures.Now);

        // Act
        var report = await PipelineReport.BuildAsync(inputs);

        // Assert
        new[] { report.Run.Available, report.Tests.Available, report.Coverage.Available, report.Image.Available, report.Models.Available,
            report.Deployment.Available, report.Latency.Available, report.Delivery.Available, report.Trend.Available }.ShouldAllBe(a => !a);
        report.Headline.Outcome.ShouldBe("Unknown");
        report.Deployment.Reason.ShouldBe("No deployment ledger was given; the Deploy target passes its ledger path to the report.");
    }

    [Fact]
    public async Task TurnsUnreadableInputsIntoReasonsAndWarnings()
    {
        // Arrange
        var broken = Path.Combine(_scratch.Path, "broken");
        Directory.CreateDirectory(Path.Combine(broken, "test-results"));
        await File.WriteAllTextAsync(Path.Combine(broken, "run.json"), "{ \"outcome\": ");
        await File.WriteAllTextAsync(Path.Combine(broken, "test-results", "cut.trx"), "<TestRun><Results>");
        await File.WriteAllTextAsync(Path.Combine(broken, "latency.json"), "[1, 2]");
        var inputs = new ReportInputs
        {
            RunRecordPath = Path.Combine(broken, "run.json"),
            TestResultsDirectory = Path.Combine(broken, "test-results"),
            LatencySamplePath = Path.Combine(broken, "latency.json"),
            Now = ReportFixtures.Now,
        };

        // Act
        var report = await PipelineReport.BuildAsync(inputs);

        // Assert
        report.Run.Reason!.ShouldContain("is not valid JSON");
        report.Tests.Reason!.ShouldContain("could be read");
        report.Warnings.ShouldContain(w => w.Contains("cut.trx") && w.Contains("not valid XML"));
        report.Latency.Reason!.ShouldContain("cannot be read");
    }

    [Fact]
    public async Task WarnsAboutALedgerLineItCannotReadAndKeepsTheRest()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("failed", _scratch.Path));

        // Assert
        report.Warnings.ShouldContain(w => w.Contains("ledger.jsonl' line 4"));
        report.Deployment.History.Count.ShouldBe(8);
    }

    [Fact]
    public async Task CarriesTheHeadOfAnIntactLedgerChain()
    {
        // Arrange
        var inputs = await LedgerEntries.InputsAsync(_scratch.Path, LedgerEntries.Deploy("blue-green"));
        await new DeploymentLedger(inputs.LedgerPath!).AppendAsync(LedgerEntries.Deploy("blue-green") with { Id = "t2" });

        // Act
        var report = await PipelineReport.BuildAsync(inputs);

        // Assert
        var chain = report.Deployment.Chain.ShouldNotBeNull();
        chain.Intact.ShouldBeTrue();
        chain.StartLine.ShouldBe(1);
        chain.VerifiedLines.ShouldBe(2);
        chain.HeadLine.ShouldBe(2);
        chain.Head.ShouldBe((await new DeploymentLedger(inputs.LedgerPath!).ReadAsync()).Chain.Head);
        report.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task WarnsAboutABrokenLedgerChainNamingTheFirstBadLine()
    {
        // Arrange: the first of three lines is edited after the second was written
        var inputs = await LedgerEntries.InputsAsync(_scratch.Path, LedgerEntries.Deploy("blue-green"));
        var ledger = new DeploymentLedger(inputs.LedgerPath!);
        await ledger.AppendAsync(LedgerEntries.Deploy("blue-green") with { Id = "t2" });
        await ledger.AppendAsync(LedgerEntries.Deploy("blue-green") with { Id = "t3" });
        var lines = await File.ReadAllLinesAsync(inputs.LedgerPath!);
        lines[0] = lines[0].Replace("\"who\":\"test\"", "\"who\":\"someone\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(inputs.LedgerPath!, lines);

        // Act
        var report = await PipelineReport.BuildAsync(inputs);

        // Assert
        var chain = report.Deployment.Chain.ShouldNotBeNull();
        chain.Intact.ShouldBeFalse();
        chain.FirstBreak!.ShouldStartWith("line 2: line 2 carries previous hash");
        report.Warnings.ShouldContain(w => w.Contains("hash chain is broken at line 2") && w.Contains("./build.sh Audit"));
    }

    [Fact]
    public async Task WarnsAboutAModelManifestItCannotReadAndKeepsTheRest()
    {
        // Arrange
        var models = Path.Combine(_scratch.Path, "models");
        Directory.CreateDirectory(Path.Combine(models, "minilm", "1"));
        Directory.CreateDirectory(Path.Combine(models, "broken", "1"));
        File.Copy(Path.Combine(ReportFixtures.Directory("succeeded"), "models", "minilm", "1", "model.json"), Path.Combine(models, "minilm", "1", "model.json"));
        await File.WriteAllTextAsync(Path.Combine(models, "broken", "1", "model.json"), "{ \"name\": ");

        // Act
        var report = await PipelineReport.BuildAsync(new ReportInputs { ModelsDirectory = models, Now = ReportFixtures.Now });

        // Assert
        report.Models.Items.ShouldHaveSingleItem().Name.ShouldBe("minilm");
        report.Warnings.ShouldContain(w => w.Contains("broken/1/model.json") && w.Contains("is not valid JSON"));
    }

    [Fact]
    public async Task MasksParametersWhoseNamesLookSecret()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert
        report.Run.Parameters["GitHubToken"].ShouldBe("[secret]");
        report.Run.Parameters["RegistryPassword"].ShouldBe("[secret]");
        report.Run.Parameters["Configuration"].ShouldBe("Release");
    }

    [Fact]
    public async Task AppendsTheCurrentRunToTheTrendOfPastRuns()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Assert
        report.Trend.Runs.Count.ShouldBe(4);
        report.Trend.Runs[^1].Commit.ShouldBe("3f2a9c1d7e5b4a6f8c0d2e4f6a8b0c2d4e6f8a0b");
        report.Trend.Runs[^1].Stages.Test.ShouldBe(41200);
        report.Trend.Runs[^1].DeployOutcome.ShouldBe("succeeded");
        report.Trend.Runs.Select(r => r.StartedAt).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Theory]
    [InlineData("Failed", "Failed", "Pipeline failed at Deploy")]
    [InlineData("Succeeded", "Succeeded", "Pipeline succeeded")]
    public async Task JudgesARunStillGoingByItsTargetsSoFar(string deployStatus, string outcome, string summary)
    {
        // Arrange: the engine rewrites the record after each target; the Report target reads it before the run ends.
        var record = Path.Combine(_scratch.Path, "run.json");
        await File.WriteAllTextAsync(record, $$"""
            {"schemaVersion":1,"invocation":{"targets":["Deploy","Report"],"startedAt":"2026-11-29T10:00:00Z","exitCode":null,"durationMs":30000},
             "outcome":"Running","targets":[
               {"name":"Compile","status":"Succeeded","startedAt":"2026-11-29T10:00:00Z","durationMs":9000},
               {"name":"Deploy","status":"{{deployStatus}}","startedAt":"2026-11-29T10:00:09Z","durationMs":20000},
               {"name":"Report","status":"NotRun","startedAt":null,"durationMs":0}]}
            """);

        // Act
        var report = await PipelineReport.BuildAsync(new ReportInputs { RunRecordPath = record, Now = ReportFixtures.Now });

        // Assert
        report.Run.Outcome.ShouldBe("Running");
        report.Headline.Outcome.ShouldBe(outcome);
        report.Headline.Summary.ShouldBe(summary);
        report.Trend.Runs.ShouldHaveSingleItem().Outcome.ShouldBe(outcome);
    }

    [Fact]
    public async Task BuildsTheRolloutOfTheLatestDeployFromItsTrafficMovesAndChecks()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("canary-rolled-back", _scratch.Path));

        // Assert: green took 10%, failed its success rate and went back to 0%.
        var rollout = report.Deployment.Rollout!;
        (rollout.DeploymentId, rollout.Strategy, rollout.Outcome).ShouldBe(("c1", "canary", "rolled-back"));
        (rollout.Candidate, rollout.Baseline).ShouldBe(("green", "blue"));
        rollout.Steps.ShouldBe([10, 0]);
        rollout.Traffic.Select(t => t.OffsetSeconds).ShouldBe([8, 20.5]);
        rollout.Phases.ShouldBe(["step 10%"]);
        (rollout.ChecksPassed, rollout.ChecksFailed, rollout.ChecksInconclusive).ShouldBe((2, 1, 0));
        rollout.Checks.Single(c => c.Verdict == "fail").Metric.ShouldBe("success-rate");
        rollout.Reason!.ShouldStartWith("analysis of step 10% failed");
        rollout.Probes!.MinCosine.ShouldBe(0.9993);
        (rollout.ProbeLoadSent, rollout.ProbeLoadFailed).ShouldBe((240, 10));
        (rollout.Prometheus, rollout.Alertmanager).ShouldBe(("http://127.0.0.1:9090", "http://127.0.0.1:9093"));
    }

    [Fact]
    public async Task OrdersThePhasesOfAPromotedCanaryAsTheyRan()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("canary-promoted", _scratch.Path));

        // Assert
        var rollout = report.Deployment.Rollout!;
        rollout.Steps.ShouldBe([10, 50, 100]);
        rollout.Phases.ShouldBe(["step 10%", "step 50%", "watch"]);
        (rollout.ChecksPassed, rollout.Checks.Count).ShouldBe((9, 9));
        report.Deployment.Latest!.Strategy.ShouldBe("canary");
    }

    [Theory]
    [InlineData("succeeded")]
    [InlineData("failed")]
    public async Task LeavesTheRolloutOutWhenTheLatestDeployRecordedNoAnalysis(string fixture)
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs(fixture, _scratch.Path));

        // Assert
        report.Deployment.Rollout.ShouldBeNull();
    }

    [Fact]
    public async Task KeepsTheFiringAlertsItIsGivenOldestFirst()
    {
        // Arrange
        var inputs = ReportFixtures.Inputs("canary-rolled-back", _scratch.Path).WithFiringAlerts(
        [
            new ReportAlert("SlipwayEdgeLatency", new Dictionary<string, string>(), null, ReportFixtures.Now.AddMinutes(-5)),
            new ReportAlert("SlipwayCanaryErrors", new Dictionary<string, string> { ["colour"] = "green" }, "green answers 5xx", ReportFixtures.Now.AddMinutes(-50)),
        ]);

        // Act
        var report = await PipelineReport.BuildAsync(inputs);

        // Assert
        report.Alerts.Available.ShouldBeTrue();
        report.Alerts.Firing.Select(a => a.Name).ShouldBe(["SlipwayCanaryErrors", "SlipwayEdgeLatency"]);
    }

    [Fact]
    public async Task SaysTheAlertsAreNotAvailableWhenNoneWereRead()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("canary-rolled-back", _scratch.Path));

        // Assert
        report.Alerts.Available.ShouldBeFalse();
        report.Alerts.Reason!.ShouldContain("Alertmanager");
    }

    public void Dispose() => _scratch.Dispose();
}
