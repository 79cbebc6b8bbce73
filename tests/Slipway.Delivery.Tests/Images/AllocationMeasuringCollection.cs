namespace Slipway.Delivery.Tests.Images;

/// <summary>
/// Tests that measure the process's allocated bytes run alone: allocations of tests running in parallel would count too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuringCollection
{
    public const string Name = "Allocation measuring";
}
