using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Tools;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Testing;
using Slipway.Delivery.Waiting;
using Slipway.Tooling;
using static Slipway.Build.Tools.DotNetTasks;

namespace Slipway.Pipeline;

partial class Build
{
    // Each suite is incremental on what it really tests: its project's sources, the sources those reference and its fixtures.
    static readonly string[] Shared = ["Directory.Build.props", "Directory.Packages.props", "global.json", "!**/bin/**", "!**/obj/**"];

    static readonly TestSuite EngineTests = new("TestEngine", ["tests/Slipway.Build.Tests", "tests/Slipway.Tooling.Tests"], Filter: null, UsesDocker: false,
    [
        "source/Slipway.Build/**", "source/Slipway.Tooling/**", "tests/Slipway.Build.Tests/**", "tests/Slipway.Tooling.Tests/**",
        // the engine tests also check that the committed CI files are what this build generates
        "build/**/*.cs", "build/*.csproj", ".nuke/parameters*.json", ".github/workflows/**", ".gitlab-ci.yml", "Jenkinsfile",
        // and that deploy/ is what the Kubernetes renderer makes of the build's environments
        "deploy/**", "source/Slipway.Delivery/Deployment/Kubernetes/**",
        "tests/workflow-validator/*.json", "tests/workflow-validator/*.mjs", "tests/ci-fixture/**", .. Shared,
    ]);

    static readonly TestSuite ServingTests = new("TestServing", ["tests/Slipway.Serving.Tests"], Filter: null, UsesDocker: false,
        ["source/Slipway.Serving/**", "source/Slipway.Tooling/**", "tests/Slipway.Serving.Tests/**", "models/**", .. Shared]);

    // Deployment mechanics run against small stand-in service images: they change with Delivery, not with the service.
    static readonly TestSuite DeliveryTests = new("TestDelivery", ["tests/Slipway.Delivery.Tests"], Filter: $"Category!={ServiceCategory}", UsesDocker: true,
        ["source/Slipway.Delivery/**", "source/Slipway.Tooling/**", "tests/Slipway.Delivery.Tests/**", "models/**", "deploy/**",
         "tests/kubernetes-validator/*.json", "tests/kubernetes-validator/*.mjs", .. Shared]);

    // The tests that pack the real service into images and deploy it.
    static readonly TestSuite IntegrationTests = new("TestIntegration", ["tests/Slipway.Delivery.Tests"], Filter: $"Category={ServiceCategory}", UsesDocker: true,
        ["source/Slipway.Serving/**", "source/Slipway.Delivery/**", "source/Slipway.Tooling/**", "tests/Slipway.Delivery.Tests/**", "models/**", .. Shared]);

    // Training against the real encoder: the data, the training code, the encoder it reuses and the model types it writes.
    static readonly TestSuite TrainingTests = new("TestTraining", ["tests/Slipway.Training.Tests"], Filter: null, UsesDocker: false,
        ["source/Slipway.Training/**", "source/Slipway.Serving/**", "source/Slipway.Delivery/**", "source/Slipway.Tooling/**", "tests/Slipway.Training.Tests/**", "data/**", "models/**", .. Shared]);

    const string ServiceCategory = "Service";

    Target TestEngine => _ => Suite(_, EngineTests)
        .Description("Engine tests (Slipway.Build.Tests, Slipway.Tooling.Tests); up to date unless the engine, the build or their tests changed")
        .DependsOn(Compile, TestTools);

    Target TestServing => _ => Suite(_, ServingTests)
        .Description("Service tests (Slipway.Serving.Tests): the Open Inference Protocol, batching, metrics and keys against the real model")
        .DependsOn(Compile, Model);

    Target TestDelivery => _ => Suite(_, DeliveryTests)
        .Description("Delivery tests against the real engine, edge and stand-in service images: images, deploy, ledger, lock, report")
        .DependsOn(Compile, Model, DockerEngine, TestTools);

    Target TestIntegration => _ => Suite(_, IntegrationTests)
        .Description("Integration tests: the real service packed into images and deployed through the edge (in Test and CI; Deploy's own gates check a local deploy)")
        .DependsOn(Compile, Model, DockerEngine, TestTools)
        .After(TestDelivery)
        .Before(Deploy); // when both run (CI), the deploy is gated by the integration suite too

    Target TestTraining => _ => Suite(_, TrainingTests)
        .Description("Training tests (Slipway.Training.Tests): data checks, split, deterministic weights, quality gate and registry with the real encoder")
        .DependsOn(Compile);

    Target Test => _ => _
        .Description("Runs every test suite (TestEngine, TestServing, TestTraining, TestDelivery, TestIntegration); each is skipped as up to date when nothing it tests changed")
        .DependsOn(TestEngine, TestServing, TestTraining, TestDelivery, TestIntegration);

    /// <summary>A test target's inputs, outputs and body, from its suite.</summary>
    ITargetDefinition Suite(ITargetDefinition definition, TestSuite suite) => definition
        .Inputs(suite.Inputs)
        .Outputs(suite.Outputs)
        .Produces(suite.Produces)
        .Executes(cancellationToken => RunTestsAsync(suite, cancellationToken));

    async Task RunTestsAsync(TestSuite suite, CancellationToken cancellationToken)
    {
        var directory = TestResultsDirectory / suite.Name;
        directory.DeleteDirectory();
        directory.CreateDirectory();
        var failures = new List<Exception>();
        // everything the Docker suites create carries org.slipway.test=<run>: what is left afterwards leaked
        var run = $"{suite.Name}-{Guid.NewGuid():N}"[..24];
        foreach (var project in suite.Projects.Where(p => (RootDirectory / p).DirectoryExists()))
        {
            try
            {
                await DotNetTestAsync(RootDirectory / project, Configuration.ToString(),
                [
                    .. suite.Filter is null ? Array.Empty<string>() : ["--filter", suite.Filter],
                    "--logger", $"trx;LogFileName={Path.GetFileName(project)}.trx", "--logger", "console;verbosity=normal",
                    "--results-directory", directory,
                    "--collect", "XPlat Code Coverage",
                    "--", "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura",
                ], environment: new Dictionary<string, string?> { [TestRunVariable] = run }, cancellationToken: cancellationToken);
            }
            catch (ProcessFailedException e)
            {
                failures.Add(e);
            }
        }

        if (suite.UsesDocker)
            failures.AddRange(await LeakCheckAsync(suite, run, cancellationToken));

        var warnings = new List<string>();
        var results = TrxFile.ReadAll(directory, warnings);
        foreach (var warning in warnings)
            Log.Warning("{Warning}", warning);
        // GitLab and Jenkins read test reports as JUnit XML: one beside each trx file
        foreach (var result in results)
            JUnitReport.Write(result);
        var failed = results.SelectMany(r => r.Tests).Where(t => t.Outcome == TestOutcome.Failed).Select(t => t.Name).ToList();
        Log.Information("{Suite}: {Passed} passed, {Failed} failed, {Skipped} skipped",
            suite.Name, results.Sum(r => r.Passed), results.Sum(r => r.Failed), results.Sum(r => r.Skipped));
        WriteTestSummary();
        if (failed.Count > 0)
            failures.Insert(0, new InvalidOperationException(
                $"{failed.Count} test(s) failed in {suite.Name}: {string.Join(", ", failed.Take(20))}" +
                (failed.Count > 20 ? $" and {failed.Count - 20} more" : string.Empty) +
                $". Results: {directory.RelativeTo(RootDirectory)}/*.trx"));
        var silent = suite.Projects.Where(p => (RootDirectory / p).DirectoryExists() && !(directory / $"{Path.GetFileName(p)}.trx").FileExists()).ToList();
        if (silent.Count > 0)
            failures.Add(new InvalidOperationException(
                $"{suite.Name}: {string.Join(", ", silent)} wrote no test results to {directory.RelativeTo(RootDirectory)}; the test host did not start or crashed. Its output is above."));
        if (failures.Count == 1)
            throw failures[0];
        if (failures.Count > 1)
            throw new AggregateException($"{suite.Name} failed: {string.Join(" ", failures.Select(f => f.Message))}", failures);
    }

    const string TestRunVariable = "SLIPWAY_TEST_RUN";

    /// <summary>Lists what the run left on the engine by its label; removes it, and fails naming it.</summary>
    async Task<IEnumerable<Exception>> LeakCheckAsync(TestSuite suite, string run, CancellationToken cancellationToken)
    {
        using var engine = await ConnectDockerAsync(cancellationToken);
        var label = $"{ContainerLabels.TestRun}={run}";
        // a Swarm task or a container being removed may still be listed for a moment after the test host exits
        IReadOnlyList<DockerResource> leaked = [];
        try
        {
            await Poll.UntilAsync<object>(async ct =>
            {
                leaked = await LabelledResources.ListAsync(engine.Client, label, ct);
                return (leaked.Count == 0 ? new object() : null, $"{leaked.Count} left");
            }, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15), last => new TimeoutException(last), cancellationToken);
            Log.Information("{Suite}: nothing left on the engine with label {Label}", suite.Name, label);
            return [];
        }
        catch (TimeoutException)
        {
        }

        var names = string.Join(", ", leaked.Select(r => $"{r.Kind} {r.Name}"));
        await LabelledResources.RemoveAsync(engine.Client, leaked, cancellationToken);
        return [new InvalidOperationException($"{suite.Name} left {leaked.Count} resource(s) on the Docker engine with label {label}: {names}. They are removed now; a test's cleanup missed them.")];
    }

    /// <summary>Totals over every suite's latest results, fresh or reused: artifacts/test-results/summary.txt, which CI prints.</summary>
    void WriteTestSummary()
    {
        // every suite's folder (not the suites' definitions, which would tie each test target's identity to all four)
        var results = Directory.GetDirectories(TestResultsDirectory).SelectMany(d => TrxFile.ReadAll(d, [])).ToList();
        (TestResultsDirectory / "summary.txt").WriteAllText($"{results.Sum(r => r.Passed)} passed, {results.Sum(r => r.Failed)} failed\n");
    }
}

/// <summary>A test target's projects, its test filter, whether it creates Docker resources, and the files it is incremental on.</summary>
sealed record TestSuite(string Name, string[] Projects, string? Filter, bool UsesDocker, string[] Inputs)
{
    public string[] Outputs => [$"artifacts/test-results/{Name}/*.trx"];

    public string[] Produces => [$"artifacts/test-results/{Name}/**"];
}
