namespace Slipway.Build.Parameters;

/// <summary>An encrypted parameter value that cannot be opened: wrong password, changed value or malformed text.</summary>
public sealed class SecretDecryptionException(string message) : Exception(message);
