namespace Slipway.Delivery.Images;

/// <summary>
/// What the ContainerImage step builds: a self-contained linux-x64 publish directory and a model repository
/// on top of a base image. Immutable: <c>WithX</c> returns a changed copy; <see cref="Validate"/> lists every problem.
/// </summary>
public sealed record ContainerImageRequest
{
    /// <summary>The service binary inside the image.</summary>
    public const string ServiceBinary = "/app/Slipway.Serving";

    /// <summary>Output of <c>dotnet publish source/Slipway.Serving -c Release -r linux-x64 --self-contained -o &lt;dir&gt;</c>.</summary>
    public required string PublishDirectory { get; init; }

    /// <summary>The model repository (<c>&lt;name&gt;/&lt;version&gt;/model.json</c> + weights), copied to /models.</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>The base image reference (from <see cref="BaseImage.EnsureAsync"/>).</summary>
    public required string BaseImage { get; init; }

    /// <summary>How the base image was obtained; recorded in image.json.</summary>
    public BaseImagePath BasePath { get; init; } = BaseImagePath.Reused;

    /// <summary>Image repository, e.g. "slipway/serving" or "registry.example/slipway/serving".</summary>
    public string Repository { get; init; } = "slipway/serving";

    /// <summary>Version and commit; gives the version tag, the commit tag and the OCI labels.</summary>
    public required ImageVersion Version { get; init; }

    /// <summary>Also tag <c>latest</c>.</summary>
    public bool TagLatest { get; init; } = true;

    /// <summary>org.opencontainers.image.source, e.g. the repository URL.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// org.opencontainers.image.created, the config's and history's time and every file's mtime: the commit time
    /// (SOURCE_DATE_EPOCH) unless set, so two builds of one commit are identical.
    /// </summary>
    public DateTimeOffset Created
    {
        get => created ?? Version.CommitTime;
        init => created = value;
    }

    private readonly DateTimeOffset? created;

    /// <summary>Where image.json is written (the build passes artifacts/image). Null: not written.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The uid:gid the service runs as (the base image's "app" user).</summary>
    public string User { get; init; } = "1654:1654";

    /// <summary>More labels for the image's config (e.g. a test run's label).</summary>
    public IReadOnlyDictionary<string, string> BuildLabels { get; init; } = new Dictionary<string, string>();

    public ContainerImageRequest WithRepository(string repository) => this with { Repository = repository };

    public ContainerImageRequest WithSource(string? source) => this with { Source = source };

    public ContainerImageRequest WithOutputDirectory(string? directory) => this with { OutputDirectory = directory };

    public ContainerImageRequest WithCreated(DateTimeOffset created) => this with { Created = created };

    /// <summary>Tags in order: version, commit sha, latest.</summary>
    public IReadOnlyList<string> Tags => TagLatest ? [Version.DockerTag, Version.Commit, "latest"] : [Version.DockerTag, Version.Commit];

    /// <summary>
    /// Each model version directory (holding a model.json) under <see cref="ModelDirectory"/>, by its path relative to it
    /// ("minilm/1"), in ordinal order: one image layer each.
    /// </summary>
    public IReadOnlyList<(string Relative, string Directory)> ModelVersionDirectories() =>
        [.. Directory.EnumerateFiles(ModelDirectory, Models.ModelManifestFile.FileName, SearchOption.AllDirectories)
            .Select(manifest => Path.GetDirectoryName(manifest)!)
            .Select(directory => (Relative: Path.GetRelativePath(ModelDirectory, directory).Replace(Path.DirectorySeparatorChar, '/'), Directory: directory))
            .OrderBy(model => model.Relative, StringComparer.Ordinal)];

    /// <summary>Throws <see cref="ArgumentException"/> naming every problem and how to fix it.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Directory.Exists(PublishDirectory))
        {
            problems.Add($"Publish directory '{PublishDirectory}' does not exist; run 'dotnet publish source/Slipway.Serving -c Release -r linux-x64 --self-contained -o {PublishDirectory}' (the Publish target) first.");
        }
        else if (!File.Exists(Path.Combine(PublishDirectory, "Slipway.Serving")))
        {
            problems.Add($"Publish directory '{PublishDirectory}' has no 'Slipway.Serving' executable; publish self-contained for linux-x64 (-r linux-x64 --self-contained).");
        }

        if (!Directory.Exists(ModelDirectory))
        {
            problems.Add($"Model directory '{ModelDirectory}' does not exist; run the Model target to materialise the weights first.");
        }
        else if (!Directory.EnumerateFiles(ModelDirectory, Models.ModelManifestFile.FileName, SearchOption.AllDirectories).Any())
        {
            problems.Add($"Model directory '{ModelDirectory}' holds no {Models.ModelManifestFile.FileName}; it must be a model repository (<name>/<version>/model.json beside the weights).");
        }

        if (string.IsNullOrWhiteSpace(BaseImage))
        {
            problems.Add("Base image is empty; pass the reference returned by BaseImage.EnsureAsync.");
        }

        if (string.IsNullOrWhiteSpace(Repository) || Repository != Repository.ToLowerInvariant() || Repository.EndsWith(':'))
        {
            problems.Add($"Repository '{Repository}' must be a lower-case image name without a tag, e.g. 'slipway/serving'.");
        }

        foreach (var key in BuildLabels.Keys.Where(k => string.IsNullOrWhiteSpace(k) || k.StartsWith("org.opencontainers.image.", StringComparison.Ordinal) || k.StartsWith("org.slipway.model.", StringComparison.Ordinal)))
        {
            problems.Add($"Build label '{key}' is empty or one of the labels the image build sets itself (org.opencontainers.image.*, org.slipway.model.*); choose another name.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Cannot build the container image:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems));
        }
    }
}
