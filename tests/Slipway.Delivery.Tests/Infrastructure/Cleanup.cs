namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// Runs every cleanup step even when an earlier one fails, then throws one error naming each step that failed.
/// Steps treat "already gone" as done themselves (see <c>LabelledResources.RemoveAsync</c>).
/// </summary>
public sealed class Cleanup
{
    private readonly List<(string Step, Exception Error)> _failures = [];

    public async Task RunAsync(string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            _failures.Add((step, exception));
        }
    }

    public void Run(string step, Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            _failures.Add((step, exception));
        }
    }

    /// <summary>Deletes a directory tree; a directory that is already gone is done.</summary>
    public void DeleteDirectory(string path) => Run($"delete directory '{path}'", () =>
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    });

    public void ThrowIfAnyFailed()
    {
        if (_failures.Count == 0)
        {
            return;
        }

        throw new AggregateException(
            $"Test cleanup left something behind: {_failures.Count} step(s) failed, every other step ran. " +
            string.Join(" ", _failures.Select(f => $"[{f.Step}] {f.Error.Message}")),
            _failures.Select(f => f.Error));
    }
}
