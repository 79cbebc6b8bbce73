using System.Diagnostics;
using Serilog;
using Serilog.Context;
using Slipway.Build.Definition;
using Slipway.Build.Hosting;
using Slipway.Build.Planning;
using Slipway.Tooling.Records;

namespace Slipway.Build.Execution;

/// <summary>
/// Runs a plan: a target starts when every planned predecessor has finished; a shared dependency runs once.
/// With a parallelism above one, independent targets run concurrently (bounded). A failure stops scheduling
/// new targets except assured ones; Ctrl+C aborts the running targets and still runs the assured ones.
/// </summary>
internal sealed class Executor(BuildHost host, IncrementalCache? cache, int parallelism, Func<Task>? targetFinished = null)
{
    public async Task RunAsync(ExecutionPlan plan, CancellationToken cancellationToken)
    {
        var pending = plan.Ordered.Where(t => t.Status == TargetStatus.None).ToList();
        var running = new Dictionary<Task, ExecutableTarget>();
        var stopping = false;

        while (true)
        {
            stopping |= cancellationToken.IsCancellationRequested;
            foreach (var target in pending.ToList())
            {
                if (running.Count >= Math.Max(1, parallelism) && !stopping)
                    break;
                if (stopping && !target.IsAssuredAfterFailure)
                {
                    pending.Remove(target);
                    if (target.Status == TargetStatus.None)
                        target.Status = TargetStatus.NotRun;
                    continue;
                }
                if (plan.Predecessors(target).Any(p => !IsFinished(p)))
                    continue;

                pending.Remove(target);
                if (target.Status == TargetStatus.Skipped)
                    continue;
                var blocker = target.Dependencies.FirstOrDefault(d => plan.Contains(d) && Blocks(d));
                if (blocker is not null && !target.IsAssuredAfterFailure)
                {
                    target.Status = TargetStatus.NotRun;
                    target.SkipReason = $"{blocker.Name} {blocker.Status.ToString().ToLowerInvariant()}";
                    continue;
                }

                var token = stopping ? CancellationToken.None : cancellationToken;
                running.Add(RunTargetAsync(plan, target, token), target);
            }

            if (running.Count == 0)
            {
                foreach (var target in pending)
                    target.Status = TargetStatus.NotRun;
                break;
            }

            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var finished = running[done];
            running.Remove(done);
            if (targetFinished is not null)
                await targetFinished().ConfigureAwait(false);
            if (finished.Status is TargetStatus.Aborted || finished is { Status: TargetStatus.Failed, IsProceedAfterFailure: false })
                stopping = true;
        }
    }

    private static bool IsFinished(ExecutableTarget target) =>
        target.Status is not (TargetStatus.None or TargetStatus.Running);

    private static bool Blocks(ExecutableTarget dependency) =>
        dependency.Status is TargetStatus.Aborted or TargetStatus.NotRun ||
        dependency is { Status: TargetStatus.Failed, IsProceedAfterFailure: false };

    private async Task RunTargetAsync(ExecutionPlan plan, ExecutableTarget target, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var _ = LogContext.PushProperty("Target", target.Name);
        target.Status = TargetStatus.Running;
        target.StartedAt = DateTimeOffset.Now;
        var stopwatch = Stopwatch.StartNew();
        var started = false;
        try
        {
            var failed = SkipEvaluator.FirstFalse(target, target.Definition.DynamicConditions);
            if (failed is not null)
            {
                SkipEvaluator.Skip(target, $"OnlyWhen: {failed.Text}");
                SkipTriggered(plan, target);
                if (!target.IsCollective)
                    Log.Information("Skipping {TargetName}: {SkipReason}", target.Name, target.SkipReason);
                return;
            }

            if (target.IsCollective)
            {
                target.Status = TargetStatus.Succeeded;
                return;
            }

            host.TargetStarting(target);
            started = true;
            if (cache is not null && !cache.IsForced(target))
            {
                var reason = await cache.CheckAsync(target, cancellationToken).ConfigureAwait(false);
                if (reason is null)
                {
                    target.Status = TargetStatus.UpToDate;
                    Log.Information("{TargetName} is up to date: inputs, parameters and outputs are unchanged", target.Name);
                    return;
                }

                Log.Debug("{TargetName} runs: {Reason}", target.Name, reason);
            }

            foreach (var action in target.Definition.Actions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Run(() => action(cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            target.Status = TargetStatus.Succeeded;
            if (cache is not null)
                await cache.RecordAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            target.Status = TargetStatus.Aborted;
            target.SkipReason = "cancelled (Ctrl+C)";
            Log.Warning("{TargetName} was aborted", target.Name);
        }
        catch (Exception e)
        {
            target.Status = TargetStatus.Failed;
            target.Error = e is TargetConditionException ? e : Unwrap(e);
            host.TargetFailed(target, target.Error);
        }
        finally
        {
            target.Duration = stopwatch.Elapsed;
            if (started)
                host.TargetFinished(target);
        }
    }

    /// <summary>A dynamically skipped target also skips what it triggers, unless something still planned needs it.</summary>
    private static void SkipTriggered(ExecutionPlan plan, ExecutableTarget skipped)
    {
        foreach (var triggered in skipped.Triggers.Where(t => plan.Contains(t) && t.Status == TargetStatus.None && !plan.Invoked.Contains(t)))
        {
            var stillNeeded = plan.Triggerers(triggered).Any(t => t.Status != TargetStatus.Skipped) ||
                plan.Dependents(triggered).Any(t => t.Status != TargetStatus.Skipped);
            if (stillNeeded)
                continue;
            SkipEvaluator.Skip(triggered, $"skipped because {skipped.Name} was skipped");
            SkipTriggered(plan, triggered);
        }
    }

    private static Exception Unwrap(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerException!) : e;
}
