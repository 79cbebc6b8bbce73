using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Tools;
using Slipway.Tooling;
using static Slipway.Build.Tools.DotNetTasks;

namespace Slipway.Pipeline;

partial class Build
{
    Target Test => _ => _
        .Description("Runs every test project; trx and Cobertura coverage into artifacts/test-results")
        .DependsOn(Compile, Model, DockerEngine, TestTools)
        .Inputs(SourceInputs)
        .Outputs("artifacts/test-results/*.trx")
        .Produces("artifacts/test-results/**")
        .Executes(async cancellationToken =>
        {
            TestResultsDirectory.DeleteDirectory();
            TestResultsDirectory.CreateDirectory();
            Exception? failure = null;
            try
            {
                await DotNetTestAsync(Solution, Configuration.ToString(),
                [
                    "--logger", "trx", "--logger", "console;verbosity=normal",
                    "--results-directory", TestResultsDirectory,
                    "--collect", "XPlat Code Coverage",
                    "--", "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura",
                ], cancellationToken: cancellationToken);
            }
            catch (ProcessFailedException e)
            {
                failure = e;
            }

            var results = TestResults.Read(TestResultsDirectory);
            Log.Information("Tests: {Passed} passed, {Failed} failed, {Skipped} skipped in {Files} result files",
                results.Passed, results.Failed, results.Skipped, results.Files);
            (TestResultsDirectory / "summary.txt").WriteAllText($"{results.Passed} passed, {results.Failed} failed\n");
            if (results.Failed > 0)
                throw new InvalidOperationException(
                    $"{results.Failed} test(s) failed: {string.Join(", ", results.FailedTests.Take(20))}" +
                    (results.FailedTests.Count > 20 ? $" and {results.FailedTests.Count - 20} more" : string.Empty) +
                    ". Results: artifacts/test-results/*.trx");
            if (failure is not null)
                throw failure;
            if (results.Files == 0)
                throw new InvalidOperationException("No test results were written to artifacts/test-results; did the test run start?");
        });
}
