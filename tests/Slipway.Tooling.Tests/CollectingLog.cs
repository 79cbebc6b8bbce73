using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Slipway.Tooling.Tests;

/// <summary>A logger that keeps every rendered message, for asserting on what a process run logged.</summary>
internal sealed class CollectingLog : ILogEventSink
{
    private readonly List<string> _messages = [];
    private readonly Lock _gate = new();

    public CollectingLog() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public string Text
    {
        get
        {
            lock (_gate)
                return string.Join(Environment.NewLine, _messages);
        }
    }

    public void Emit(LogEvent logEvent)
    {
        var message = logEvent.RenderMessage();
        lock (_gate)
            _messages.Add(message);
    }
}
