using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions(
    "delivery",
    OnPushBranches = ["main"],
    InvokedTargets = ["Ci"],
    MultiJob = true,
    ImportSecrets = ["NuGetApiKey"],
    ConcurrencyGroup = "delivery-${{ github.ref }}",
    TimeoutMinutes = 20)]
internal sealed class MultiJobBuild : PipelineBuild;
