using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>
/// A small HTTP server on 127.0.0.1 (a scrape target, a webhook receiver, a fake API) that answers with what the test
/// says and records every request. Disposing stops it.
/// </summary>
public sealed class HttpStandIn : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<RecordedRequest, StandInAnswer> _answer;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _loop;

    private HttpStandIn(HttpListener listener, int port, Func<RecordedRequest, StandInAnswer> answer)
    {
        _listener = listener;
        _answer = answer;
        Port = port;
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>host:port, as a scrape target names it.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public Uri Url => new($"http://{Address}/");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static HttpStandIn Start(Func<RecordedRequest, StandInAnswer> answer)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new HttpStandIn(listener, port, answer);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // another test took the port between FreePort and Start: take another
                listener.Close();
            }
        }
    }

    /// <summary>Answers every request with Prometheus text.</summary>
    public static HttpStandIn Metrics(string text) => Start(_ => StandInAnswer.Text(text));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task ServeAsync()
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

            try
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var recorded = new RecordedRequest(context.Request.HttpMethod, context.Request.Url?.PathAndQuery ?? "", context.Request.Headers["Authorization"], await reader.ReadToEndAsync(), context.Request.ContentType);
                _requests.Enqueue(recorded);
                var answer = _answer(recorded);
                var body = Encoding.UTF8.GetBytes(answer.Body);
                context.Response.StatusCode = answer.Status;
                context.Response.ContentType = answer.ContentType;
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // the client went away
            }
        }
    }
}

public sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body, string? ContentType = null);

public sealed record StandInAnswer(int Status, string ContentType, string Body)
{
    public static StandInAnswer Text(string body, int status = 200) => new(status, "text/plain; version=0.0.4", body);

    public static StandInAnswer Json(string body, int status = 200) => new(status, "application/json", body);
}
