using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Delivery.Deployment.Edge;

/// <summary>The version the edge points at: its colour and its backends (host:port).</summary>
public sealed partial record EdgeUpstream(string Colour, IReadOnlyList<string> Servers)
{
    public static EdgeUpstream Local(string colour, int port) => new(colour, [$"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"]);

    /// <summary>The port of a single local backend (the engine backend), else null.</summary>
    public int? LocalPort =>
        Servers.Count == 1 && Servers[0].StartsWith("127.0.0.1:", StringComparison.Ordinal)
            ? int.Parse(Servers[0]["127.0.0.1:".Length..], CultureInfo.InvariantCulture)
            : null;

    /// <summary>Reads the colour and servers back from a file written by <see cref="NginxConfig.Upstream"/>.</summary>
    public static EdgeUpstream? Parse(string upstreamFile)
    {
        var colour = ColourLine().Match(upstreamFile);
        if (!colour.Success)
        {
            return null;
        }

        var servers = ServerLine().Matches(upstreamFile).Select(m => m.Groups[1].Value).ToList();
        return new EdgeUpstream(colour.Groups[1].Value, servers);
    }

    [GeneratedRegex("^# slipway colour=([a-z0-9-]+)$", RegexOptions.Multiline)]
    private static partial Regex ColourLine();

    [GeneratedRegex(@"^\s*server\s+([^\s;]+)[^;]*;", RegexOptions.Multiline)]
    private static partial Regex ServerLine();
}
