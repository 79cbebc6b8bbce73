using System.Diagnostics;
using Slipway.Delivery.Models;
using Slipway.Tooling;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// The real service, published once per test run the way the Publish target does it
/// (self-contained, linux-x64), and the real all-MiniLM-L6-v2 model repository beside it.
/// </summary>
public static class PublishedService
{
    private static readonly Lazy<Task<(string Publish, string Models)>> Shared = new(PrepareAsync);

    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"slipway-test-service-{Environment.ProcessId}");

    /// <summary>A directory with Slipway.Serving published for linux-x64, self-contained.</summary>
    public static async Task<string> PublishDirectoryAsync() => (await Shared.Value).Publish;

    /// <summary>A model repository holding minilm/1 (model.onnx, vocab.txt, model.json).</summary>
    public static async Task<string> ModelDirectoryAsync() => (await Shared.Value).Models;

    private static async Task<(string Publish, string Models)> PrepareAsync()
    {
        var publish = Path.Combine(Root, "publish");
        var models = Path.Combine(Root, "models");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(Root);
        DeleteLeftoversOfEndedRuns();

        var materialise = ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), models);
        var project = Path.Combine(RepositoryLayout.Root, "source", "Slipway.Serving");
        await ProcessTasks.RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", publish, "-nologo"], logOutput: false);
        await materialise;
        return (publish, models);
    }

    /// <summary>A test host that was killed never ran its exit handler; its folder is removed by the next run.</summary>
    private static void DeleteLeftoversOfEndedRuns()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), "slipway-test-service-*"))
        {
            if (int.TryParse(Path.GetFileName(directory)["slipway-test-service-".Length..], out var pid) && !IsRunning(pid))
            {
                DeleteQuietly(directory);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
