using System.Globalization;

namespace Slipway.Delivery.Monitoring;

/// <summary>
/// The uid:gid this process runs as. The monitoring containers run as it, so they read the files it wrote (the
/// credential is 0600) and nothing in them runs as root unless the deployer does.
/// </summary>
internal static class HostUser
{
    /// <summary>e.g. "1000:1000"; null where there is no /proc (the engine's default user is used then).</summary>
    public static string? Current { get; } = Read();

    private static string? Read()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
            return null;
        string? uid = null, gid = null;
        foreach (var line in File.ReadLines(status))
        {
            // "Uid:\t<real>\t<effective>\t<saved>\t<fs>": the effective id is what files are checked against
            var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 2 && fields[0] == "Uid:")
                uid = fields[2];
            else if (fields.Length > 2 && fields[0] == "Gid:")
                gid = fields[2];
        }

        return uid is not null && gid is not null && int.TryParse(uid, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? $"{uid}:{gid}" : null;
    }
}
