using System.Text.RegularExpressions;
using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Parameters;
using Slipway.Build.Planning;

namespace Slipway.Build.Ci;

/// <summary>Checks a <see cref="GitHubActionsAttribute"/> against the build's targets and parameters, gathering every problem.</summary>
internal static partial class WorkflowSpecReader
{
    private static readonly IReadOnlyDictionary<string, string[]> PermissionScopes = new Dictionary<string, string[]>
    {
        ["actions"] = ["read", "write", "none"],
        ["attestations"] = ["read", "write", "none"],
        ["checks"] = ["read", "write", "none"],
        ["contents"] = ["read", "write", "none"],
        ["deployments"] = ["read", "write", "none"],
        ["discussions"] = ["read", "write", "none"],
        ["id-token"] = ["write", "none"],
        ["issues"] = ["read", "write", "none"],
        ["models"] = ["read", "none"],
        ["packages"] = ["read", "write", "none"],
        ["pages"] = ["read", "write", "none"],
        ["pull-requests"] = ["read", "write", "none"],
        ["repository-projects"] = ["read", "write", "none"],
        ["security-events"] = ["read", "write", "none"],
        ["statuses"] = ["read", "write", "none"],
    };

    /// <summary>Reads the spec, adding a line to <paramref name="problems"/> for each thing wrong (null when it cannot be planned).</summary>
    public static WorkflowSpec? Read(
        GitHubActionsAttribute attribute, string buildName, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters, List<string> problems)
    {
        var subject = $"[GitHubActions(\"{attribute.Name}\")] on {buildName}";
        var count = problems.Count;
        void Problem(string text) => problems.Add($"{subject}: {text}");

        if (!WorkflowName().IsMatch(attribute.Name))
            Problem($"the name '{attribute.Name}' cannot be a file name. Use letters, digits, '.', '-' and '_', starting with a letter or digit, e.g. \"ci\".");
        CheckTriggers(attribute, Problem);
        CheckPermissions(attribute.Permissions, Problem);
        if (attribute.RunsOn.Length == 0 || attribute.RunsOn.Any(string.IsNullOrWhiteSpace))
            Problem("RunsOn has no or a blank runner image. Name at least one, e.g. RunsOn = [\"ubuntu-latest\"].");
        else if (attribute.RunsOn.Distinct().Count() != attribute.RunsOn.Length)
            Problem($"RunsOn names an image twice ({string.Join(", ", attribute.RunsOn)}). Name each image once.");
        if (attribute.TimeoutMinutes < 0)
            Problem($"TimeoutMinutes is {attribute.TimeoutMinutes}. Use a positive number of minutes, or 0 for GitHub's default.");
        if (attribute.FetchDepth < 0)
            Problem($"FetchDepth is {attribute.FetchDepth}. Use a positive number of commits, or 0 for the whole history.");
        if (attribute.ConcurrencyGroup is { } group && string.IsNullOrWhiteSpace(group))
            Problem("ConcurrencyGroup is blank. Give it a group such as \"${{ github.workflow }}-${{ github.ref }}\" or leave it out.");

        var secrets = Parameters(attribute.ImportSecrets, nameof(attribute.ImportSecrets), parameters, buildName, Problem);
        var required = Parameters(attribute.OnWorkflowDispatchRequiredInputs, nameof(attribute.OnWorkflowDispatchRequiredInputs), parameters, buildName, Problem);
        var optional = Parameters(attribute.OnWorkflowDispatchOptionalInputs, nameof(attribute.OnWorkflowDispatchOptionalInputs), parameters, buildName, Problem);
        foreach (var reserved in secrets.Where(p => p.EnvironmentName.StartsWith("GITHUB_", StringComparison.Ordinal) && p.EnvironmentName != "GITHUB_TOKEN"))
            Problem($"ImportSecrets names '{reserved.Name}', read from secrets.{reserved.EnvironmentName}, but GitHub reserves the GITHUB_ prefix for its own secrets (only GITHUB_TOKEN exists). Rename the parameter or give it [Parameter(Name = \"...\")].");
        foreach (var both in required.Intersect(optional))
            Problem($"parameter '{both.Name}' is both a required and an optional input. Keep it in one of OnWorkflowDispatchRequiredInputs and OnWorkflowDispatchOptionalInputs.");
        foreach (var secretInput in required.Concat(optional).Where(p => p.IsSecret))
            Problem($"parameter '{secretInput.Name}' is a secret and cannot be a workflow input (inputs are shown in the run's log). Import it with ImportSecrets instead.");

        var plan = Plan(attribute.InvokedTargets, targets, Problem);
        if (plan is not null)
        {
            if (attribute.MultiJob && attribute.JobPerInvokedTarget)
                Problem("MultiJob and JobPerInvokedTarget are both set. Choose a job per planned target (MultiJob) or a job per invoked target (JobPerInvokedTarget).");
            if (attribute.MultiJob && plan.Ordered.All(t => t.IsCollective))
                Problem($"MultiJob needs at least one planned target that executes something, but {string.Join(", ", plan.Ordered.Select(t => t.Name))} only group others.");
        }

        return problems.Count == count && plan is not null
            ? new WorkflowSpec(attribute, buildName, plan, secrets, required, optional)
            : null;
    }

    private static void CheckTriggers(GitHubActionsAttribute a, Action<string> problem)
    {
        var any = a.On.Length > 0 || a.OnCronSchedule is not null
            || a.OnPushBranches.Length + a.OnPushBranchesIgnore.Length + a.OnPushTags.Length + a.OnPushTagsIgnore.Length + a.OnPushIncludePaths.Length + a.OnPushExcludePaths.Length > 0
            || a.OnPullRequestBranches.Length + a.OnPullRequestBranchesIgnore.Length + a.OnPullRequestIncludePaths.Length + a.OnPullRequestExcludePaths.Length > 0
            || a.OnWorkflowDispatchOptionalInputs.Length + a.OnWorkflowDispatchRequiredInputs.Length > 0;
        if (!any)
            problem("it has no trigger, so it would never run. Set On, OnPushBranches, OnPullRequestBranches, OnCronSchedule or a workflow-dispatch input.");

        void Exclusive(string[] include, string includeName, string[] exclude, string excludeName)
        {
            if (include.Length > 0 && exclude.Length > 0)
                problem($"{includeName} and {excludeName} are both set; GitHub allows only one of them per event. Use {includeName} with '!pattern' entries to exclude.");
        }

        Exclusive(a.OnPushBranches, nameof(a.OnPushBranches), a.OnPushBranchesIgnore, nameof(a.OnPushBranchesIgnore));
        Exclusive(a.OnPushTags, nameof(a.OnPushTags), a.OnPushTagsIgnore, nameof(a.OnPushTagsIgnore));
        Exclusive(a.OnPushIncludePaths, nameof(a.OnPushIncludePaths), a.OnPushExcludePaths, nameof(a.OnPushExcludePaths));
        Exclusive(a.OnPullRequestBranches, nameof(a.OnPullRequestBranches), a.OnPullRequestBranchesIgnore, nameof(a.OnPullRequestBranchesIgnore));
        Exclusive(a.OnPullRequestIncludePaths, nameof(a.OnPullRequestIncludePaths), a.OnPullRequestExcludePaths, nameof(a.OnPullRequestExcludePaths));

        if (a.OnCronSchedule is { } cron && cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
            problem($"OnCronSchedule '{cron}' is not a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. \"0 3 * * 1-5\".");

        var filters = new[]
        {
            a.OnPushBranches, a.OnPushBranchesIgnore, a.OnPushTags, a.OnPushTagsIgnore, a.OnPushIncludePaths, a.OnPushExcludePaths,
            a.OnPullRequestBranches, a.OnPullRequestBranchesIgnore, a.OnPullRequestIncludePaths, a.OnPullRequestExcludePaths,
        };
        if (filters.SelectMany(f => f).Any(string.IsNullOrWhiteSpace))
            problem("a branch, tag or path filter is blank. Remove the empty entry.");
    }

    private static void CheckPermissions(string[] permissions, Action<string> problem)
    {
        var seen = new HashSet<string>();
        foreach (var permission in permissions)
        {
            var parts = permission.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                problem($"permission '{permission}' is not 'scope: level'. Write it like \"contents: read\" or \"deployments: write\".");
                continue;
            }

            var (scope, level) = (parts[0], parts[1]);
            if (!PermissionScopes.TryGetValue(scope, out var levels))
                problem($"permission scope '{scope}' is not known to GitHub. Known scopes: {string.Join(", ", PermissionScopes.Keys)}.");
            else if (!levels.Contains(level))
                problem($"permission '{scope}' cannot be '{level}'. Use {string.Join(", ", levels)}.");
            else if (!seen.Add(scope))
                problem($"permission scope '{scope}' is given twice. Give each scope one level.");
        }
    }

    /// <summary>Plans the invoked targets and checks what they produce; null (with the problems added) when that fails.</summary>
    private static ExecutionPlan? Plan(string[] invokedTargets, IReadOnlyList<ExecutableTarget> targets, Action<string> problem)
    {
        if (invokedTargets.Length == 0)
        {
            problem($"InvokedTargets is empty. Name the targets the pipeline runs, e.g. InvokedTargets = [\"Test\"]. Available targets are: {Listed(targets)}.");
            return null;
        }

        ExecutionPlan plan;
        try
        {
            plan = Planner.Plan(targets, TargetNames.Resolve(targets, invokedTargets, "Invoked target"));
        }
        catch (BuildUsageException e)
        {
            foreach (var line in e.Message.Split(Environment.NewLine))
                problem(line);
            return null;
        }

        var count = 0;
        foreach (var target in plan.Ordered)
        {
            foreach (var glob in target.Produces.Where(g => Path.IsPathRooted(g.TrimStart('!')) || g.Split('/', '\\').Contains("..")))
            {
                problem($"target '{target.Name}' produces '{glob}', outside the repository. Declare Produces paths relative to the root, e.g. \"artifacts/packages/*.nupkg\".");
                count++;
            }
        }

        return count == 0 ? plan : null;
    }

    private static List<ParameterMember> Parameters(
        string[] names, string property, IReadOnlyList<ParameterMember> parameters, string buildName, Action<string> problem)
    {
        var found = new List<ParameterMember>();
        foreach (var name in names)
        {
            // by parameter name, or by member name so attributes can say nameof(Member) for a renamed parameter
            var parameter = parameters.FirstOrDefault(p => p.Key == ParameterNames.Key(name)) ?? parameters.FirstOrDefault(p => p.Member.Name == name);
            if (parameter is null)
            {
                var nearest = NearestMatch.Find(name, parameters.Select(p => p.Name));
                problem($"{property} names '{name}', which is not a parameter of {buildName}." +
                    (nearest is null ? string.Empty : $" Did you mean '{nearest}'?") +
                    (parameters.Count == 0 ? " Declare it with [Parameter] (and [Secret] for secrets)." : $" Parameters are: {string.Join(", ", parameters.Select(p => p.Name))}."));
            }
            else if (!found.Contains(parameter))
            {
                found.Add(parameter);
            }
        }

        return found;
    }

    private static string Listed(IReadOnlyList<ExecutableTarget> targets) => string.Join(", ", targets.Where(t => t.IsListed).Select(t => t.Name));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex WorkflowName();
}
