using System.Security.Cryptography;
using System.Text;

namespace Slipway.Training.Embedding;

/// <summary>
/// Vectors already computed, by SHA-256 of the text, in one file per encoder digest: a retraining embeds only the
/// rows that are new. A file that does not read back whole is ignored (and rewritten).
/// </summary>
public sealed class EmbeddingCache
{
    private readonly string? _path;
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private bool _changed;

    private EmbeddingCache(string? path) => _path = path;

    /// <summary>A cache that keeps nothing.</summary>
    public static EmbeddingCache None { get; } = new(null);

    public int Count => _vectors.Count;

    public static EmbeddingCache Open(string directory, string encoderDigest, int dimension)
    {
        Directory.CreateDirectory(directory);
        var cache = new EmbeddingCache(Path.Combine(directory, $"embeddings-{encoderDigest[..16]}-{dimension}.bin"));
        if (File.Exists(cache._path))
        {
            try
            {
                using var reader = new BinaryReader(File.OpenRead(cache._path));
                var count = reader.ReadInt32();
                for (var i = 0; i < count; i++)
                {
                    var key = Convert.ToHexStringLower(reader.ReadBytes(32));
                    var vector = new float[dimension];
                    for (var d = 0; d < dimension; d++)
                    {
                        vector[d] = reader.ReadSingle();
                    }

                    cache._vectors[key] = vector;
                }
            }
            catch (EndOfStreamException)
            {
                cache._vectors.Clear();
            }
        }

        return cache;
    }

    public float[] GetOrAdd(string text, Func<string, float[]> embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (!_vectors.TryGetValue(key, out var vector))
        {
            vector = embed(text);
            if (_path is not null)
            {
                _vectors[key] = vector;
                _changed = true;
            }
        }

        return vector;
    }

    public void Save()
    {
        if (_path is null || !_changed)
        {
            return;
        }

        var temporary = _path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(_vectors.Count);
            foreach (var (key, vector) in _vectors.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                writer.Write(Convert.FromHexString(key));
                foreach (var value in vector)
                {
                    writer.Write(value);
                }
            }
        }

        File.Move(temporary, _path, overwrite: true);
        _changed = false;
    }
}
