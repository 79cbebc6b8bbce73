using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>The client against answers shaped like Prometheus 2.42's (the real one is asked in <see cref="MonitoringStackTests"/>).</summary>
public sealed class PrometheusClientTests
{
    [Fact]
    public async Task ReadsTheValueOfAOneSampleVector()
    {
        // Arrange
        await using var api = Api("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764649200.5,"0.25"]}]}}""");

        // Act
        var value = await new PrometheusClient(api.Url).QueryScalarAsync("sum(up)");

        // Assert
        value.ShouldBe(0.25);
        api.Requests.Single().Path.ShouldBe("/api/v1/query?query=sum%28up%29");
    }

    [Fact]
    public async Task ReadsAScalar()
    {
        // Arrange
        await using var api = Api("""{"status":"success","data":{"resultType":"scalar","result":[1764649200.5,"42"]}}""");

        // Act & Assert
        (await new PrometheusClient(api.Url).QueryScalarAsync("scalar(vector(42))")).ShouldBe(42);
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764649200.5,"NaN"]}]}}""")]
    public async Task NoDataAndNaNAreNull(string answer)
    {
        // Arrange
        await using var api = Api(answer);

        // Act & Assert
        (await new PrometheusClient(api.Url).QueryScalarAsync("rate(x[1m])")).ShouldBeNull();
    }

    [Fact]
    public async Task ARejectedQueryQuotesTheQueryAndPrometheusError()
    {
        // Arrange
        await using var api = Api("""{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}""", 400);

        // Act
        var failure = await Should.ThrowAsync<PrometheusQueryException>(() => new PrometheusClient(api.Url).QueryScalarAsync("sum("));

        // Assert
        failure.Query.ShouldBe("sum(");
        failure.ErrorType.ShouldBe("bad_data");
        failure.Message.ShouldContain("'sum('");
        failure.Message.ShouldContain("parse error: unexpected end of input");
    }

    [Fact]
    public async Task MoreThanOneSeriesIsAQueryErrorSayingHowToAggregate()
    {
        // Arrange
        await using var api = Api("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"colour":"blue"},"value":[1,"1"]},{"metric":{"colour":"green"},"value":[1,"2"]}]}}""");

        // Act
        var failure = await Should.ThrowAsync<PrometheusQueryException>(() => new PrometheusClient(api.Url).QueryScalarAsync("up"));

        // Assert
        failure.Message.ShouldContain("2 series");
        failure.Message.ShouldContain("sum(");
    }

    [Fact]
    public async Task NothingListeningIsUnavailableNamingTheAddressAndHowToCheck()
    {
        // Arrange
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        // Act
        var failure = await Should.ThrowAsync<PrometheusUnavailableException>(() => new PrometheusClient(address).QueryScalarAsync("up"));

        // Assert
        failure.Address.ShouldBe(address);
        failure.Message.ShouldContain(address.ToString());
        failure.Message.ShouldContain("-/ready");
    }

    [Fact]
    public async Task SomethingElseAnsweringIsUnavailable()
    {
        // Arrange
        await using var other = HttpStandIn.Start(_ => new StandInAnswer(503, "text/plain", "Service Unavailable"));

        // Act
        var failure = await Should.ThrowAsync<PrometheusUnavailableException>(() => new PrometheusClient(other.Url).QueryScalarAsync("up"));

        // Assert
        failure.Message.ShouldContain("503");
        failure.Message.ShouldContain("Service Unavailable");
    }

    [Fact]
    public async Task ATimeoutIsUnavailable()
    {
        // Arrange
        using var gate = new ManualResetEventSlim();
        await using var slow = HttpStandIn.Start(_ =>
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            return StandInAnswer.Json("{}");
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };

        // Act
        var failure = await Should.ThrowAsync<PrometheusUnavailableException>(() => new PrometheusClient(slow.Url, http).QueryScalarAsync("up"));
        gate.Set();

        // Assert
        failure.Reason.ShouldContain("did not answer within");
    }

    [Fact]
    public async Task ListsTheActiveTargetsWithLabelsHealthAndLastError()
    {
        // Arrange
        await using var api = Api("""
            {"status":"success","data":{"activeTargets":[
              {"discoveredLabels":{},"labels":{"instance":"127.0.0.1:8081","job":"service","colour":"blue"},"scrapePool":"service","scrapeUrl":"http://127.0.0.1:8081/metrics",
               "globalUrl":"http://h:8081/metrics","lastError":"connection refused","lastScrape":"2026-12-02T04:20:00.5Z","lastScrapeDuration":0.001,"health":"down","scrapeInterval":"1s","scrapeTimeout":"1s"},
              {"discoveredLabels":{},"labels":{"instance":"127.0.0.1:9100","job":"edge"},"scrapePool":"edge","scrapeUrl":"http://127.0.0.1:9100/metrics",
               "globalUrl":"http://h:9100/metrics","lastError":"","lastScrape":"0001-01-01T00:00:00Z","lastScrapeDuration":0,"health":"unknown","scrapeInterval":"1s","scrapeTimeout":"1s"}],
             "droppedTargets":[]}}
            """);

        // Act
        var targets = await new PrometheusClient(api.Url).TargetsAsync();

        // Assert
        targets.Count.ShouldBe(2);
        targets[0].Labels["colour"].ShouldBe("blue");
        targets[0].Health.ShouldBe("down");
        targets[0].LastError.ShouldBe("connection refused");
        targets[0].LastScrape.ShouldBe(new DateTimeOffset(2026, 12, 2, 4, 20, 0, 500, TimeSpan.Zero));
        targets[1].LastError.ShouldBeNull();
        targets[1].LastScrape.ShouldBeNull();
        targets[1].IsUp.ShouldBeFalse();
    }

    private static HttpStandIn Api(string json, int status = 200) => HttpStandIn.Start(_ => StandInAnswer.Json(json, status));
}
