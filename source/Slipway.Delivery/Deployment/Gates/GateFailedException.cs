namespace Slipway.Delivery.Deployment.Gates;

/// <summary>A candidate did not pass a gate; <see cref="Gate"/> names which.</summary>
public sealed class GateFailedException(string gate, string message) : Exception(message)
{
    public string Gate { get; } = gate;
}
