namespace Slipway.Delivery.Images;

/// <summary>Which local image tags go to which registry. Immutable; <see cref="Validate"/> lists every problem.</summary>
public sealed record PushRequest
{
    /// <summary>Registry host[:port], e.g. "registry.example.com" or "127.0.0.1:5000".</summary>
    public required string Registry { get; init; }

    /// <summary>The local repository, e.g. "slipway/serving".</summary>
    public required string Repository { get; init; }

    /// <summary>The tags to push (all of the built image's tags).</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>User and password; null for an open registry.</summary>
    public RegistryCredentials? Credentials { get; init; }

    /// <summary>The repository path inside the registry; null: the same as <see cref="Repository"/>.</summary>
    public string? TargetRepository { get; init; }

    /// <summary>Where push.json (references and digests) is written (the build passes artifacts/image). Null: not written.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>"registry/path" without a tag.</summary>
    public string RemoteRepository => $"{Registry.TrimEnd('/')}/{TargetRepository ?? Repository}";

    /// <summary>A request for every tag of a built image.</summary>
    public static PushRequest For(ContainerImageResult image, string registry, RegistryCredentials? credentials = null) => new()
    {
        Registry = registry,
        Repository = image.Repository,
        Tags = image.Tags,
        Credentials = credentials,
    };

    public PushRequest WithCredentials(RegistryCredentials? credentials) => this with { Credentials = credentials };

    public PushRequest WithOutputDirectory(string? directory) => this with { OutputDirectory = directory };

    public PushRequest WithTargetRepository(string? repository) => this with { TargetRepository = repository };

    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Registry) || Registry.Contains("://", StringComparison.Ordinal) || Registry.Any(char.IsWhiteSpace))
        {
            problems.Add($"Registry '{Registry}' must be a host with an optional port and no scheme, e.g. 'registry.example.com' or '127.0.0.1:5000'.");
        }

        if (string.IsNullOrWhiteSpace(Repository) || Repository.Contains(':', StringComparison.Ordinal))
        {
            problems.Add($"Repository '{Repository}' must be a local image name without a tag, e.g. 'slipway/serving'.");
        }

        if (Tags.Count == 0)
        {
            problems.Add("No tags to push; pass the tags of the built image (image.json 'tags').");
        }

        if (Credentials is { } credentials && (string.IsNullOrWhiteSpace(credentials.Username) || string.IsNullOrEmpty(credentials.Password)))
        {
            problems.Add("Registry credentials need both a user and a password (or leave both unset for an open registry).");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Cannot push the image:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems));
        }
    }
}
