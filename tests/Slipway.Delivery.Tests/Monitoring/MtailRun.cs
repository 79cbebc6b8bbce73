namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>Arguments for a test's own mtail run.</summary>
public static class MtailRun
{
    /// <summary>mtail opens its HTTP port even to compile or for a one-shot run; these keep it on 127.0.0.1 and a port the kernel picks.</summary>
    public static readonly string[] LoopbackOnly = ["--address", "127.0.0.1", "--port", "0"];
}
