using System.Net.Http.Headers;

namespace Slipway.Delivery.Deployment.Gates;

/// <summary>The deploy's own requests to the service (gates, probes, probe load, smoke test), with its API key when the service has keys.</summary>
public static class ServiceRequest
{
    public static HttpRequestMessage Get(Uri uri, string? apiKey) => With(new HttpRequestMessage(HttpMethod.Get, uri), apiKey);

    public static HttpRequestMessage Post(Uri uri, HttpContent content, string? apiKey) => With(new HttpRequestMessage(HttpMethod.Post, uri) { Content = content }, apiKey);

    /// <summary>The gRPC metadata carrying the key; null without one.</summary>
    public static Grpc.Core.Metadata? GrpcHeaders(string? apiKey) => apiKey is null ? null : new Grpc.Core.Metadata { { "authorization", $"Bearer {apiKey}" } };

    private static HttpRequestMessage With(HttpRequestMessage request, string? apiKey)
    {
        if (apiKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return request;
    }
}
