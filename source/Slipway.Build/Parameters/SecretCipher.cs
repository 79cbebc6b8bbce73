using System.Security.Cryptography;
using System.Text;

namespace Slipway.Build.Parameters;

/// <summary>
/// The encrypted form of a secret parameter in <c>.nuke/parameters*.json</c>:
/// <c>enc:v1:&lt;iterations&gt;:&lt;salt&gt;:&lt;check&gt;:&lt;nonce&gt;:&lt;ciphertext+tag&gt;</c> (base64 parts). The 256-bit key is
/// PBKDF2-SHA256 of the password over a random 16-byte salt; the value is AES-256-GCM with a random 12-byte nonce and the
/// parameter's name as associated data, so a value moved to another parameter does not decrypt. <c>check</c> (8 bytes
/// of HMAC-SHA256 of the key) tells a wrong password from a changed value.
/// </summary>
public sealed class SecretCipher
{
    public const string Prefix = "enc:v1:";
    public const int DefaultIterations = 600_000;
    private const int SaltBytes = 16, NonceBytes = 12, TagBytes = 16, KeyBytes = 32, CheckBytes = 8;
    private static readonly byte[] CheckLabel = "slipway secrets password check"u8.ToArray();

    private readonly string _password;
    private readonly Dictionary<(string Salt, int Iterations), byte[]> _keys = [];

    public SecretCipher(string password)
    {
        if (string.IsNullOrEmpty(password))
            throw new SecretDecryptionException("The secrets password is empty. Set SLIPWAY_SECRETS_PASSWORD to the password the values were stored with.");
        _password = password;
    }

    public static bool IsEncrypted(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="parameterName"/>; values encrypted with one salt share one key derivation.</summary>
    public string Encrypt(string plaintext, string parameterName, byte[] salt, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(salt);
        var key = Key(salt, iterations);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[data.Length + TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
            aes.Encrypt(nonce, data, sealedBytes.AsSpan(0, data.Length), sealedBytes.AsSpan(data.Length), Encoding.UTF8.GetBytes(parameterName));
        CryptographicOperations.ZeroMemory(data);
        return string.Join(':', Prefix.TrimEnd(':'), iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(Check(key)), Convert.ToBase64String(nonce), Convert.ToBase64String(sealedBytes));
    }

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    /// <summary>The plaintext of an encrypted value; <paramref name="where"/> names the parameter and file in errors.</summary>
    public string Decrypt(string value, string parameterName, string where)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split(':');
        byte[] salt, check, nonce, sealedBytes;
        int iterations;
        try
        {
            if (parts.Length != 7 || !IsEncrypted(value))
                throw new FormatException("not seven ':'-separated parts");
            iterations = int.Parse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
            salt = Convert.FromBase64String(parts[3]);
            check = Convert.FromBase64String(parts[4]);
            nonce = Convert.FromBase64String(parts[5]);
            sealedBytes = Convert.FromBase64String(parts[6]);
            if (iterations is < 10_000 or > 10_000_000 || salt.Length != SaltBytes || check.Length != CheckBytes || nonce.Length != NonceBytes || sealedBytes.Length < TagBytes)
                throw new FormatException("a part has the wrong size");
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            throw new SecretDecryptionException($"{where} is not a well-formed encrypted value ({exception.Message}; expected {Prefix}<iterations>:<salt>:<check>:<nonce>:<ciphertext>). Store it again with ./build.sh --secrets {parameterName}.");
        }

        var key = Key(salt, iterations);
        if (!CryptographicOperations.FixedTimeEquals(Check(key), check))
            throw new SecretDecryptionException($"{where} cannot be decrypted: the secrets password is wrong. Set SLIPWAY_SECRETS_PASSWORD to the password it was stored with, or store it again with ./build.sh --secrets {parameterName}.");
        var data = new byte[sealedBytes.Length - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, data.Length), sealedBytes.AsSpan(data.Length), data, Encoding.UTF8.GetBytes(parameterName));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretDecryptionException($"{where} was changed after it was encrypted (or copied from another parameter): its AES-GCM tag does not match. Store it again with ./build.sh --secrets {parameterName}.");
        }

        var plaintext = Encoding.UTF8.GetString(data);
        CryptographicOperations.ZeroMemory(data);
        return plaintext;
    }

    private byte[] Key(byte[] salt, int iterations)
    {
        var id = (Convert.ToBase64String(salt), iterations);
        if (!_keys.TryGetValue(id, out var key))
        {
            key = Rfc2898DeriveBytes.Pbkdf2(_password, salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
            _keys[id] = key;
        }
        return key;
    }

    private static byte[] Check(byte[] key) => HMACSHA256.HashData(key, CheckLabel)[..CheckBytes];
}
