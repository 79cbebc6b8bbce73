using System.Reflection;
using Serilog.Events;
using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Hosting;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;

namespace Slipway.Build.Ci;

/// <summary>
/// Turns the build class's CI attributes into CI files: <see cref="GitHubActionsAttribute"/>s into
/// <c>.github/workflows/&lt;name&gt;.yml</c>, <see cref="GitLabCIAttribute"/> into <c>.gitlab-ci.yml</c>, <see cref="JenkinsAttribute"/>
/// into <c>Jenkinsfile</c>:
/// <c>./build.sh --generate-ci</c> writes them, <c>./build.sh --generate-ci --check</c> names the stale ones and exits 1.
/// </summary>
public static class CiGeneration
{
    public const string WorkflowsFolder = ".github/workflows";

    /// <summary>The workflows declared on the build class, in name order.</summary>
    public static IReadOnlyList<GitHubActionsAttribute> Declared(Type buildType) =>
        buildType.GetCustomAttributes<GitHubActionsAttribute>(inherit: true).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();

    /// <summary>Whether the build class declares any CI file.</summary>
    public static bool DeclaresAny(Type buildType) =>
        Declared(buildType).Count > 0 || buildType.GetCustomAttribute<GitLabCIAttribute>(inherit: true) is not null || buildType.GetCustomAttribute<JenkinsAttribute>(inherit: true) is not null;

    /// <summary>Renders every declared workflow; a <see cref="BuildUsageException"/> lists every problem of every attribute.</summary>
    public static IReadOnlyList<GeneratedWorkflow> Render(SlipwayBuild build) => Render(build, TargetDiscovery.Discover(build));

    /// <summary>Writes the declared workflows below <paramref name="root"/> and deletes generated ones no longer declared; returns what changed.</summary>
    public static IReadOnlyList<string> Write(SlipwayBuild build, AbsolutePath root) => Write(Render(build), root);

    /// <summary>The workflow files under <paramref name="root"/> that differ from the build's attributes, are missing, or are generated but no longer declared.</summary>
    public static IReadOnlyList<StaleWorkflow> Check(SlipwayBuild build, AbsolutePath root) => Check(Render(build), root);

    internal static IReadOnlyList<GeneratedWorkflow> Render(SlipwayBuild build, IReadOnlyList<ExecutableTarget> targets)
    {
        var buildName = build.GetType().Name;
        var parameters = ParameterMember.Discover(build.GetType());
        var problems = new List<string>();
        var workflows = new List<GeneratedWorkflow>();
        var declared = Declared(build.GetType());
        foreach (var twice in declared.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"{buildName} declares the workflow '{twice.Key}' {twice.Count()} times. Give each [GitHubActions] attribute its own name.");
        foreach (var attribute in declared)
        {
            if (WorkflowSpecReader.Read(attribute, buildName, targets, parameters, problems) is { } spec)
                workflows.Add(new GeneratedWorkflow(attribute.Name, $"{WorkflowsFolder}/{attribute.Name}.yml", WorkflowWriter.Write(spec), $"[GitHubActions(\"{attribute.Name}\")]"));
        }

        if (build.GetType().GetCustomAttribute<GitLabCIAttribute>(inherit: true) is { } gitLab
            && WorkflowSpecReader.Read(gitLab, buildName, targets, parameters, problems) is { } gitLabSpec)
            workflows.Add(new GeneratedWorkflow("gitlab-ci", GitLabWriter.FileName, GitLabWriter.Write(gitLabSpec), "[GitLabCI]"));
        if (build.GetType().GetCustomAttribute<JenkinsAttribute>(inherit: true) is { } jenkins
            && WorkflowSpecReader.Read(jenkins, buildName, targets, parameters, problems) is { } jenkinsSpec)
            workflows.Add(new GeneratedWorkflow("jenkins", JenkinsWriter.FileName, JenkinsWriter.Write(jenkinsSpec), "[Jenkins]"));

        if (problems.Count > 0)
            throw new BuildUsageException(string.Join(Environment.NewLine, problems));
        return workflows;
    }

    internal static IReadOnlyList<string> Write(IReadOnlyList<GeneratedWorkflow> workflows, AbsolutePath root)
    {
        var changed = new List<string>();
        foreach (var workflow in workflows)
        {
            var path = root / workflow.RelativePath;
            if (path.FileExists() && Normalize(path.ReadAllText()) == workflow.Content)
                continue;
            path.WriteAllText(workflow.Content);
            changed.Add(workflow.RelativePath);
        }

        foreach (var obsolete in Obsolete(workflows, root))
        {
            (root / obsolete).DeleteFile();
            changed.Add(obsolete);
        }

        return changed;
    }

    internal static IReadOnlyList<StaleWorkflow> Check(IReadOnlyList<GeneratedWorkflow> workflows, AbsolutePath root)
    {
        var stale = new List<StaleWorkflow>();
        foreach (var workflow in workflows)
        {
            var path = root / workflow.RelativePath;
            if (!path.FileExists())
                stale.Add(new StaleWorkflow(workflow.RelativePath, $"missing; {workflow.Declaration} declares it"));
            else if (Normalize(path.ReadAllText()) != workflow.Content)
                stale.Add(new StaleWorkflow(workflow.RelativePath, $"differs from {workflow.Declaration}"));
        }

        stale.AddRange(Obsolete(workflows, root).Select(p => new StaleWorkflow(p, "generated, but no attribute declares it any more")));
        return stale;
    }

    /// <summary><c>--generate-ci</c> (and <c>--check</c>) from the command line: prints what it did and returns the exit code.</summary>
    internal static int Generate(SlipwayBuild build, IReadOnlyList<ExecutableTarget> targets, BuildHost host, bool check = false)
    {
        if (!DeclaresAny(build.GetType()))
        {
            host.WriteError($"{build.GetType().Name} declares no CI workflows. Add a [GitHubActions(\"name\", ...)], [GitLabCI(...)] or [Jenkins(...)] attribute to the build class.");
            return BuildRunner.UsageError;
        }

        var workflows = Render(build, targets);
        var root = build.RootDirectory;
        if (check)
        {
            var stale = Check(workflows, root);
            if (stale.Count == 0)
            {
                host.WriteLog(LogEventLevel.Information, $"All {workflows.Count} CI files ({string.Join(", ", workflows.Select(w => w.RelativePath))}) match the build's CI attributes.", null);
                return BuildRunner.Success;
            }

            host.WriteError($"{stale.Count} CI file(s) are stale:{Environment.NewLine}" +
                string.Join(Environment.NewLine, stale.Select(s => "  " + s)) + Environment.NewLine +
                "Run ./build.sh --generate-ci and commit the result.");
            return BuildRunner.Failure;
        }

        var changed = Write(workflows, root);
        foreach (var workflow in workflows)
            host.WriteLog(LogEventLevel.Information, (changed.Contains(workflow.RelativePath) ? "Wrote " : "Up to date: ") + workflow.RelativePath, null);
        foreach (var removed in changed.Except(workflows.Select(w => w.RelativePath)))
            host.WriteLog(LogEventLevel.Information, "Removed (no longer declared): " + removed, null);
        return BuildRunner.Success;
    }

    /// <summary>Generated CI files (they start with the header) whose attribute is gone.</summary>
    private static IEnumerable<string> Obsolete(IReadOnlyList<GeneratedWorkflow> workflows, AbsolutePath root)
    {
        var folder = root / WorkflowsFolder;
        var candidates = (folder.DirectoryExists() ? Directory.GetFiles(folder, "*.yml").Select(f => $"{WorkflowsFolder}/{Path.GetFileName(f)}") : [])
            .Order(StringComparer.Ordinal)
            .Concat([GitLabWriter.FileName, JenkinsWriter.FileName]);
        var declared = workflows.Select(w => w.RelativePath).ToHashSet(StringComparer.Ordinal);
        return candidates
            .Where(p => !declared.Contains(p) && (root / p).FileExists())
            .Where(p => File.ReadLines(root / p).FirstOrDefault() is { } first &&
                (first.StartsWith(WorkflowWriter.HeaderMarker, StringComparison.Ordinal) || first.StartsWith("//" + WorkflowWriter.HeaderMarker[1..], StringComparison.Ordinal)))
            .ToList();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
