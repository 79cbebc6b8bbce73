using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>A Serilog logger that keeps every rendered message, so tests can assert what was logged.</summary>
public sealed class TestLog : ILogEventSink
{
    private readonly ConcurrentQueue<string> messages = new();

    public TestLog() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    /// <summary>A logger that drops everything.</summary>
    public static ILogger Silent { get; } = new LoggerConfiguration().CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<string> Messages => [.. messages];

    /// <summary>All messages as one text, one per line.</summary>
    public string Text => string.Join(Environment.NewLine, messages);

    public void Emit(LogEvent logEvent) => messages.Enqueue(logEvent.RenderMessage());
}
