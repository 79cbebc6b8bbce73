using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Parameters;

namespace Slipway.Build.Tests.Ci.Builds;

/// <summary>
/// A delivery-shaped graph for workflow generation: Restore → Compile → Test, Restore → Model → Test, Test → Publish,
/// a collective Ci over Publish, and Report triggered by Publish. The derived classes only add [GitHubActions] attributes.
/// </summary>
internal abstract class PipelineBuild : SlipwayBuild
{
    [Parameter("Build configuration: Debug or Release")]
    protected string Configuration = "Debug";

    [Parameter("Version to publish")]
    protected string? ReleaseVersion;

    [Parameter("Key for the package feed"), Secret]
    protected string? NuGetApiKey;

    [Parameter("Token for the GitHub API"), Secret]
    protected string? GitHubToken;

    public Target Restore => _ => _.Executes(() => { });

    public Target Compile => _ => _.DependsOn(Restore).Executes(() => { });

    public Target Model => _ => _.DependsOn(Restore).Produces("artifacts/models/**").Executes(() => { });

    public Target Test => _ => _.DependsOn(Compile, Model).Produces("artifacts/test-results/*.trx", "artifacts/coverage/**").Executes(() => { });

    public Target Publish => _ => _.DependsOn(Test).Triggers(Report).Produces("artifacts/packages/*.nupkg").Executes(() => { });

    public Target Report => _ => _.AssuredAfterFailure().Produces("artifacts/report.html").Executes(() => { });

    public Target Ci => _ => _.DependsOn(Publish);
}
