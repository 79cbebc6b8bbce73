using System.Collections.Concurrent;
using Slipway.Build.Execution;

namespace Slipway.Build.Tests;

/// <summary>A build whose targets record that they ran.</summary>
internal abstract class RecordingBuild : SlipwayBuild
{
    private readonly ConcurrentQueue<string> _ran = new();

    public IReadOnlyList<string> Ran => _ran.ToList();

    protected void Record(string name) => _ran.Enqueue(name);
}
