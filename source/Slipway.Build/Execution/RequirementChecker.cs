using Slipway.Build.Parameters;
using Slipway.Build.Planning;
using Slipway.Tooling.Records;

namespace Slipway.Build.Execution;

/// <summary>Checks every planned, non-skipped target's requirements before anything runs; all problems in one message.</summary>
internal static class RequirementChecker
{
    public static void Check(ExecutionPlan plan, IReadOnlyList<ParameterMember> parameters)
    {
        var problems = new List<string>();
        foreach (var target in plan.Ordered.Where(t => t.Status == TargetStatus.None))
        {
            foreach (var requirement in target.Definition.Requirements)
            {
                bool met;
                try
                {
                    met = requirement.IsMet();
                }
                catch (Exception e)
                {
                    throw new TargetConditionException($"Target '{target.Name}': its requirement '{requirement.Text}' threw {e.GetType().Name}: {e.Message}", e);
                }

                if (met)
                    continue;
                var parameter = parameters.FirstOrDefault(p => p.Member.Name == requirement.MemberName);
                problems.Add(parameter is null
                    ? requirement.MemberName is null
                        ? $"Target '{target.Name}' requires '{requirement.Text}', which is false."
                        : $"Target '{target.Name}' requires '{requirement.MemberName}' to have a value."
                    : $"Target '{target.Name}' requires parameter '{parameter.Name}': pass {parameter.OptionName} <value> or set the environment variable {parameter.EnvironmentName}" +
                      (parameter.IsSecret ? "." : " (or add it to .nuke/parameters.json)."));
            }
        }

        if (problems.Count > 0)
            throw new BuildUsageException(string.Join(Environment.NewLine, problems));
    }
}
