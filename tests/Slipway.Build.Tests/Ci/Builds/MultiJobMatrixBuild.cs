using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions("legs", On = [GitHubActionsTrigger.Push], RunsOn = ["ubuntu-latest", "ubuntu-24.04"], InvokedTargets = ["Test"], MultiJob = true)]
internal sealed class MultiJobMatrixBuild : PipelineBuild;
