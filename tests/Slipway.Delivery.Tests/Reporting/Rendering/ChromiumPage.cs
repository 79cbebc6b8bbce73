using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Tests.Reporting.Rendering;

/// <summary>One tab: navigate, size the viewport (desktop or phone), evaluate, screenshot, and read what went wrong.</summary>
internal sealed class ChromiumPage(HeadlessChromium browser, string session)
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(30);

    public async Task EnableAsync()
    {
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "Network.enable" })
            await browser.SendAsync(domain, session: session);
    }

    public Task SetViewportAsync(int width, int height, bool mobile) =>
        browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = mobile ? 2 : 1,
            ["mobile"] = mobile,
        }, session);

    public async Task NavigateAsync(string url)
    {
        var seen = Events().Count(e => e.Method == "Page.loadEventFired");
        await browser.SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session);
        var deadline = DateTime.UtcNow + LoadTimeout;
        while (Events().Count(e => e.Method == "Page.loadEventFired") <= seen)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{url}' did not finish loading within {LoadTimeout.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await browser.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, session);
        if (result.TryGetProperty("exceptionDetails", out var exception))
            throw new InvalidOperationException($"'{expression}' threw: {exception.GetRawText()}");
        return result.GetProperty("result").GetProperty("value");
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await browser.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, session);
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    /// <summary>Console errors, uncaught exceptions and error log entries, as text.</summary>
    public IReadOnlyList<string> Errors() => Events()
        .Select(e => e.Method switch
        {
            "Runtime.consoleAPICalled" when e.Params.GetProperty("type").GetString() is "error" or "assert" => "console: " + e.Params.GetProperty("args").GetRawText(),
            "Runtime.exceptionThrown" => "exception: " + e.Params.GetProperty("exceptionDetails").GetRawText(),
            "Log.entryAdded" when e.Params.GetProperty("entry").GetProperty("level").GetString() == "error" => "log: " + e.Params.GetProperty("entry").GetRawText(),
            _ => null,
        })
        .OfType<string>()
        .ToArray();

    /// <summary>Every URL the page requested.</summary>
    public IReadOnlyList<string> RequestedUrls() => Events()
        .Where(e => e.Method == "Network.requestWillBeSent")
        .Select(e => e.Params.GetProperty("request").GetProperty("url").GetString()!)
        .ToArray();

    private IEnumerable<(string Method, JsonElement Params)> Events() =>
        browser.Events.Where(e => e.Session == session).Select(e => (e.Method, e.Params));
}
