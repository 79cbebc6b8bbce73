namespace Slipway.Delivery.Tests.Reporting;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("slipway-report-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
