using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitLabCI(
    OnBranches = ["main", "release/**"],
    OnTags = ["v*"],
    OnMergeRequests = true,
    OnWeb = true,
    InvokedTargets = ["Test", "Publish"],
    ImportSecrets = ["NuGetApiKey"],
    Inputs = ["ReleaseVersion"],
    DeployTargets = ["Publish"],
    DeployOnTags = ["v*"],
    DeployManually = true,
    Environment = "feed",
    EnvironmentUrl = "https://packages.example.org",
    TimeoutMinutes = 30,
    Tags = ["linux"],
    JUnitReports = ["artifacts/test-results/*.junit.xml"])]
internal sealed class GitLabBuild : PipelineBuild;
