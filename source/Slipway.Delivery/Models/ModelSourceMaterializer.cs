namespace Slipway.Delivery.Models;

/// <summary>
/// Puts any model version together from its committed <c>models/&lt;name&gt;/&lt;version&gt;/model.json</c>: each file it
/// lists comes from the <see cref="ModelFileSource"/> of the same path — a resource of a restored NuGet package, or a
/// trained file in the version's own folder — and must have the SHA-256 the manifest records. What the registry's
/// <c>champion</c> aliases point at is what is served.
/// </summary>
public static class ModelSourceMaterializer
{
    /// <summary>
    /// Materialises every model's champion from <paramref name="repositoryModels"/> (<c>registry.json</c> and the
    /// manifests) into <paramref name="outputRoot"/>, and removes every other version there, so the folder holds exactly
    /// what is served: one folder per model.
    /// </summary>
    public static async Task<IReadOnlyList<MaterializedModel>> MaterializeChampionsAsync(
        string repositoryModels, string nugetPackagesRoot, string outputRoot, CancellationToken cancellationToken = default)
    {
        var registry = await ModelRegistryFile.ReadAsync(Path.Combine(repositoryModels, ModelRegistryFile.FileName), cancellationToken).ConfigureAwait(false);
        var champions = registry.Champions();
        if (champions.Count == 0)
        {
            throw new InvalidDataException(
                $"No model has a champion in '{Path.Combine(repositoryModels, ModelRegistryFile.FileName)}'; register a version (./build.sh Train) or point an alias at one (./build.sh Promote).");
        }

        var materialized = new List<MaterializedModel>();
        foreach (var (model, version) in champions)
        {
            var manifest = Path.Combine(repositoryModels, model, version, ModelManifestFile.FileName);
            if (!File.Exists(manifest))
            {
                throw new FileNotFoundException(
                    $"The champion of model '{model}' is version '{version}', but '{manifest}' does not exist; restore it from git or move the alias (./build.sh Promote).", manifest);
            }

            materialized.Add(await MaterializeAsync(manifest, nugetPackagesRoot, outputRoot, cancellationToken).ConfigureAwait(false));
        }

        RemoveOthers(outputRoot, champions);
        return materialized;
    }

    /// <summary>Materialises the version described by <paramref name="manifestPath"/> into <c>&lt;outputRoot&gt;/&lt;name&gt;/&lt;version&gt;/</c>.</summary>
    public static async Task<MaterializedModel> MaterializeAsync(string manifestPath, string nugetPackagesRoot, string outputRoot, CancellationToken cancellationToken = default)
    {
        var manifest = await ModelManifestFile.ReadAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        var sourceDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var directory = Path.GetFullPath(Path.Combine(outputRoot, manifest.Name, manifest.Version));
        Directory.CreateDirectory(directory);
        var sources = manifest.Sources ?? [];
        var unsourced = manifest.Files.Where(f => sources.All(s => s.Path != f.Path)).Select(f => $"'{f.Path}'").ToList();
        if (unsourced.Count > 0)
        {
            throw new InvalidDataException(
                $"Model manifest '{manifestPath}' lists {string.Join(", ", unsourced)} in 'files' without a 'sources' entry; " +
                "give each file a source: a NuGet package resource (package, packageVersion, resource) or trained: true.");
        }

        var reused = true;
        foreach (var file in manifest.Files)
        {
            var target = Path.Combine(directory, file.Path);
            if (File.Exists(target) && await ModelMaterializer.ComputeSha256Async(target, cancellationToken).ConfigureAwait(false) == file.Sha256)
            {
                continue;
            }

            reused = false;
            var source = sources.First(s => s.Path == file.Path);
            string actual;
            string from;
            if (source.Trained)
            {
                from = Path.Combine(sourceDirectory, file.Path);
                if (!File.Exists(from))
                {
                    throw new FileNotFoundException(
                        $"'{from}' is missing: model '{manifest.Name}' version '{manifest.Version}' is trained here and its weights are not in git; run ./build.sh Train to train them again.", from);
                }

                File.Copy(from, target, overwrite: true);
                actual = await ModelMaterializer.ComputeSha256Async(target, cancellationToken).ConfigureAwait(false);
            }
            else if (source is { Package: { } package, PackageVersion: { } packageVersion, Resource: { } resource })
            {
                from = ModelMaterializer.FindPackageAssembly(nugetPackagesRoot, package, packageVersion);
                actual = await EmbeddedResourceReader.ExtractAsync(from, resource, target, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new InvalidDataException(
                    $"The source of '{file.Path}' in '{manifestPath}' names neither a package resource (package, packageVersion, resource) nor trained: true.");
            }

            if (actual != file.Sha256)
            {
                File.Delete(target);
                throw new InvalidDataException(
                    $"'{file.Path}' of model '{manifest.Name}' version '{manifest.Version}' from '{from}' has SHA-256 {actual}, but the manifest records {file.Sha256}. " +
                    (source.Trained ? "The weights were replaced: run ./build.sh Train to train them again." : "The package cache holds a different or damaged build: delete that package folder and run 'dotnet restore' again."));
            }
        }

        var manifestTarget = Path.Combine(directory, ModelManifestFile.FileName);
        var expected = ModelManifestFile.Serialize(manifest);
        if (!File.Exists(manifestTarget) || await File.ReadAllTextAsync(manifestTarget, cancellationToken).ConfigureAwait(false) != expected)
        {
            reused = false;
            await ModelManifestFile.WriteAsync(manifestTarget, manifest, cancellationToken).ConfigureAwait(false);
        }

        return new MaterializedModel(manifest, directory, reused);
    }

    private static void RemoveOthers(string outputRoot, IReadOnlyList<(string Model, string Version)> champions)
    {
        foreach (var modelDirectory in Directory.GetDirectories(outputRoot))
        {
            var model = Path.GetFileName(modelDirectory);
            foreach (var versionDirectory in Directory.GetDirectories(modelDirectory))
            {
                if (!champions.Contains((model, Path.GetFileName(versionDirectory))))
                {
                    Directory.Delete(versionDirectory, recursive: true);
                }
            }

            if (Directory.GetFileSystemEntries(modelDirectory).Length == 0)
            {
                Directory.Delete(modelDirectory);
            }
        }
    }
}
