using System.Text;
using CliWrap;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// Another process holding a deploy lock through the same kernel lock (util-linux flock(1) on an inherited descriptor),
/// optionally writing holder details into the lock file the way a deploy does. It is one process, so killing it
/// releases the lock.
/// </summary>
public sealed class LockHoldingProcess : IAsyncDisposable
{
    // fd 9 is opened without truncation, locked by flock(1) on the shared open file, then kept by the exec'd sleep.
    private const string Script = "exec 9<>\"$0\" && flock 9 && printf \"$1\" $$ >&9 && exec sleep 600";

    private readonly CancellationTokenSource _kill;
    private readonly StringBuilder _errors;
    private readonly CommandTask<CommandResult> _run;

    private LockHoldingProcess(string lockPath, string detailsFormat)
    {
        _kill = new CancellationTokenSource();
        _errors = new StringBuilder();
        _run = Cli.Wrap("sh")
            .WithArguments(["-c", Script, lockPath, detailsFormat])
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(_errors))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_kill.Token);
    }

    public int Pid => _run.ProcessId;

    /// <summary>Starts the process and returns once it holds the lock (and has written its details, if any).</summary>
    /// <param name="detailsFormat">printf format written into the lock file once locked, %d being the pid; empty writes nothing.</param>
    public static async Task<LockHoldingProcess> StartAsync(string lockPath, string detailsFormat = "")
    {
        var process = new LockHoldingProcess(lockPath, detailsFormat);
        try
        {
            await Eventually.UntilAsync(
                () => process._run.Task.IsCompleted
                    ? throw new InvalidOperationException($"The lock-holding process {process.Pid} exited before it held '{lockPath}': {process._errors}")
                    : IsHeld(lockPath) && (detailsFormat.Length == 0 || DeploymentLock.ReadHolder(lockPath) is not null),
                $"process {process.Pid} to hold '{lockPath}'");
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when someone holds the kernel lock, tried without waiting and without touching the file's content.</summary>
    public static bool IsHeld(string lockPath)
    {
        using var probe = LockFile.TryOpenExclusive(Path.GetFullPath(lockPath));
        return probe is null;
    }

    /// <summary>SIGKILL: the process gets no chance to clean anything up.</summary>
    public async Task KillAsync()
    {
        await _kill.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync(); // already exited counts as done
        _kill.Dispose();
    }
}
