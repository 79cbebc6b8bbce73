using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Slipway.Serving.Configuration;

namespace Slipway.Serving.Hosting;

/// <summary>
/// Puts the gRPC address beside the REST addresses: Kestrel listens on both, HTTP/2 only (h2c) on the gRPC port, so <c>ASPNETCORE_URLS</c> (or <c>HTTP_PORTS</c>) keeps meaning what it always meant.
/// </summary>
public static class GrpcEndpoint
{
    /// <summary>The REST addresses ASP.NET Core would use: <c>urls</c>, else <c>http_ports</c>, else its default.</summary>
    public static string RestUrls(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls;
        }

        return configuration["http_ports"] is { Length: > 0 } ports
            ? string.Join(';', ports.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"http://*:{port}"))
            : "http://localhost:5000";
    }

    /// <summary>The gRPC URL's port, or null when gRPC is off; a malformed URL or one that takes a REST port refuses the start.</summary>
    public static int? Port(string? grpcUrl, string restUrls)
    {
        if (string.IsNullOrWhiteSpace(grpcUrl))
        {
            return null;
        }

        if (!Uri.TryCreate(grpcUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort || uri.AbsolutePath != "/")
        {
            throw Refuse($"{ServingOptions.Section}:GrpcUrl '{grpcUrl}' is not an http:// address with a port and no path; use e.g. 'http://127.0.0.1:8081', or an empty value to turn gRPC off.");
        }

        foreach (var rest in restUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = rest.LastIndexOf(':');
            var slash = rest.IndexOf('/', colon + 1);
            var port = colon > rest.IndexOf("//", StringComparison.Ordinal) ? rest[(colon + 1)..(slash < 0 ? rest.Length : slash)] : null;
            if (port == uri.Port.ToString(CultureInfo.InvariantCulture))
            {
                throw Refuse($"{ServingOptions.Section}:GrpcUrl '{grpcUrl}' uses port {uri.Port}, which REST already listens on ('{rest}'); give gRPC a port of its own.");
            }
        }

        return uri.Port;
    }

    /// <summary>Adds the gRPC address to the server's addresses and makes its endpoint HTTP/2 only.</summary>
    public static WebApplicationBuilder AddGrpcEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var grpcUrl = builder.Configuration[$"{ServingOptions.Section}:{nameof(ServingOptions.GrpcUrl)}"] ?? new ServingOptions().GrpcUrl;
        var restUrls = RestUrls(builder.Configuration);
        if (Port(grpcUrl, restUrls) is not { } port)
        {
            return builder;
        }

        builder.WebHost.UseUrls($"{restUrls};{grpcUrl}");
        builder.Services.AddOptions<KestrelServerOptions>().Configure(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            if (listen.IPEndPoint?.Port == port)
            {
                listen.Protocols = HttpProtocols.Http2;
            }
        }));
        return builder;
    }

    private static OptionsValidationException Refuse(string message) =>
        new(ServingOptions.Section, typeof(ServingOptions), [message]);
}
