namespace Slipway.Training;

/// <summary>Training ran but its result is refused (the gate failed, or weights did not reproduce); the message says why.</summary>
public sealed class TrainingFailedException(string message) : Exception(message);
