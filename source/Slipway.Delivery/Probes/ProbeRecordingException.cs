namespace Slipway.Delivery.Probes;

/// <summary>The probes could not be recorded from the service; the message says which request failed and how.</summary>
public sealed class ProbeRecordingException(string message) : Exception(message);
