using System.Text;
using CliWrap;
using Serilog;
using Slipway.Build.Execution;

namespace Slipway.Build.Tools;

/// <summary>Runs processes on CliWrap: output streamed through the logger with secrets redacted; a failure shows the exit code and the last lines.</summary>
public static class ProcessTasks
{
    private const int TailLines = 30;

    /// <summary>Runs <paramref name="executable"/>; returns its output lines; throws <see cref="ProcessFailedException"/> on a non-zero exit.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool logOutput = true,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        var shown = SecretRedactor.Redact($"{executable} {string.Join(' ', args.Select(Quote))}");
        Log.Information("> {Command}", shown);
        var lines = new List<string>();
        var gate = new Lock();

        void Collect(string line, bool error)
        {
            var redacted = SecretRedactor.Redact(line);
            lock (gate)
                lines.Add(redacted);
            if (!logOutput)
                return;
            if (error)
                Log.Warning("{Line}", redacted);
            else
                Log.Information("{Line}", redacted);
        }

        var command = Cli.Wrap(executable)
            .WithArguments(args)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l => Collect(l, error: false), Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(l => Collect(l, error: true), Encoding.UTF8));
        if (workingDirectory is not null)
            command = command.WithWorkingDirectory(workingDirectory);
        if (environment is not null)
            command = command.WithEnvironmentVariables(environment);

        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProcessFailedException($"Could not start '{executable}': {e.Message}. Is it installed and on PATH?", -1, []);
        }

        if (result.ExitCode != 0)
        {
            List<string> tail;
            lock (gate)
                tail = lines.TakeLast(TailLines).ToList();
            throw new ProcessFailedException(
                $"'{shown}' exited with code {result.ExitCode}." + Environment.NewLine + "Last lines of output:" + Environment.NewLine +
                string.Join(Environment.NewLine, tail.Select(l => "  " + l)),
                result.ExitCode,
                tail);
        }

        return lines;
    }

    private static string Quote(string argument) => argument.Contains(' ') || argument.Length == 0 ? $"\"{argument}\"" : argument;
}
