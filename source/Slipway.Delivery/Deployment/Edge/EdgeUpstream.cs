using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Delivery.Deployment.Edge;

/// <summary>
/// What the edge routes to: the stable version (its colour and backends, host:port) and, during a canary, a share of the
/// traffic for the candidate (<see cref="Canary"/>). REST goes to <see cref="Servers"/>, gRPC to <see cref="GrpcServers"/>.
/// </summary>
public sealed partial record EdgeUpstream(string Colour, IReadOnlyList<string> Servers)
{
    /// <summary>The candidate's backends and share of traffic while a canary step runs; null when one version takes everything.</summary>
    public EdgeCanary? Canary { get; init; }

    /// <summary>The stable colour's gRPC backends (host:port); empty when it speaks no gRPC.</summary>
    public IReadOnlyList<string> GrpcServers { get; init; } = [];

    /// <summary>Whether any colour the edge routes to speaks gRPC (then the edge has its gRPC listener).</summary>
    public bool RoutesGrpc => GrpcServers.Count > 0 || Canary?.GrpcServers.Count > 0;

    /// <param name="grpcPort">The backend's gRPC port; null when it speaks no gRPC.</param>
    public static EdgeUpstream Local(string colour, int port, int? grpcPort = null) =>
        new(colour, [LocalServer(port)]) { GrpcServers = grpcPort is { } grpc ? [LocalServer(grpc)] : [] };

    public static string LocalServer(int port) => $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The port of a single local backend of the stable colour (the engine backend), else null.</summary>
    public int? LocalPort =>
        Servers.Count == 1 && Servers[0].StartsWith("127.0.0.1:", StringComparison.Ordinal)
            ? int.Parse(Servers[0]["127.0.0.1:".Length..], CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// This upstream with <paramref name="percent"/> of the traffic sent to the candidate: 0 routes everything to the stable
    /// colour, 100 everything to the candidate (which then is the stable colour). The candidate's gRPC backends
    /// (<paramref name="grpcServers"/>) get the same share of the gRPC calls.
    /// </summary>
    public EdgeUpstream WithCanary(string colour, IReadOnlyList<string> servers, int percent, IReadOnlyList<string>? grpcServers = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        return percent switch
        {
            0 => this with { Canary = null },
            100 => new EdgeUpstream(colour, servers) { GrpcServers = grpcServers ?? [] },
            _ => this with { Canary = new EdgeCanary(colour, servers, percent) { GrpcServers = grpcServers ?? [] } },
        };
    }

    /// <summary>Every colour the edge routes to now, with its share in percent.</summary>
    public IReadOnlyDictionary<string, int> Weights =>
        Canary is null
            ? new Dictionary<string, int> { [Colour] = 100 }
            : new Dictionary<string, int> { [Colour] = 100 - Canary.Percent, [Canary.Colour] = Canary.Percent };

    /// <summary>Reads the routing back from a file written by <see cref="NginxConfig.Upstream"/>.</summary>
    public static EdgeUpstream? Parse(string upstreamFile)
    {
        var colour = ColourLine().Match(upstreamFile);
        if (!colour.Success)
        {
            return null;
        }

        var blocks = UpstreamBlock().Matches(upstreamFile).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        var servers = ServersOf(blocks.GetValueOrDefault(NginxConfig.UpstreamName, ""));
        var grpcServers = ServersOf(blocks.GetValueOrDefault(NginxConfig.GrpcUpstreamName, ""));
        var upstream = new EdgeUpstream(colour.Groups[1].Value, [.. servers.Where(s => !s.Canary).Select(s => s.Server)])
        {
            GrpcServers = [.. grpcServers.Where(s => !s.Canary).Select(s => s.Server)],
        };
        var canary = CanaryLine().Match(upstreamFile);
        return canary.Success
            ? upstream with
            {
                Canary = new EdgeCanary(canary.Groups[1].Value, [.. servers.Where(s => s.Canary).Select(s => s.Server)], int.Parse(canary.Groups[2].Value, CultureInfo.InvariantCulture))
                {
                    GrpcServers = [.. grpcServers.Where(s => s.Canary).Select(s => s.Server)],
                },
            }
            : upstream;
    }

    private static List<(string Server, bool Canary)> ServersOf(string block) =>
        ServerLine().Matches(block).Select(m => (Server: m.Groups[1].Value, Canary: m.Groups[2].Success)).ToList();

    [GeneratedRegex(@"^upstream ([a-z_]+) \{\n(.*?)^\}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex UpstreamBlock();

    [GeneratedRegex("^# slipway colour=([a-z0-9-]+)$", RegexOptions.Multiline)]
    private static partial Regex ColourLine();

    [GeneratedRegex("^# slipway canary=([a-z0-9-]+) percent=([0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex CanaryLine();

    [GeneratedRegex(@"^\s*server\s+([^\s;]+)[^;]*;( # canary)?", RegexOptions.Multiline)]
    private static partial Regex ServerLine();
}
