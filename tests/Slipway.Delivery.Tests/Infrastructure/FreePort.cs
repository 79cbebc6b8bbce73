using System.Net;
using System.Net.Sockets;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// A port on 127.0.0.1 that is free for TCP and UDP now and that no other caller in this process has been given. Ports come
/// from 20000–32767, below the kernel's ephemeral range (32768–60999), so a client connection made a moment later can
/// never be given the same port as its local end, as a port chosen by the OS (bind to 0) can.
/// </summary>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12768;
    private static int _next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
                return port;
        }

        throw new InvalidOperationException($"No free port on 127.0.0.1 in {First}–{First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new TcpListener(IPAddress.Loopback, port);
            tcp.Start();
            tcp.Stop();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
