using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Slipway.Training.Data;

public enum DataSplit
{
    Train,
    Validation,
    Test,
}

/// <summary>
/// The fixed split: the first four bytes of SHA-256(UTF-8 id), big-endian, modulo 100 — 0–69 train, 70–84 validation,
/// 85–99 test. A row's split depends on its id alone, so adding rows never moves the old ones.
/// </summary>
public static class DataSplits
{
    public const string Description = "sha256(id)[0..4] big-endian mod 100: 0-69 train, 70-84 validation, 85-99 test";

    public static DataSplit Of(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var bucket = Bucket(id);
        return bucket < 70 ? DataSplit.Train : bucket < 85 ? DataSplit.Validation : DataSplit.Test;
    }

    public static int Bucket(string id)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(id), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % 100);
    }
}
