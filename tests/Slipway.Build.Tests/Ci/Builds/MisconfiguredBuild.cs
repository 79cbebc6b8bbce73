using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions(
    "broken",
    OnPushBranches = ["main"],
    OnPushBranchesIgnore = ["wip/**"],
    OnCronSchedule = "every night",
    InvokedTargets = ["Tset"],
    ImportSecrets = ["NuGetApiKy"],
    Permissions = ["contents: admin", "deploys: write", "statuses"])]
[GitHubActions("idle", InvokedTargets = ["Test"])]
internal sealed class MisconfiguredBuild : PipelineBuild;
