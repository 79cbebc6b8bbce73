namespace Slipway.Build.Execution;

/// <summary>The build was invoked wrongly or its target graph is invalid; nothing ran. Exit code 2.</summary>
public sealed class BuildUsageException(string message) : Exception(message);
