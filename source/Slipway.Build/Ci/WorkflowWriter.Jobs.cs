using Slipway.Build.Definition;

namespace Slipway.Build.Ci;

internal static partial class WorkflowWriter
{
    /// <summary>One job that runs the invoked targets and uploads what every planned target produces.</summary>
    private static YamlMap SingleJob(WorkflowSpec spec)
    {
        var steps = CommonSteps(spec);
        steps.Add(RunStep(spec, spec.Plan.Invoked.Select(t => t.Name).ToList(), skipOthers: false));
        steps.AddRange(spec.WorkingTargets.Where(t => t.Produces.Count > 0).Select(t => UploadStep(spec, t)));
        return new YamlMap { { "build", Job(spec, name: null, needs: [], condition: null, steps) } };
    }

    /// <summary>A job per planned target: it runs that target alone after the jobs of its predecessors, with their artifacts.</summary>
    private static YamlMap MultiJobs(WorkflowSpec spec)
    {
        var jobs = new YamlMap { Spaced = true };
        var order = spec.Plan.Ordered.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var needsOf = new Dictionary<ExecutableTarget, List<ExecutableTarget>>();
        foreach (var target in spec.WorkingTargets)
        {
            var needs = Needs(spec, target).OrderBy(t => order[t]).ToList();
            needsOf[target] = needs;
            var ancestors = Ancestors(target, needsOf).OrderBy(t => order[t]).ToList();

            var steps = CommonSteps(spec);
            steps.AddRange(ancestors.Where(t => t.Produces.Count > 0).Select(t => DownloadStep(spec, t)));
            steps.Add(RunStep(spec, [target.Name], skipOthers: true));
            if (target.Produces.Count > 0)
                steps.Add(UploadStep(spec, target));
            var condition = target.IsAssuredAfterFailure ? "${{ !cancelled() }}" : null;
            jobs.Add(target.Name, Job(spec, name: null, needs.Select(t => t.Name).ToList(), condition, steps));
        }

        return jobs;
    }

    /// <summary>The working targets that must finish first; collective predecessors are looked through to theirs.</summary>
    private static HashSet<ExecutableTarget> Needs(WorkflowSpec spec, ExecutableTarget target)
    {
        var needs = new HashSet<ExecutableTarget>();
        var visited = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(spec.Plan.Predecessors(target));
        while (pending.TryPop(out var predecessor))
        {
            if (!visited.Add(predecessor))
                continue;
            if (!predecessor.IsCollective)
                needs.Add(predecessor);
            else
                foreach (var further in spec.Plan.Predecessors(predecessor))
                    pending.Push(further);
        }

        return needs;
    }

    private static HashSet<ExecutableTarget> Ancestors(ExecutableTarget target, Dictionary<ExecutableTarget, List<ExecutableTarget>> needsOf)
    {
        var ancestors = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(needsOf[target]);
        while (pending.TryPop(out var next))
        {
            if (ancestors.Add(next))
                foreach (var further in needsOf[next])
                    pending.Push(further);
        }

        return ancestors;
    }

    private static YamlMap Job(WorkflowSpec spec, string? name, List<string> needs, string? condition, List<object> steps)
    {
        var a = spec.Attribute;
        var job = new YamlMap();
        if (name is not null)
            job.Add("name", name);
        if (needs.Count > 0)
            job.Add("needs", needs);
        if (condition is not null)
            job.Add("if", condition);
        job.Add("runs-on", spec.IsMatrix ? "${{ matrix.os }}" : a.RunsOn[0]);
        if (spec.IsMatrix)
        {
            job.Add("strategy", new YamlMap
            {
                { "fail-fast", false },
                { "matrix", new YamlMap { { "os", a.RunsOn.ToList() } } },
            });
        }

        if (a.TimeoutMinutes > 0)
            job.Add("timeout-minutes", a.TimeoutMinutes);
        job.Add("steps", steps);
        return job;
    }

    private static List<object> CommonSteps(WorkflowSpec spec)
    {
        var a = spec.Attribute;
        var checkout = new YamlMap { { "name", "Checkout" }, { "uses", "actions/checkout@v4" } };
        if (a.FetchDepth != 1)
            checkout.Add("with", new YamlMap { { "fetch-depth", a.FetchDepth } });
        var steps = new List<object> { checkout };
        if (a.CachePaths.Length > 0)
        {
            var files = string.Join(", ", a.CacheKeyFiles.Select(f => "'" + f.Replace("'", "''", StringComparison.Ordinal) + "'"));
            var prefix = "${{ runner.os }}-slipway-";
            steps.Add(new YamlMap
            {
                { "name", "Cache packages and build state" },
                { "uses", "actions/cache@v4" },
                {
                    "with", new YamlMap
                    {
                        { "path", string.Join('\n', a.CachePaths) },
                        { "key", a.CacheKeyFiles.Length > 0 ? prefix + "${{ hashFiles(" + files + ") }}" : prefix + "${{ github.sha }}" },
                        { "restore-keys", prefix },
                    }
                },
            });
        }

        return steps;
    }

    private static YamlMap RunStep(WorkflowSpec spec, List<string> targets, bool skipOthers) =>
        RunStep(spec, string.Join(", ", targets), "./build.sh " + string.Join(' ', targets) + (skipOthers ? " --skip" : string.Empty));

    private static YamlMap RunStep(WorkflowSpec spec, string targets, string command)
    {
        if (spec.Attribute.Profiles.Length > 0)
            command += " --profile " + string.Join(' ', spec.Attribute.Profiles);
        var step = new YamlMap
        {
            { "name", "Run " + targets },
            { "run", command },
        };
        if (spec.UsesWindows)
            step.Add("shell", "bash");
        var environment = new YamlMap();
        foreach (var secret in spec.Secrets)
            environment.Add(secret.EnvironmentName, $"${{{{ secrets.{secret.EnvironmentName} }}}}");
        foreach (var input in spec.RequiredInputs.Concat(spec.OptionalInputs))
            environment.Add(input.EnvironmentName, $"${{{{ inputs.{input.Name} }}}}");
        if (environment.Count > 0)
            step.Add("env", environment);
        return step;
    }

    /// <param name="job">The job that ran the target, when several jobs may run it (a job per invoked target).</param>
    private static YamlMap UploadStep(WorkflowSpec spec, ExecutableTarget target, string? job = null) => new()
    {
        { "name", $"Upload what {target.Name} produced" },
        { "if", "always()" },
        { "uses", "actions/upload-artifact@v4" },
        { "with", new YamlMap { { "name", ArtifactName(spec, target, job) }, { "path", string.Join('\n', target.Produces) } } },
    };

    private static YamlMap DownloadStep(WorkflowSpec spec, ExecutableTarget target, string? job = null) => new()
    {
        { "name", $"Download what {target.Name} produced" },
        { "uses", "actions/download-artifact@v4" },
        { "with", new YamlMap { { "name", ArtifactName(spec, target, job) }, { "path", ArtifactRoot.Of(target.Produces) } } },
    };

    /// <summary>Artifact names are unique per run, so each matrix leg (and each job running the same target) names its own.</summary>
    private static string ArtifactName(WorkflowSpec spec, ExecutableTarget target, string? job) =>
        (job is null || job == target.Name ? target.Name : $"{job}-{target.Name}") + (spec.IsMatrix ? "-${{ matrix.os }}" : string.Empty);
}
