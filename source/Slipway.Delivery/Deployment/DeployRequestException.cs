namespace Slipway.Delivery.Deployment;

/// <summary>The deploy request itself is wrong (a usage error: exit code 2). The message lists every problem.</summary>
public sealed class DeployRequestException(IReadOnlyList<string> problems)
    : Exception("The deploy request is not valid:" + System.Environment.NewLine + string.Join(System.Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
