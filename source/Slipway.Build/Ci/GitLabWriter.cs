using System.Text;
using System.Text.RegularExpressions;

namespace Slipway.Build.Ci;

/// <summary>
/// Renders a GitLab CI spec as <c>.gitlab-ci.yml</c>: workflow rules for the triggers, a stage per level of the job graph,
/// the NuGet cache, then a job per invoked target with its <c>needs:</c>, artifacts and JUnit reports.
/// </summary>
internal static class GitLabWriter
{
    public const string FileName = ".gitlab-ci.yml";

    public static string Write(PipelineSpec<GitLabCIAttribute> spec)
    {
        var a = spec.Attribute;
        var pipeline = new YamlMap { Spaced = true };
        pipeline.Add("workflow", new YamlMap { { "rules", Rules(a) } });
        pipeline.Add("stages", spec.Jobs.Select(j => StageName(j.Stage)).Distinct().ToList());
        pipeline.Add("variables", Variables(spec));
        pipeline.Add("default", Defaults(a));
        foreach (var job in spec.Jobs)
            pipeline.Add(job.Name, Job(spec, job));

        var header = new StringBuilder()
            .Append($"{WorkflowWriter.HeaderMarker} from {spec.Describe}.\n")
            .Append("# Change the attribute, not this file: ./build.sh --generate-ci --check fails while the two differ.\n");
        if (spec.Secrets.Count > 0)
            header.Append("# Masked CI/CD variables the jobs read: ")
                .Append(string.Join(", ", spec.Secrets.Select(s => $"{s.EnvironmentName} ({s.Name})"))).Append(".\n");
        return header.Append('\n').Append(YamlWriter.Write(pipeline)).ToString();
    }

    private static string StageName(int stage) => $"stage-{stage}";

    private static List<object> Rules(GitLabCIAttribute a)
    {
        var rules = new List<object>();
        if (a.OnMergeRequests)
        {
            const string mergeRequest = "$CI_PIPELINE_SOURCE == \"merge_request_event\"";
            if (a.OnMergeRequestTargetBranches.Length == 0)
                rules.Add(new YamlMap { { "if", mergeRequest } });
            foreach (var branch in a.OnMergeRequestTargetBranches)
                rules.Add(new YamlMap { { "if", $"{mergeRequest} && {Match("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", branch)}" } });
            // a push to a branch with an open merge request runs the merge request pipeline, not a second branch pipeline
            if (a.OnBranches.Length > 0)
                rules.Add(new YamlMap { { "if", "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS && $CI_PIPELINE_SOURCE == \"push\"" }, { "when", "never" } });
        }

        foreach (var branch in a.OnBranches)
            rules.Add(new YamlMap { { "if", $"$CI_COMMIT_BRANCH && {Match("$CI_COMMIT_BRANCH", branch)}" } });
        foreach (var tag in a.OnTags)
            rules.Add(new YamlMap { { "if", Match("$CI_COMMIT_TAG", tag) } });
        if (a.OnWeb)
            rules.Add(new YamlMap { { "if", "$CI_PIPELINE_SOURCE == \"web\"" } });
        if (a.OnSchedule)
            rules.Add(new YamlMap { { "if", "$CI_PIPELINE_SOURCE == \"schedule\"" } });
        return rules;
    }

    /// <summary>An exact name compares with ==; a pattern (<c>*</c> within a segment, <c>**</c> across) becomes an anchored regex.</summary>
    internal static string Match(string variable, string pattern)
    {
        if (pattern.IndexOf('*') < 0)
            return $"{variable} == \"{pattern.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (pattern[i] == '*')
            {
                // a '/' ends GitLab's regex literal wherever it stands, even in a class: always escaped
                regex.Append("[^\\/]*");
            }
            else
            {
                regex.Append(Regex.Escape(pattern[i].ToString()).Replace("/", "\\/", StringComparison.Ordinal));
            }
        }

        return $"{variable} =~ /{regex}$/";
    }

    private static YamlMap Variables(PipelineSpec<GitLabCIAttribute> spec)
    {
        // GitLab caches only paths inside the project folder
        var variables = new YamlMap { { "NUGET_PACKAGES", "$CI_PROJECT_DIR/.nuget/packages" } };
        foreach (var input in spec.Inputs)
        {
            variables.Add(input.EnvironmentName, new YamlMap
            {
                { "value", string.Empty },
                { "description", (input.Description.Length > 0 ? input.Description : input.Name) + " (empty: the build's default)" },
            });
        }

        return variables;
    }

    private static YamlMap Defaults(GitLabCIAttribute a)
    {
        var defaults = new YamlMap();
        if (a.Image is not null)
            defaults.Add("image", a.Image);
        if (a.Tags.Length > 0)
            defaults.Add("tags", a.Tags.ToList());
        defaults.Add("interruptible", a.Interruptible);
        if (a.TimeoutMinutes > 0)
            defaults.Add("timeout", $"{a.TimeoutMinutes} minutes");
        var key = new YamlMap();
        if (a.CacheKeyFiles.Length > 0)
            key.Add("files", a.CacheKeyFiles.ToList());
        key.Add("prefix", "nuget");
        defaults.Add("cache", new YamlMap { { "key", key }, { "paths", new List<object> { ".nuget/packages" } } });
        return defaults;
    }

    private static YamlMap Job(PipelineSpec<GitLabCIAttribute> spec, TargetJob job)
    {
        var a = spec.Attribute;
        var map = new YamlMap { { "stage", StageName(job.Stage) } };
        if (job.Needs.Count > 0)
            map.Add("needs", job.Needs.Select(n => (object)new YamlMap { { "job", n.Name }, { "artifacts", n.Produces.Count > 0 } }).ToList());
        map.Add("script", new List<object> { job.Command });
        if (job.Target.IsAssuredAfterFailure)
            map.Add("when", "always");

        var produced = job.Produces;
        if (produced.Count > 0)
        {
            var artifacts = new YamlMap { { "name", $"{job.Name}-$CI_PIPELINE_ID" }, { "when", "always" } };
            artifacts.Add("paths", produced.Where(p => !p.StartsWith('!')).Select(p => (object)p).ToList());
            var excluded = produced.Where(p => p.StartsWith('!')).Select(p => (object)p[1..]).ToList();
            if (excluded.Count > 0)
                artifacts.Add("exclude", excluded);
            var roots = produced.Where(p => !p.StartsWith('!')).Select(p => ArtifactRoot.Of([p])).ToList();
            // the reports of the jobs that produce files below the reports' folder
            var junit = a.JUnitReports.Where(r => roots.Any(root => Within(root, ArtifactRoot.Of([r])))).ToList();
            if (junit.Count > 0)
                artifacts.Add("reports", new YamlMap { { "junit", junit.Select(r => (object)r).ToList() } });
            map.Add("artifacts", artifacts);
        }

        if (spec.DeployJobs.Contains(job))
        {
            var rules = a.DeployOnTags.Select(t => (object)new YamlMap { { "if", Match("$CI_COMMIT_TAG", t) } }).ToList();
            if (a.DeployManually)
                rules.Add(new YamlMap { { "if", "$CI_PIPELINE_SOURCE == \"web\"" } });
            if (rules.Count > 0)
                map.Add("rules", rules);
            var environment = new YamlMap { { "name", a.Environment! } };
            if (a.EnvironmentUrl is { } url)
                environment.Add("url", url);
            map.Add("environment", environment);
            // deploys of one environment wait for each other instead of running at once
            map.Add("resource_group", a.Environment!);
            map.Add("interruptible", false);
        }

        return map;
    }

    private static bool Within(string folder, string root) =>
        root == "." || folder == root || folder.StartsWith(root + "/", StringComparison.Ordinal);
}
