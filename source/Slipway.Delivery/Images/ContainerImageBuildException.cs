namespace Slipway.Delivery.Images;

/// <summary>The daemon failed a build step; <see cref="Step"/> names it and the message carries the daemon's error.</summary>
public sealed class ContainerImageBuildException : Exception
{
    public ContainerImageBuildException(string message, string? step, string daemonMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        Step = step;
        DaemonMessage = daemonMessage;
    }

    public ContainerImageBuildException()
        : this("The image build failed.", null, string.Empty)
    {
    }

    public ContainerImageBuildException(string message)
        : this(message, null, string.Empty)
    {
    }

    public ContainerImageBuildException(string message, Exception innerException)
        : this(message, null, string.Empty, innerException)
    {
    }

    /// <summary>The failing step as the daemon printed it, e.g. "Step 2/9 : RUN make", or null before the first step.</summary>
    public string? Step { get; }

    /// <summary>The daemon's own error message.</summary>
    public string DaemonMessage { get; } = string.Empty;
}
