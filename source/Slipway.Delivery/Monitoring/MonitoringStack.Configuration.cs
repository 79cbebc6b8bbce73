using System.Text;

namespace Slipway.Delivery.Monitoring;

public sealed partial class MonitoringStack
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes every generated file whose content differs (the targets file only when there is none); returns the names of those written.</summary>
    internal async Task<IReadOnlyList<string>> WriteConfigurationAsync(CancellationToken cancellationToken)
    {
        var options = _request.Monitoring;
        Directory.CreateDirectory(Path.Combine(ConfigDirectory, MonitoringFiles.MtailDirectory));
        var files = new List<(string File, string Text, UnixFileMode Mode)>
        {
            (MonitoringFiles.PrometheusFile, PrometheusConfig.Render(_request), Readable),
            (MonitoringFiles.RulesFile, AlertRules.Render(_request.Analysis, options.AlertWindow, options.AlertFor), Readable),
            (MonitoringFiles.AlertmanagerFile, AlertmanagerConfig.Render(options.AlertWebhook), Readable),
            (MonitoringFiles.MtailFile, MtailProgram.Render(), Readable),
        };
        if (!File.Exists(PathOf(MonitoringFiles.TargetsFile)))
            files.Add((MonitoringFiles.TargetsFile, ScrapeTargetsFile.Render([]), Readable));
        if (options.MetricsCredential is { } credential)
            files.Add((MonitoringFiles.CredentialFile, credential, OwnerOnly));
        else
            File.Delete(PathOf(MonitoringFiles.CredentialFile));

        var written = new List<string>();
        foreach (var (file, text, mode) in files)
        {
            if (await WriteIfChangedAsync(file, text, cancellationToken, mode).ConfigureAwait(false))
                written.Add(file);
        }

        return written;
    }

    private string PathOf(string file) => Path.Combine(ConfigDirectory, file);

    /// <summary>Writes beside the file and renames over it (readers never see half a file); an unchanged file is left alone, so its time says when it last changed.</summary>
    private async Task<bool> WriteIfChangedAsync(string file, string text, CancellationToken cancellationToken, UnixFileMode mode = Readable)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The monitoring stack runs on a Linux engine host: host networking, bind mounts and 0600 files.");
        var path = PathOf(file);
        if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) == text)
        {
            if (File.GetUnixFileMode(path) != mode)
                File.SetUnixFileMode(path, mode);
            return false;
        }

        var next = path + ".next";
        File.Delete(next);
        var stream = new FileStream(next, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), cancellationToken).ConfigureAwait(false);
        }

        File.SetUnixFileMode(next, mode); // the umask may have taken bits away from a readable file
        File.Move(next, path, overwrite: true);
        return true;
    }
}
