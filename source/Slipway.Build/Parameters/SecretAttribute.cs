namespace Slipway.Build.Parameters;

/// <summary>Marks a parameter as a secret: its value is redacted everywhere and never written to files.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
