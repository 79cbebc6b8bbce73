using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Text;
using CliWrap;
using Serilog;

namespace Slipway.Tooling;

/// <summary>Runs processes on CliWrap: output streamed through the logger with secrets redacted; a failure shows the exit code and the last lines.</summary>
public static partial class ProcessTasks
{
    private const int TailLines = 30;

    /// <summary>Runs <paramref name="executable"/>; returns its output lines; throws <see cref="ProcessFailedException"/> when it cannot start or exits non-zero.</summary>
    /// <param name="logOutput">Whether each output line goes to the log (standard error as warnings); the command line always does.</param>
    /// <param name="log">The logger; the process-wide <see cref="Log.Logger"/> when null.</param>
    public static async Task<IReadOnlyList<string>> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool logOutput = true,
        ILogger? log = null,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        var result = await ExecuteAsync(executable, args, workingDirectory, environment, logOutput, log, readOutputAsync: null, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(executable, args, result);
        return result.Output;
    }

    /// <summary>Runs <paramref name="executable"/> and returns how it ended, whatever its exit code; throws <see cref="ProcessFailedException"/> only when it cannot start.</summary>
    public static Task<ProcessResult> TryRunAsync(
        string executable,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool logOutput = true,
        ILogger? log = null,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(executable, arguments.ToList(), workingDirectory, environment, logOutput, log, readOutputAsync: null, cancellationToken);

    private static async Task<ProcessResult> ExecuteAsync(
        string executable,
        IReadOnlyList<string> arguments,
        string? workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        bool logOutput,
        ILogger? log,
        Func<Stream, CancellationToken, Task>? readOutputAsync,
        CancellationToken cancellationToken)
    {
        var logger = log ?? Log.Logger;
        logger.Information("> {Command}", Describe(executable, arguments));
        var output = new List<string>();
        var standardOutput = new List<string>();
        var gate = new Lock();

        void Collect(string line, bool error)
        {
            var redacted = SecretRedactor.Redact(line);
            lock (gate)
            {
                output.Add(redacted);
                if (!error)
                    standardOutput.Add(redacted);
            }

            if (!logOutput)
                return;
            if (error)
                logger.Warning("{Line}", redacted);
            else
                logger.Information("{Line}", redacted);
        }

        // A reader of standard output that fails stops the process: nothing else would drain the pipe.
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ExceptionDispatchInfo? readerFailure = null;
        var standardOutputPipe = readOutputAsync is null
            ? PipeTarget.ToDelegate(line => Collect(line, error: false), Encoding.UTF8)
            : PipeTarget.Create(async (stream, token) =>
            {
                try
                {
                    await readOutputAsync(stream, token).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    readerFailure = ExceptionDispatchInfo.Capture(exception);
                    await kill.CancelAsync().ConfigureAwait(false);
                }
            });

        var command = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(standardOutputPipe)
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Collect(line, error: true), Encoding.UTF8));
        if (workingDirectory is not null)
            command = command.WithWorkingDirectory(workingDirectory);
        if (environment is not null)
            command = command.WithEnvironmentVariables(environment);

        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(kill.Token).ConfigureAwait(false);
        }
        catch (Win32Exception exception)
        {
            throw CannotStart(executable, workingDirectory, exception);
        }
        catch (OperationCanceledException) when (readerFailure is not null)
        {
            readerFailure.Throw();
            throw;
        }

        readerFailure?.Throw();
        lock (gate)
            return new ProcessResult(result.ExitCode, output.ToList(), standardOutput.ToList());
    }

    private static void ThrowIfFailed(string executable, IReadOnlyList<string> arguments, ProcessResult result)
    {
        if (result.Succeeded)
            return;
        var tail = result.Output.TakeLast(TailLines).ToList();
        var lines = tail.Count == 0 ? "  (none)" : string.Join(Environment.NewLine, tail.Select(l => "  " + l));
        throw new ProcessFailedException(
            $"'{Describe(executable, arguments)}' exited with code {result.ExitCode}." + Environment.NewLine + "Last lines of output:" + Environment.NewLine + lines,
            result.ExitCode,
            tail);
    }

    internal static ProcessFailedException CannotStart(string executable, string? workingDirectory, Exception exception)
    {
        string why;
        if (workingDirectory is not null && !Directory.Exists(workingDirectory))
            why = $"its working directory '{workingDirectory}' does not exist. Create it, or run the command from a directory that exists.";
        else if (!executable.Contains(Path.DirectorySeparatorChar) && ExecutableLocator.Find(executable) is null)
            why = "it is not installed or not on PATH. Install it, or add the directory that holds it to PATH, and run again.";
        else
            why = $"{(exception.InnerException ?? exception).Message}. Check that the file exists and is executable.";
        return new ProcessFailedException($"Could not start '{executable}': {why}", -1, [], exception);
    }

    /// <summary>The command line as it is logged: arguments with spaces quoted, secrets redacted.</summary>
    internal static string Describe(string executable, IEnumerable<string> arguments) =>
        SecretRedactor.Redact(string.Join(' ', arguments.Select(Quote).Prepend(executable)));

    private static string Quote(string argument) => argument.Contains(' ') || argument.Length == 0 ? $"\"{argument}\"" : argument;
}
