using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// The label every container, network, volume, Swarm service and image the Delivery tests create carries:
/// <c>org.slipway.test=&lt;run&gt;</c>, the run being <c>SLIPWAY_TEST_RUN</c> when the build sets it, else one per test process.
/// After the run, <c>LabelledResources.ListAsync(docker, TestRun.Filter)</c> lists whatever leaked.
/// </summary>
public static class TestRun
{
    public const string EnvironmentVariable = "SLIPWAY_TEST_RUN";

    public static string Id { get; } =
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromBuild ? fromBuild : "run-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The label filter for this run: <c>org.slipway.test=&lt;run&gt;</c>.</summary>
    public static string Filter => $"{ContainerLabels.TestRun}={Id}";

    /// <summary>The label as a dictionary, for create parameters and requests.</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string> { [ContainerLabels.TestRun] = Id };

    public static Dictionary<string, string> LabelsWith(IDictionary<string, string>? more = null) =>
        new(Labels.Concat(more ?? new Dictionary<string, string>()));
}
