using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[Jenkins(
    InvokedTargets = ["Test", "Publish"],
    ImportSecrets = ["NuGetApiKey", "GitHubToken"],
    Inputs = ["ReleaseVersion"],
    DeployTargets = ["Publish"],
    DeployOnTags = ["v*"],
    DeployManually = true,
    TimeoutMinutes = 40,
    Cron = "H 3 * * 1-5",
    JUnitReports = ["artifacts/test-results/*.junit.xml"])]
internal sealed class JenkinsBuild : PipelineBuild;
