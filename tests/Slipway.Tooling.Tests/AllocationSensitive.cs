namespace Slipway.Tooling.Tests;

/// <summary>Tests that measure allocations run while no other test does.</summary>
[CollectionDefinition(nameof(AllocationSensitive), DisableParallelization = true)]
public sealed class AllocationSensitive;
