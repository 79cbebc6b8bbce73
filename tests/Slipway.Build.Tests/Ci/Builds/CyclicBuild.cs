using Slipway.Build.Ci;
using Slipway.Build.Definition;
using Slipway.Build.Execution;

namespace Slipway.Build.Tests.Ci.Builds;

/// <summary>Package and Sign need each other, so no pipeline can order them.</summary>
[GitLabCI(OnBranches = ["main"], InvokedTargets = ["Package"])]
[Jenkins(InvokedTargets = ["Package"])]
internal sealed class CyclicBuild : SlipwayBuild
{
    public Target Package => _ => _.DependsOn(Sign).Executes(() => { });

    public Target Sign => _ => _.DependsOn(Package).Executes(() => { });
}
