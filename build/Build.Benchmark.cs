using Slipway.Build.Definition;

namespace Slipway.Pipeline;

partial class Build
{
    // Five chained targets that do nothing: benchmarks/engine.sh times them against the same graph in Cake.
    Target NoopA => _ => _.Unlisted().Executes(() => { });
    Target NoopB => _ => _.Unlisted().DependsOn(NoopA).Executes(() => { });
    Target NoopC => _ => _.Unlisted().DependsOn(NoopB).Executes(() => { });
    Target NoopD => _ => _.Unlisted().DependsOn(NoopC).Executes(() => { });
    Target NoopE => _ => _.Unlisted().Description("Does nothing; measures the engine's own overhead").DependsOn(NoopD).Executes(() => { });
}
