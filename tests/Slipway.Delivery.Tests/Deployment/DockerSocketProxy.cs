using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>A Unix socket that forwards to the Docker engine's socket until <see cref="Cut"/> drops every connection.</summary>
public sealed class DockerSocketProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _target;
    private readonly string _path;
    private readonly ConcurrentBag<Socket> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    private DockerSocketProxy(string target)
    {
        _target = target;
        _path = Path.Combine(Path.GetTempPath(), $"slipway-engine-proxy-{Guid.NewGuid():N}.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(_path));
        _listener.Listen(64);
        _accepting = Task.Run(AcceptAsync);
    }

    public string Endpoint => "unix://" + _path;

    public static DockerSocketProxy Start(string target) => new(target);

    /// <summary>The engine "stops": the socket disappears and every open connection is reset.</summary>
    public void Cut()
    {
        _cut = true;
        _listener.Close();
        File.Delete(_path); // a missing file is fine
        foreach (var socket in _open)
        {
            try
            {
                socket.Close(0);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
            {
                // already closed by its peer: done
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_cut)
        {
            Cut();
        }

        await _accepting;
    }

    private async Task AcceptAsync()
    {
        while (!_cut)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }

            var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await engine.ConnectAsync(new UnixDomainSocketEndPoint(_target));
            }
            catch (SocketException)
            {
                // the engine itself is unreachable: the client sees its connection reset, as with no proxy
                engine.Dispose();
                client.Close(0);
                continue;
            }

            _open.Add(client);
            _open.Add(engine);
            _ = PumpAsync(client, engine);
            _ = PumpAsync(engine, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }
}
