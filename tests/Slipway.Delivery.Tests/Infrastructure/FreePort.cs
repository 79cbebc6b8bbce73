using System.Net;
using System.Net.Sockets;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// Ports on 127.0.0.1 for the tests, below the kernel's ephemeral range (32768–60999), so a client connection made a
/// moment later can never be given one as its local end (as a port chosen by the OS with bind to 0 can). Single ports
/// (26000–32767) and blocks of 32 (20000–25999, for a deploy's service containers, which take the first free port of
/// their block upwards) come from separate ranges, each handed out once per process, so a scan through a block never
/// lands on a port another test was given.
/// </summary>
public static class FreePort
{
    private const int BlockSize = 32;
    private const int BlocksFirst = 20000;
    private const int BlockCount = (26000 - BlocksFirst) / BlockSize;
    private const int SinglesFirst = 26000;
    private const int SinglesCount = 32768 - SinglesFirst;

    private static int _nextSingle = Random.Shared.Next(SinglesCount);
    private static int _nextBlock = Random.Shared.Next(BlockCount);

    /// <summary>One port, free for TCP and UDP now.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < SinglesCount; attempt++)
        {
            var port = SinglesFirst + (int)((uint)Interlocked.Increment(ref _nextSingle) % SinglesCount);
            if (IsFree(port))
                return port;
        }

        throw new InvalidOperationException($"No free port on 127.0.0.1 in {SinglesFirst}–{SinglesFirst + SinglesCount - 1}.");
    }

    /// <summary>The first port of a block of 32 whose first two ports are free now (a deploy's blue and green).</summary>
    public static int Block()
    {
        for (var attempt = 0; attempt < BlockCount; attempt++)
        {
            var first = BlocksFirst + (int)((uint)Interlocked.Increment(ref _nextBlock) % BlockCount) * BlockSize;
            if (IsFree(first) && IsFree(first + 1))
                return first;
        }

        throw new InvalidOperationException($"No free block of ports on 127.0.0.1 in {BlocksFirst}–{BlocksFirst + BlockCount * BlockSize - 1}.");
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
