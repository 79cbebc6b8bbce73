namespace Slipway.Build.Ci;

internal static partial class WorkflowWriter
{
    /// <summary>
    /// A job per invoked target (<see cref="TargetJobs"/>, as for GitLab): it downloads what the targets of the jobs it
    /// needs produced, runs its target skipping those, and uploads what its own targets produce.
    /// </summary>
    private static YamlMap InvokedTargetJobs(WorkflowSpec spec)
    {
        var jobs = new YamlMap { Spaced = true };
        foreach (var job in TargetJobs.Of(spec.Plan, spec.Plan.AllTargets, sharedWorkspace: false))
        {
            var steps = CommonSteps(spec);
            // each skipped target's files come from the needed job that ran it (several jobs may run the same target)
            steps.AddRange(job.Skips.Where(t => t.Produces.Count > 0).Select(t => DownloadStep(spec, t, job.Needs.First(n => n.Runs.Contains(t)).Name)));
            steps.Add(RunStep(spec, job.Name, job.Command));
            steps.AddRange(job.Runs.Where(t => !t.IsCollective && t.Produces.Count > 0).Select(t => UploadStep(spec, t, job.Name)));
            var condition = job.Target.IsAssuredAfterFailure ? "${{ !cancelled() }}" : null;
            jobs.Add(job.Name, Job(spec, name: null, job.Needs.Select(n => n.Name).ToList(), condition, steps));
        }

        return jobs;
    }
}
