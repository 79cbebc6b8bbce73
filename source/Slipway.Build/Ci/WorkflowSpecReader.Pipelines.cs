using Slipway.Build.Definition;
using Slipway.Build.Parameters;

namespace Slipway.Build.Ci;

/// <summary>The GitLab CI and Jenkins attributes, checked with the same planning and parameter lookup as GitHub's.</summary>
internal static partial class WorkflowSpecReader
{
    public static PipelineSpec<GitLabCIAttribute>? Read(
        GitLabCIAttribute attribute, string buildName, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters, List<string> problems)
    {
        var subject = $"[GitLabCI] on {buildName}";
        var count = problems.Count;
        void Problem(string text) => problems.Add($"{subject}: {text}");

        var patterns = attribute.OnBranches.Concat(attribute.OnTags).Concat(attribute.OnMergeRequestTargetBranches).ToList();
        if (patterns.Count == 0 && !attribute.OnMergeRequests && !attribute.OnWeb && !attribute.OnSchedule)
            Problem("it has no trigger, so no pipeline would ever start. Set OnBranches, OnTags, OnMergeRequests, OnWeb or OnSchedule.");
        if (patterns.Concat(attribute.DeployOnTags).Any(string.IsNullOrWhiteSpace))
            Problem("a branch or tag pattern is blank. Remove the empty entry.");
        if (attribute.OnMergeRequestTargetBranches.Length > 0 && !attribute.OnMergeRequests)
            Problem("OnMergeRequestTargetBranches is set but OnMergeRequests is false. Set OnMergeRequests = true, or remove the target branches.");
        if (attribute.TimeoutMinutes < 0)
            Problem($"TimeoutMinutes is {attribute.TimeoutMinutes}. Use a positive number of minutes, or 0 for the project's default.");
        if (attribute.CacheKeyFiles.Length > 2 || attribute.CacheKeyFiles.Any(f => f.IndexOfAny(['*', '?', '[', '{']) >= 0 || string.IsNullOrWhiteSpace(f)))
            Problem($"CacheKeyFiles is [{string.Join(", ", attribute.CacheKeyFiles)}], but GitLab keys a cache on at most two files, named without wildcards. " +
                "Name up to two files, e.g. [\"Directory.Packages.props\", \"global.json\"] (with central package management the first holds every package version).");
        if (attribute.DeployTargets.Length == 0 && (attribute.DeployOnTags.Length > 0 || attribute.DeployManually))
            Problem("DeployOnTags or DeployManually is set but DeployTargets is empty. Name the invoked targets that deploy, e.g. DeployTargets = [\"Deploy\"].");
        if (attribute.DeployOnTags.Length > 0 && attribute.OnTags.Length == 0)
            Problem("DeployOnTags is set but OnTags is empty, so no tag pipeline would start for the deploy jobs to run in. Add the tags to OnTags.");
        if (attribute.DeployTargets.Length > 0 && string.IsNullOrWhiteSpace(attribute.Environment))
            Problem("DeployTargets is set but Environment is not. Name the environment the deploy jobs deploy to, e.g. Environment = \"production\".");
        if (attribute.EnvironmentUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            Problem($"EnvironmentUrl '{url}' is not an http(s) URL. Give the address the environment answers at, e.g. \"https://example.org\".");

        var secrets = Parameters(attribute.ImportSecrets, nameof(attribute.ImportSecrets), parameters, buildName, Problem);
        var inputs = Parameters(attribute.Inputs, nameof(attribute.Inputs), parameters, buildName, Problem);
        foreach (var reserved in secrets.Concat(inputs).Where(p => p.EnvironmentName.StartsWith("CI_", StringComparison.Ordinal) || p.EnvironmentName.StartsWith("GITLAB_", StringComparison.Ordinal)))
            Problem($"parameter '{reserved.Name}' would be the variable {reserved.EnvironmentName}, but GitLab reserves the CI_ and GITLAB_ prefixes for its predefined variables. Rename the parameter or give it [Parameter(Name = \"...\")].");
        CheckInputs(secrets, inputs, nameof(attribute.Inputs), "a pipeline variable (shown to everyone who can run a pipeline)", Problem);

        var plan = Plan(attribute.InvokedTargets, targets, Problem);
        var jobs = plan is null ? [] : TargetJobs.Of(plan, targets, sharedWorkspace: false);
        var deploy = DeployJobs(attribute.DeployTargets, jobs, targets, Problem);
        return problems.Count == count && plan is not null
            ? new PipelineSpec<GitLabCIAttribute>(attribute, buildName, subject, plan, jobs, secrets, inputs, deploy)
            : null;
    }

    public static PipelineSpec<JenkinsAttribute>? Read(
        JenkinsAttribute attribute, string buildName, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters, List<string> problems)
    {
        var subject = $"[Jenkins] on {buildName}";
        var count = problems.Count;
        void Problem(string text) => problems.Add($"{subject}: {text}");

        if (attribute.TimeoutMinutes < 0)
            Problem($"TimeoutMinutes is {attribute.TimeoutMinutes}. Use a positive number of minutes, or 0 for no timeout.");
        if (attribute.Cron is { } cron && cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
            Problem($"Cron '{cron}' is not a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. \"H 3 * * 1-5\".");
        if (attribute.LockResource is { } resource && string.IsNullOrWhiteSpace(resource))
            Problem("LockResource is blank. Name the lockable resource deploy stages hold, or leave it out for '<build>-deploy'.");
        if (attribute.DeployTargets.Length == 0 && (attribute.DeployOnTags.Length > 0 || attribute.DeployManually))
            Problem("DeployOnTags or DeployManually is set but DeployTargets is empty. Name the invoked targets that deploy, e.g. DeployTargets = [\"Deploy\"].");
        if (attribute.DeployOnTags.Any(string.IsNullOrWhiteSpace))
            Problem("a DeployOnTags pattern is blank. Remove the empty entry.");
        if (attribute.AgentLabel is { } label && string.IsNullOrWhiteSpace(label))
            Problem("AgentLabel is blank. Name an agent label, or leave it out to run on any agent.");

        var secrets = Parameters(attribute.ImportSecrets, nameof(attribute.ImportSecrets), parameters, buildName, Problem);
        var inputs = Parameters(attribute.Inputs, nameof(attribute.Inputs), parameters, buildName, Problem);
        CheckInputs(secrets, inputs, nameof(attribute.Inputs), "a build parameter (shown on the build's page)", Problem);

        var plan = Plan(attribute.InvokedTargets, targets, Problem);
        var jobs = plan is null ? [] : TargetJobs.Of(plan, targets, sharedWorkspace: true);
        var deploy = DeployJobs(attribute.DeployTargets, jobs, targets, Problem);
        return problems.Count == count && plan is not null
            ? new PipelineSpec<JenkinsAttribute>(attribute, buildName, subject, plan, jobs, secrets, inputs, deploy)
            : null;
    }

    private static void CheckInputs(List<ParameterMember> secrets, List<ParameterMember> inputs, string property, string what, Action<string> problem)
    {
        foreach (var secret in inputs.Where(p => p.IsSecret))
            problem($"{property} names '{secret.Name}', a secret, which cannot be {what}. Import it with ImportSecrets instead.");
        foreach (var both in secrets.Intersect(inputs).Where(p => !p.IsSecret))
            problem($"parameter '{both.Name}' is both a secret and an input. Keep it in one of ImportSecrets and {property}.");
    }

    private static List<TargetJob> DeployJobs(string[] names, IReadOnlyList<TargetJob> jobs, IReadOnlyList<ExecutableTarget> targets, Action<string> problem)
    {
        var found = new List<TargetJob>();
        if (jobs.Count == 0)
            return found;
        foreach (var name in names)
        {
            var job = jobs.FirstOrDefault(j => ParameterNames.Key(j.Target.Name) == ParameterNames.Key(name));
            if (job is not null)
                found.Add(job);
            else if (targets.Any(t => ParameterNames.Key(t.Name) == ParameterNames.Key(name)))
                problem($"DeployTargets names '{name}', which is not one of InvokedTargets ({string.Join(", ", jobs.Select(j => j.Name))}). Add it to InvokedTargets or remove it from DeployTargets.");
            else
                problem($"DeployTargets names '{name}', which is not a target. Invoked targets are: {string.Join(", ", jobs.Select(j => j.Name))}.");
        }

        return found;
    }
}
