using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitLabCI(
    OnBranches = ["main"],
    InvokedTargets = ["Tset", "Publish"],
    ImportSecrets = ["NuGetApiKy"],
    Inputs = ["NuGetApiKey"],
    DeployTargets = ["Compile"],
    Environment = "feed",
    EnvironmentUrl = "ftp://feed",
    CacheKeyFiles = ["**/*.csproj", "Directory.Packages.props", "global.json"])]
[Jenkins(InvokedTargets = ["Publish"], DeployTargets = ["Shipit"], Cron = "nightly")]
internal sealed class BrokenPipelinesBuild : PipelineBuild;
