namespace Slipway.Delivery.Engine;

/// <summary>Some Docker resources could not be removed; every other one was removed (or was already gone).</summary>
public sealed class DockerResourceRemovalException(IReadOnlyList<(DockerResource Resource, Exception Error)> failures)
    : Exception(Describe(failures), failures.Count == 1 ? failures[0].Error : new AggregateException(failures.Select(f => f.Error)))
{
    public IReadOnlyList<(DockerResource Resource, Exception Error)> Failures { get; } = failures;

    private static string Describe(IReadOnlyList<(DockerResource Resource, Exception Error)> failures) =>
        $"{failures.Count} Docker resource(s) could not be removed; everything else was. " +
        string.Join(" ", failures.Select(f => $"{f.Resource}: {f.Error.Message.Trim()}.")) +
        " Remove them by hand once whatever holds them is gone: " + string.Join("; ", failures.Select(f => f.Resource.RemoveCommand)) + ".";
}
