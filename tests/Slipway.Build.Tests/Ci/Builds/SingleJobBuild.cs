using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions(
    "ci",
    OnPushBranches = ["main", "release/**"],
    OnPushTags = ["v*"],
    OnPushExcludePaths = ["docs/**", "*.md"],
    OnPullRequestBranches = ["main"],
    InvokedTargets = ["Test"],
    ImportSecrets = ["NuGetApiKey", "GitHubToken"],
    Permissions = ["contents: read", "deployments: write", "statuses: write"],
    ConcurrencyCancelInProgress = true,
    TimeoutMinutes = 30,
    FetchDepth = 0)]
internal sealed class SingleJobBuild : PipelineBuild;
