using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Apis;

/// <summary>What the standard clients rely on besides the tensors: content types, error bodies, compression.</summary>
[Collection(ServingCollection.Name)]
public sealed class ProtocolHygieneTests(SharedServing serving)
{
    private const string AdderRequest = """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"b","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}""";

    [Theory]
    [InlineData("GET", "/v2", null, 200)]
    [InlineData("GET", "/v2/health/ready", null, 200)]
    [InlineData("GET", "/v2/models/minilm", null, 200)]
    [InlineData("GET", "/v2/models/nope", null, 404)]
    [InlineData("POST", "/v2/models/adder/infer", AdderRequest, 200)]
    [InlineData("POST", "/v2/models/adder/infer", """{"inputs":[]}""", 400)]
    [InlineData("POST", "/v2/models/nope/infer", AdderRequest, 404)]
    [InlineData("GET", "/no/such/route", null, 404)]
    [InlineData("GET", "/v2/models/adder/infer", null, 405)]
    public async Task EveryJsonAnswerHasExactlyTheContentTypeApplicationJson(string method, string path, string? body, int status)
    {
        // Arrange
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        // Act
        using var response = await serving.Client.SendAsync(request);

        // Assert: the KServe client reads an error's text only for exactly this type
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json");
        JsonNode.Parse(await response.Content.ReadAsStringAsync()).ShouldNotBeNull();
    }

    [Fact]
    public async Task AnUnknownRouteIs404WithAnErrorThatListsTheRoutes()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v1/models/minilm:predict");

        // Assert
        status.ShouldBe(404);
        var error = body!["error"]!.GetValue<string>();
        error.ShouldContain("no such route: GET /v1/models/minilm:predict");
        error.ShouldContain("POST /v2/models/{model}[/versions/{version}]/infer");
    }

    [Fact]
    public async Task AWrongMethodIs405WithAnErrorThatNamesTheAllowedOne()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/models/adder/infer");

        // Assert
        status.ShouldBe(405);
        body!["error"]!.GetValue<string>().ShouldBe("GET is not allowed on /v2/models/adder/infer; use POST.");
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task CompressedRequestBodiesAreDecompressed(string encoding)
    {
        // Arrange
        using var content = new ByteArrayContent(Compress(Encoding.UTF8.GetBytes(AdderRequest), encoding));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);

        // Act
        using var response = await serving.Client.PostAsync("/v2/models/adder/infer", content);

        // Assert
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        JsonNode.Parse(text)!["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ShouldBe([2f, 3f, 4f]);
    }

    [Fact]
    public async Task ACompressionBombIs413BecauseTheLimitCountsDecompressedBytes()
    {
        // Arrange: 17 MiB of JSON whitespace (the limit is 16 MiB) that gzip makes about 17 KiB
        var json = new byte[17 * 1024 * 1024];
        Array.Fill(json, (byte)' ');
        var compressed = Compress(json, "gzip");
        using var content = new ByteArrayContent(compressed);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        // Act
        using var response = await serving.Client.PostAsync("/v2/models/adder/infer", content);

        // Assert
        compressed.Length.ShouldBeLessThan(100_000);
        ((int)response.StatusCode).ShouldBe(413, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02, 0x03 })] // cut short
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // not deflate data
    public async Task ABrokenCompressedBodyIs400(byte[] broken)
    {
        // Arrange
        using var content = new ByteArrayContent(broken);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        // Act
        using var response = await serving.Client.PostAsync("/v2/models/adder/infer", content);

        // Assert
        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("could not be decompressed (gzip)");
    }

    [Fact]
    public async Task AnswersAreGzippedForClientsThatAcceptIt()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/minilm/infer") { Content = new StringContent(Http.Texts("compress me"), Encoding.UTF8, "application/json") };
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        // Act
        using var response = await serving.Client.SendAsync(request);

        // Assert
        ((int)response.StatusCode).ShouldBe(200);
        response.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        await using var unzipped = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var body = JsonNode.Parse(unzipped)!;
        Http.Embeddings(body)[0].Length.ShouldBe(384);
    }

    [Fact]
    public async Task HealthAndMetadataAnswersStayUncompressedEvenWhenGzipIsAccepted()
    {
        // Arrange: Triton's aio client sends Accept-Encoding on every call but decompresses only infer answers
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/models/minilm");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        // Act
        using var response = await serving.Client.SendAsync(request);

        // Assert
        ((int)response.StatusCode).ShouldBe(200);
        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["name"]!.GetValue<string>().ShouldBe("minilm");
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Optimal) : new ZLibStream(output, CompressionLevel.Optimal))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
