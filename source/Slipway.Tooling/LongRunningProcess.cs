using System.Text;
using CliWrap;
using Serilog;

namespace Slipway.Tooling;

/// <summary>
/// A process that runs alongside the caller (a service under test, a local registry, a browser): its output lines are kept
/// (the last <see cref="KeptLines"/>, secrets redacted), it can be asked to stop with SIGTERM, and disposing kills it and
/// its children if it is still running.
/// </summary>
/// <example><code>
/// await using var service = LongRunningProcess.Start("dotnet", ["Slipway.Serving.dll"]);
/// service.Terminate();
/// var exitCode = await service.WaitForExitAsync(cancellationToken);
/// </code></example>
public sealed class LongRunningProcess : IAsyncDisposable
{
    /// <summary>How many of the latest output lines are kept.</summary>
    public const int KeptLines = 10_000;

    // What a killed process reports by convention: 128 + SIGKILL.
    private const int KilledExitCode = 137;

    private readonly Queue<string> _output = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _kill;
    private readonly Task<int> _exit;
    private const int Running = int.MinValue;
    private int _exitCode = Running;

    private LongRunningProcess(Command command, string description, CancellationTokenSource kill)
    {
        Command = description;
        _kill = kill;
        var execution = command
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Collect, Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Collect, Encoding.UTF8))
            .ExecuteAsync(kill.Token);
        Id = execution.ProcessId;
        _exit = ObserveAsync(execution);
    }

    /// <summary>The command line, secrets redacted.</summary>
    public string Command { get; }

    public int Id { get; }

    /// <summary>True once the process has exited and all of its output has been read.</summary>
    public bool HasExited => Volatile.Read(ref _exitCode) != Running;

    /// <summary>The exit code once <see cref="HasExited"/>; 137 when it was killed.</summary>
    public int ExitCode => HasExited
        ? Volatile.Read(ref _exitCode)
        : throw new InvalidOperationException($"'{Command}' (process {Id}) is still running; await WaitForExitAsync before reading its exit code.");

    /// <summary>A snapshot of the output so far: standard output and error, in the order they arrived.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_gate)
                return _output.ToList();
        }
    }

    /// <summary>Starts <paramref name="executable"/>; throws <see cref="ProcessFailedException"/> when it cannot start.</summary>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static LongRunningProcess Start(
        string executable,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        ILogger? log = null)
    {
        var args = arguments.ToList();
        var description = ProcessTasks.Describe(executable, args);
        (log ?? Log.Logger).Information("> {Command} &", description);
        var command = Cli.Wrap(executable).WithArguments(args).WithValidation(CommandResultValidation.None);
        if (workingDirectory is not null)
            command = command.WithWorkingDirectory(workingDirectory);
        if (environment is not null)
            command = command.WithEnvironmentVariables(environment);
        var kill = new CancellationTokenSource();
        try
        {
            return new LongRunningProcess(command, description, kill);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            kill.Dispose();
            throw ProcessTasks.CannotStart(executable, workingDirectory, exception);
        }
    }

    /// <summary>Asks the process to stop (SIGTERM); a process that is already gone counts as done.</summary>
    public void Terminate()
    {
        if (!HasExited)
            ProcessSignals.Terminate(Id);
    }

    /// <summary>Waits until the process has exited and its output has been read; returns the exit code.</summary>
    public Task<int> WaitForExitAsync(CancellationToken cancellationToken = default) => _exit.WaitAsync(cancellationToken);

    /// <summary>Kills the process and its children when still running, then waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
            await _kill.CancelAsync().ConfigureAwait(false);
        await _exit.ConfigureAwait(false);
        _kill.Dispose();
    }

    private void Collect(string line)
    {
        var redacted = SecretRedactor.Redact(line);
        lock (_gate)
        {
            _output.Enqueue(redacted);
            if (_output.Count > KeptLines)
                _output.Dequeue();
        }
    }

    private async Task<int> ObserveAsync(CommandTask<CommandResult> execution)
    {
        int exitCode;
        try
        {
            exitCode = (await execution.ConfigureAwait(false)).ExitCode;
        }
        catch (OperationCanceledException)
        {
            exitCode = KilledExitCode;
        }

        Volatile.Write(ref _exitCode, exitCode);
        return exitCode;
    }
}
