using Serilog;
using Slipway.Build.Ci;
using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Parameters;

namespace Slipway.CiFixture;

/// <summary>
/// A small build whose generated .gitlab-ci.yml the tests run with gitlab-ci-local: a cheap target, and a target that needs
/// the artifact of another job.
/// </summary>
[GitLabCI(OnBranches = ["main"], OnWeb = true, InvokedTargets = [nameof(Hello), nameof(Produce), nameof(Consume)], ImportSecrets = [nameof(FixtureToken)], TimeoutMinutes = 10, Image = null)]
internal sealed class Build : SlipwayBuild
{
    public static int Main() => Execute<Build>(x => x.Hello);

    [Parameter("A secret the jobs read from a masked variable"), Secret]
    readonly string? FixtureToken;

    Target Hello => _ => _
        .Description("Says where it runs")
        .Executes(() => Log.Information("Hello from {Host}, token {Token}", Host.Name, FixtureToken ?? "unset"));

    Target Produce => _ => _
        .Description("Writes artifacts/handover/value.txt")
        .Produces("artifacts/handover/**")
        .Executes(() =>
        {
            var file = RootDirectory / "artifacts" / "handover" / "value.txt";
            file.Parent.CreateDirectory();
            file.WriteAllText("handed over by " + (Environment.GetEnvironmentVariable("CI_JOB_NAME") ?? "Produce"));
        });

    Target Consume => _ => _
        .Description("Reads what Produce wrote, which reaches its job as an artifact")
        .DependsOn(Produce)
        .Executes(() =>
        {
            var file = RootDirectory / "artifacts" / "handover" / "value.txt";
            if (!file.FileExists())
                throw new InvalidOperationException($"{file} is missing: the artifact of the Produce job did not arrive.");
            Log.Information("Consumed '{Text}'", file.ReadAllText());
        });
}
