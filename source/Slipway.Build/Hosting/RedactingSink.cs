using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Slipway.Tooling;

namespace Slipway.Build.Hosting;

/// <summary>Renders each event, removes secret values, then hands the line to the host.</summary>
internal sealed class RedactingSink(BuildHost host, bool prefixTargets) : ILogEventSink
{
    private readonly MessageTemplateTextFormatter _formatter = new("{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        _formatter.Format(logEvent, writer);
        var text = SecretRedactor.Redact(writer.ToString()).TrimEnd('\r', '\n');
        var target = prefixTargets && logEvent.Properties.TryGetValue("Target", out var value) && value is ScalarValue { Value: string name } ? name : null;
        lock (_gate)
            host.WriteLog(logEvent.Level, text, target);
    }
}
