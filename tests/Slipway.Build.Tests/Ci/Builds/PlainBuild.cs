namespace Slipway.Build.Tests.Ci.Builds;

/// <summary>A build that declares no workflow.</summary>
internal sealed class PlainBuild : PipelineBuild;
