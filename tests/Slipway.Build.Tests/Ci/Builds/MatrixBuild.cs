using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions("matrix", On = [GitHubActionsTrigger.Push, GitHubActionsTrigger.PullRequest], RunsOn = ["ubuntu-latest", "ubuntu-22.04", "windows-latest"], InvokedTargets = ["Test"])]
internal sealed class MatrixBuild : PipelineBuild;
