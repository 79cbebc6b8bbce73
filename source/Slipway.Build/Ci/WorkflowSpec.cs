using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Planning;

namespace Slipway.Build.Ci;

/// <summary>A <see cref="GitHubActionsAttribute"/> checked against the build: its plan and the parameters it names.</summary>
internal sealed record WorkflowSpec(
    GitHubActionsAttribute Attribute,
    string BuildName,
    ExecutionPlan Plan,
    IReadOnlyList<ParameterMember> Secrets,
    IReadOnlyList<ParameterMember> RequiredInputs,
    IReadOnlyList<ParameterMember> OptionalInputs)
{
    public bool IsMatrix => Attribute.RunsOn.Length > 1;

    public bool UsesWindows => Attribute.RunsOn.Any(image => image.StartsWith("windows", StringComparison.OrdinalIgnoreCase));

    /// <summary>The planned targets that do work (collective targets only group others and get no step or job).</summary>
    public IEnumerable<ExecutableTarget> WorkingTargets => Plan.Ordered.Where(t => !t.IsCollective);

    public string Describe => $"[GitHubActions(\"{Attribute.Name}\")] on {BuildName}";
}
