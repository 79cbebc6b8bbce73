namespace Slipway.Delivery.Engine;

/// <summary>No Docker engine answered and none could be provisioned. The message says how to get one.</summary>
public sealed class DockerEngineUnavailableException : Exception
{
    public DockerEngineUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public DockerEngineUnavailableException()
        : base("No Docker engine is available.")
    {
    }

    public DockerEngineUnavailableException(string message)
        : base(message)
    {
    }
}
