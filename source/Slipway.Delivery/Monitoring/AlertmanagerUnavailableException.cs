namespace Slipway.Delivery.Monitoring;

/// <summary>Alertmanager did not answer (refused, reset, timed out) or something else answered on its address.</summary>
public sealed class AlertmanagerUnavailableException(Uri address, string reason, Exception? innerException = null)
    : Exception(
        $"Alertmanager at {address} cannot be used: {reason}. Check that the environment's monitoring stack runs "
        + $"('docker ps --filter label=org.slipway.role=monitoring') and answers ('curl {address}-/ready'); EnsureAsync starts it.",
        innerException)
{
    public Uri Address { get; } = address;
}
