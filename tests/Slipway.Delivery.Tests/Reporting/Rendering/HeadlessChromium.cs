using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Tooling;

namespace Slipway.Delivery.Tests.Reporting.Rendering;

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools Protocol (one browser WebSocket, flattened target sessions).
/// Every instance has its own profile folder and debugging port (port 0: Chromium picks a free one).
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly LongRunningProcess _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private int _nextId;

    private HeadlessChromium(LongRunningProcess process, string profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _receiver = Task.Run(ReceiveAsync);
    }

    /// <summary>Events of every session: (session id, method, params).</summary>
    public ConcurrentQueue<(string? Session, string Method, JsonElement Params)> Events { get; } = new();

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(Executable))
            throw new FileNotFoundException($"Chromium is not installed at {Executable}; install it with 'apt-get install chromium'.", Executable);
        var profile = Directory.CreateTempSubdirectory("slipway-chromium-").FullName;
        var process = LongRunningProcess.Start(Executable,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        ]);

        // Chromium writes its port and browser path to DevToolsActivePort once it listens.
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + StartTimeout;
        string[] lines = [];
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (File.Exists(portFile) && (lines = await File.ReadAllLinesAsync(portFile)).Length >= 2)
                break;
            await Task.Delay(100);
        }
        if (lines.Length < 2)
        {
            var exited = process.HasExited;
            await process.DisposeAsync();
            throw new InvalidOperationException(
                $"Chromium did not open its DevTools port within {StartTimeout.TotalSeconds} s (exited: {exited}). Its output:\n{string.Join('\n', process.Output)}");
        }
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), CancellationToken.None);
        return new HeadlessChromium(process, profile, socket);
    }

    /// <summary>Opens a new tab and returns its session.</summary>
    public async Task<ChromiumPage> NewPageAsync()
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true });
        var page = new ChromiumPage(this, attached.GetProperty("sessionId").GetString()!);
        await page.EnableAsync();
        return page;
    }

    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, string? session = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session is not null)
            message["sessionId"] = session;
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                    continue;
                using var document = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                var root = document.RootElement;
                if (root.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var answer))
                {
                    if (root.TryGetProperty("error", out var error))
                        answer.SetException(new InvalidOperationException($"DevTools error: {error.GetRawText()}"));
                    else
                        answer.SetResult(root.GetProperty("result").Clone());
                }
                else if (root.TryGetProperty("method", out var method))
                {
                    var session = root.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
                    Events.Enqueue((session, method.GetString()!, root.TryGetProperty("params", out var p) ? p.Clone() : default));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var pending in _pending.Values)
            pending.TrySetCanceled();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await SendAsync("Browser.close").WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or WebSocketException or TaskCanceledException)
        {
        }
        _stop.Cancel();
        await _receiver;
        _socket.Dispose();
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                // Still running after Browser.close: disposing kills it.
            }
        }

        await _process.DisposeAsync();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's last writes can race the delete; a leftover temp profile is harmless.
        }
    }
}
