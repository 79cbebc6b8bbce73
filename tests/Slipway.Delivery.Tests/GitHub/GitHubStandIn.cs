using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.GitHub;

/// <summary>
/// A local HTTP listener standing in for the GitHub REST API's deployment endpoints. It records every request
/// (method, path, auth header, body) and answers like GitHub; a wrong token gets 401 as from GitHub.
/// </summary>
public sealed class GitHubStandIn : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _token;
    private readonly Task _loop;
    private long _nextId = 4100;

    public GitHubStandIn(string token)
    {
        _token = token;
        var port = FreePort.Next();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath;
            var authorization = context.Request.Headers["Authorization"];
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, path, authorization, body.Length == 0 ? null : JsonNode.Parse(body)));

            var (status, answer) = Answer(context.Request.HttpMethod, path, authorization, body);
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int Status, string Body) Answer(string method, string path, string? authorization, string body)
    {
        if (authorization is null || !authorization.Equals("token " + _token, StringComparison.OrdinalIgnoreCase))
        {
            return (401, """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}""");
        }

        var segments = path.Trim('/').Split('/');
        if (method == "POST" && segments is ["repos", _, _, "deployments"])
        {
            var id = Interlocked.Increment(ref _nextId);
            var request = JsonNode.Parse(body)!;
            return (201, new JsonObject
            {
                ["id"] = id,
                ["url"] = $"{BaseUri}repos/{segments[1]}/{segments[2]}/deployments/{id}",
                ["sha"] = request["ref"]?.GetValue<string>(),
                ["ref"] = request["ref"]?.GetValue<string>(),
                ["environment"] = request["environment"]?.GetValue<string>(),
                ["created_at"] = "2026-01-01T00:00:00Z",
                ["updated_at"] = "2026-01-01T00:00:00Z",
            }.ToJsonString());
        }

        if (method == "POST" && segments is ["repos", _, _, "deployments", _, "statuses"])
        {
            var request = JsonNode.Parse(body)!;
            return (201, new JsonObject
            {
                ["id"] = Interlocked.Increment(ref _nextId),
                ["state"] = request["state"]?.GetValue<string>(),
                ["description"] = request["description"]?.GetValue<string>(),
                ["created_at"] = "2026-01-01T00:00:00Z",
                ["updated_at"] = "2026-01-01T00:00:00Z",
            }.ToJsonString());
        }

        return (404, """{"message":"Not Found"}""");
    }
}
