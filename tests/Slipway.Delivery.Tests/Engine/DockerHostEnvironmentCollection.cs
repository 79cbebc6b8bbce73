namespace Slipway.Delivery.Tests.Engine;

/// <summary>Tests that change process-wide environment variables: run alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(DockerHostEnvironmentTests), DisableParallelization = true)]
public sealed class DockerHostEnvironmentCollection;
