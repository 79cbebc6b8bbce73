namespace Slipway.Pipeline;

public enum Configuration
{
    Debug,
    Release,
}
