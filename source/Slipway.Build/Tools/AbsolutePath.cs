namespace Slipway.Build.Tools;

/// <summary>An absolute, normalised file system path with <c>/</c> to join: <c>RootDirectory / "artifacts" / "report"</c>.</summary>
public sealed class AbsolutePath : IEquatable<AbsolutePath>
{
    private readonly string _path;

    private AbsolutePath(string path) => _path = path;

    public static AbsolutePath Create(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("A path must not be empty.", nameof(path));
        var full = Path.GetFullPath(path);
        return new AbsolutePath(full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full);
    }

    public static AbsolutePath operator /(AbsolutePath left, string right) => Create(Path.Combine(left._path, right));

    public static implicit operator string(AbsolutePath path) => path._path;

    public static bool operator ==(AbsolutePath? left, AbsolutePath? right) => Equals(left, right);

    public static bool operator !=(AbsolutePath? left, AbsolutePath? right) => !Equals(left, right);

    public string Name => Path.GetFileName(_path);

    public AbsolutePath Parent => Create(Path.GetDirectoryName(_path) ?? _path);

    public bool FileExists() => File.Exists(_path);

    public bool DirectoryExists() => Directory.Exists(_path);

    public bool Exists() => FileExists() || DirectoryExists();

    public AbsolutePath CreateDirectory()
    {
        Directory.CreateDirectory(_path);
        return this;
    }

    public void DeleteDirectory()
    {
        if (Directory.Exists(_path))
            Directory.Delete(_path, recursive: true);
    }

    public void DeleteFile()
    {
        if (File.Exists(_path))
            File.Delete(_path);
    }

    public string ReadAllText() => File.ReadAllText(_path);

    public void WriteAllText(string content)
    {
        Parent.CreateDirectory();
        File.WriteAllText(_path, content);
    }

    /// <summary>The path relative to <paramref name="root"/>, with forward slashes.</summary>
    public string RelativeTo(AbsolutePath root) => Path.GetRelativePath(root, _path).Replace('\\', '/');

    /// <summary>Files under this directory matching the globs (Microsoft.Extensions.FileSystemGlobbing).</summary>
    public IReadOnlyList<AbsolutePath> GlobFiles(params string[] patterns) => Globbing.Files(this, patterns);

    public bool Equals(AbsolutePath? other) => other is not null && string.Equals(_path, other._path, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AbsolutePath other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_path);

    public override string ToString() => _path;
}
