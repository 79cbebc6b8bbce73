using System.Text;
using System.Text.Json;
using Slipway.Delivery.Reporting.Model;
using Slipway.Delivery.Reporting.Rendering;

namespace Slipway.Delivery.Reporting;

/// <summary>Writes <c>index.html</c>, <c>report.md</c> and <c>report.json</c> into one folder.</summary>
public static class ReportWriter
{
    public static async Task<ReportFiles> WriteAsync(ReportModel model, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        Directory.CreateDirectory(outputDirectory);
        var files = new ReportFiles(
            Path.Combine(outputDirectory, "index.html"),
            Path.Combine(outputDirectory, "report.md"),
            Path.Combine(outputDirectory, "report.json"));
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        await File.WriteAllTextAsync(files.Html, HtmlRenderer.Render(model), utf8, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(files.Markdown, MarkdownRenderer.Render(model), utf8, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(files.Json, JsonSerializer.Serialize(model, ReportJson.Indented) + "\n", utf8, cancellationToken).ConfigureAwait(false);
        return files;
    }
}
