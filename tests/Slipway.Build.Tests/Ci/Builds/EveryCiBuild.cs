using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions("ci", On = [GitHubActionsTrigger.Push], InvokedTargets = ["Test"])]
[GitLabCI(OnBranches = ["main"], InvokedTargets = ["Test"])]
[Jenkins(InvokedTargets = ["Test"])]
internal sealed class EveryCiBuild : PipelineBuild;
