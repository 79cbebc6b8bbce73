namespace Slipway.Delivery.Images;

/// <summary>A registry user and its secret password. <see cref="ToString"/> never shows the password.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    public override string ToString() => $"{Username} (password hidden)";

    /// <summary>Replaces every occurrence of the password in <paramref name="text"/>, for messages that quote a daemon.</summary>
    internal string Redact(string text) =>
        string.IsNullOrEmpty(Password) ? text : text.Replace(Password, "***", StringComparison.Ordinal);
}
