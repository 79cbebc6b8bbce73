using Slipway.Build.Parameters;
using Slipway.Build.Planning;

namespace Slipway.Build.Ci;

/// <summary>A <see cref="GitLabCIAttribute"/> or <see cref="JenkinsAttribute"/> checked against the build: its plan split into jobs, and the parameters it names.</summary>
internal sealed record PipelineSpec<TAttribute>(
    TAttribute Attribute,
    string BuildName,
    string Describe,
    ExecutionPlan Plan,
    IReadOnlyList<TargetJob> Jobs,
    IReadOnlyList<ParameterMember> Secrets,
    IReadOnlyList<ParameterMember> Inputs,
    IReadOnlyList<TargetJob> DeployJobs)
    where TAttribute : Attribute;
