namespace Slipway.Delivery.Smoke;

/// <summary>The smoke test could not run, or too many of its requests failed.</summary>
public sealed class SmokeTestFailedException : Exception
{
    public SmokeTestFailedException(string message)
        : base(message)
    {
    }

    public SmokeTestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
