using System.Security.Cryptography;
using System.Text;

namespace Slipway.Delivery.Images;

/// <summary>
/// How to bootstrap an image from Debian packages with mmdebstrap: suite, packages, trimming, final touches.
/// The image tag is derived from a hash of everything here (and the apt sources), so an unchanged recipe
/// reuses its image. Immutable: <c>WithX</c> returns a changed copy.
/// </summary>
/// <example>
/// <code>var edge = BaseImageRecipe.DotNetRuntimeDeps.WithRepository("slipway/edge").WithPackages("nginx-light");</code>
/// </example>
public sealed record BaseImageRecipe
{
    /// <summary>Bump when the bootstrap procedure itself changes in a way that changes its output.</summary>
    private const int ProcedureVersion = 1;

    // The defaults come first: static initialisers run in textual order and the recipe below uses them.
    /// <summary>Files dpkg never unpacks: documentation, man pages, locales.</summary>
    public static IReadOnlyList<string> DefaultPathExcludes { get; } =
    [
        "/usr/share/doc/*", "/usr/share/man/*", "/usr/share/info/*", "/usr/share/locale/*",
        "/usr/share/lintian/*", "/usr/share/linda/*", "/usr/share/doc-base/*", "/usr/share/bug/*",
    ];

    /// <summary>Removed after installation: apt and dpkg caches and logs that only make the image bigger.</summary>
    public static IReadOnlyList<string> DefaultTrimCommands { get; } =
    [
        "rm -rf \"$1\"/var/lib/apt/lists/* \"$1\"/var/cache/apt/* \"$1\"/var/cache/debconf/*-old \"$1\"/var/lib/dpkg/*-old",
        "rm -rf \"$1\"/var/log/* \"$1\"/usr/lib/x86_64-linux-gnu/gconv \"$1\"/usr/share/doc/* \"$1\"/usr/share/man/* \"$1\"/usr/share/locale/*",
    ];

    /// <summary>The equivalent of mcr.microsoft.com/dotnet/runtime-deps:10.0 (bookworm), with its "app" user (uid 1654).</summary>
    public static BaseImageRecipe DotNetRuntimeDeps { get; } = new()
    {
        Repository = "slipway/base",
        Suite = "bookworm",
        Packages = ["ca-certificates", "libc6", "libgcc-s1", "libicu72", "libssl3", "libstdc++6", "tzdata", "zlib1g"],
        CustomizeCommands =
        [
            "echo 'app:x:1654:1654:app:/home/app:/usr/sbin/nologin' >> \"$1/etc/passwd\"",
            "echo 'app:x:1654:' >> \"$1/etc/group\"",
            "echo 'app:!:19000:0:99999:7:::' >> \"$1/etc/shadow\"",
            "mkdir -p \"$1/home/app\" && chown 1654:1654 \"$1/home/app\"",
        ],
        ImageChanges =
        [
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "ENV APP_UID=1654",
            "CMD [\"/bin/bash\"]",
        ],
    };

    /// <summary>Image repository the bootstrapped image is tagged into, e.g. "slipway/base".</summary>
    public string Repository { get; init; } = "slipway/base";

    /// <summary>Debian suite, e.g. "bookworm".</summary>
    public string Suite { get; init; } = "bookworm";

    /// <summary>mmdebstrap variant.</summary>
    public string Variant { get; init; } = "minbase";

    /// <summary>deb822 apt sources used for the bootstrap; its content is part of the recipe hash.</summary>
    public string SourcesFile { get; init; } = "/etc/apt/sources.list.d/debian.sources";

    /// <summary>Packages installed on top of the variant.</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    /// <summary>dpkg path-exclude patterns.</summary>
    public IReadOnlyList<string> PathExcludes { get; init; } = DefaultPathExcludes;

    /// <summary>Shell commands run as mmdebstrap customize hooks ($1 is the root directory), before trimming.</summary>
    public IReadOnlyList<string> CustomizeCommands { get; init; } = [];

    /// <summary>Shell commands run last to remove files ($1 is the root directory).</summary>
    public IReadOnlyList<string> TrimCommands { get; init; } = DefaultTrimCommands;

    /// <summary>Dockerfile instructions applied on import (ENV, CMD, USER, EXPOSE…).</summary>
    public IReadOnlyList<string> ImageChanges { get; init; } = [];

    public BaseImageRecipe WithRepository(string repository) => this with { Repository = repository };

    public BaseImageRecipe WithSuite(string suite) => this with { Suite = suite };

    public BaseImageRecipe WithSourcesFile(string sourcesFile) => this with { SourcesFile = sourcesFile };

    public BaseImageRecipe WithPackages(params string[] packages) => this with { Packages = [.. Packages, .. packages] };

    public BaseImageRecipe WithPathExcludes(params string[] patterns) => this with { PathExcludes = [.. PathExcludes, .. patterns] };

    public BaseImageRecipe WithCustomizeCommands(params string[] commands) => this with { CustomizeCommands = [.. CustomizeCommands, .. commands] };

    public BaseImageRecipe WithTrimCommands(params string[] commands) => this with { TrimCommands = [.. TrimCommands, .. commands] };

    public BaseImageRecipe WithImageChanges(params string[] changes) => this with { ImageChanges = [.. ImageChanges, .. changes] };

    /// <summary>Checks the recipe; throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Repository) || Repository != Repository.ToLowerInvariant() || Repository.Contains(':', StringComparison.Ordinal))
        {
            problems.Add($"Repository '{Repository}' must be a lower-case image name without a tag, e.g. 'slipway/base'.");
        }

        if (string.IsNullOrWhiteSpace(Suite))
        {
            problems.Add("Suite is empty; name a Debian suite, e.g. 'bookworm'.");
        }

        if (!File.Exists(SourcesFile))
        {
            problems.Add($"Apt sources file '{SourcesFile}' does not exist; point SourcesFile at a deb822 .sources file (e.g. /etc/apt/sources.list.d/debian.sources).");
        }

        foreach (var package in Packages.Where(package => string.IsNullOrWhiteSpace(package) || package.Any(char.IsWhiteSpace) || package.Contains(',', StringComparison.Ordinal)))
        {
            problems.Add($"Package '{package}' is not a single Debian package name.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"The base image recipe for '{Repository}' is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems));
        }
    }

    /// <summary>The first 12 hex digits of the SHA-256 of the recipe and its apt sources.</summary>
    public string ComputeHash()
    {
        var canonical = new StringBuilder()
            .Append("procedure=").Append(ProcedureVersion).Append('\n')
            .Append("suite=").Append(Suite).Append('\n')
            .Append("variant=").Append(Variant).Append('\n')
            .Append("packages=").AppendJoin(',', Packages.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)).Append('\n')
            .Append("excludes=").AppendJoin('\n', PathExcludes).Append('\n')
            .Append("customize=").AppendJoin('\n', CustomizeCommands).Append('\n')
            .Append("trim=").AppendJoin('\n', TrimCommands).Append('\n')
            .Append("changes=").AppendJoin('\n', ImageChanges).Append('\n')
            .Append("sources=").Append(File.Exists(SourcesFile) ? File.ReadAllText(SourcesFile) : SourcesFile).Append('\n');
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()));
        return Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>The tag, e.g. "bookworm-0123456789ab".</summary>
    public string ComputeTag() => $"{Suite}-{ComputeHash()}";

    /// <summary>The full reference, e.g. "slipway/base:bookworm-0123456789ab".</summary>
    public string ComputeReference() => $"{Repository}:{ComputeTag()}";

    /// <summary>The mmdebstrap arguments that write the root file system as a tar stream to stdout.</summary>
    public IReadOnlyList<string> ToMmdebstrapArguments()
    {
        var arguments = new List<string>
        {
            $"--variant={Variant}",
            "--format=tar",
            "--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr",
            "--aptopt=APT::Install-Recommends \"false\"",
        };
        if (Packages.Count > 0)
        {
            arguments.Add("--include=" + string.Join(',', Packages.Distinct(StringComparer.Ordinal)));
        }

        arguments.AddRange(PathExcludes.Select(pattern => $"--dpkgopt=path-exclude={pattern}"));
        arguments.AddRange(CustomizeCommands.Concat(TrimCommands).Select(command => $"--customize-hook={command}"));
        arguments.AddRange([Suite, "-", SourcesFile]);
        return arguments;
    }
}
