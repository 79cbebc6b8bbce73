namespace Slipway.Delivery.Monitoring;

/// <summary>Prometheus did not answer (refused, reset, timed out) or something else answered on its address.</summary>
public sealed class PrometheusUnavailableException(Uri address, string reason, Exception? innerException = null)
    : Exception(
        $"Prometheus at {address} cannot be used: {reason}. Check that the environment's monitoring stack runs "
        + $"('docker ps --filter label=org.slipway.role=monitoring') and answers ('curl {address}-/ready'); EnsureAsync starts it.",
        innerException)
{
    public Uri Address { get; } = address;

    public string Reason { get; } = reason;
}
