using System.Text;
using System.Text.Json.Nodes;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Apis;

/// <summary>Every malformed request gets a 4xx with a message that names the problem — never a 500, never a crash.</summary>
[Collection(ServingCollection.Name)]
public sealed class MalformedInputCorpusTests(SharedServing serving)
{
    private const string MiniLm = "/v2/models/minilm/infer";
    private const string Adder = "/v2/models/adder/infer";
    private const string Echo = "/v2/models/echo/infer";

    private static readonly Dictionary<string, (string Path, byte[] Body, int Status, string Fragment)> Cases = Build();

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void CorpusHoldsAtLeastFortyCases() => Cases.Count.ShouldBeGreaterThanOrEqualTo(40);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task MalformedRequestGetsA4xxThatNamesTheProblem(string name)
    {
        // Arrange
        var (path, body, status, fragment) = Cases[name];

        // Act
        var (actualStatus, answer, _) = await serving.Client.PostBytesAsync(path, body);

        // Assert
        actualStatus.ShouldBe(status, answer?.ToJsonString());
        answer!["error"]!.GetValue<string>().ShouldContain(fragment, Case.Sensitive, answer.ToJsonString());
        (await serving.Client.GetJsonAsync("/v2/health/live")).Status.ShouldBe(200);
    }

    private static Dictionary<string, (string, byte[], int, string)> Build()
    {
        var cases = new Dictionary<string, (string, byte[], int, string)>();
        void Add(string name, string path, string body, string fragment, int status = 400) => cases.Add(name, (path, Encoding.UTF8.GetBytes(body), status, fragment));
        void AddBytes(string name, string path, byte[] body, string fragment, int status = 400) => cases.Add(name, (path, body, status, fragment));
        static string Text(string datatype, string shape, string data) => $$"""{"inputs":[{"name":"text","shape":{{shape}},"datatype":"{{datatype}}","data":{{data}}}]}""";
        static string Pair(string a, string b) => $$"""{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":{{a}}},{"name":"b","shape":[1,3],"datatype":"FP32","data":{{b}}}]}""";

        // Body and JSON structure
        Add("not JSON", MiniLm, "hello", "not a valid inference request");
        Add("empty body", MiniLm, "", "request body is empty");
        Add("JSON null", MiniLm, "null", "JSON null");
        Add("JSON array instead of object", MiniLm, "[]", "not a valid inference request");
        Add("JSON string instead of object", MiniLm, "\"text\"", "not a valid inference request");
        Add("truncated JSON", MiniLm, """{"inputs":[{"name":"text",""", "not a valid inference request");
        Add("trailing comma", MiniLm, """{"inputs":[],}""", "not a valid inference request");
        Add("comment in JSON", MiniLm, """{/* c */"inputs":[]}""", "not a valid inference request");
        Add("NaN literal", Adder, Pair("[NaN,1,2]", "[1,2,3]"), "not a valid inference request");
        Add("deep nesting", MiniLm, Text("BYTES", "[1]", new string('[', 200) + "\"x\"" + new string(']', 200)), "depth");
        Add("id is a number", MiniLm, """{"id":5,"inputs":[]}""", "not a valid inference request");
        Add("parameters is an array", MiniLm, """{"parameters":[1],"inputs":[]}""", "not a valid inference request");
        AddBytes("oversized body", MiniLm, Encoding.UTF8.GetBytes(Text("BYTES", "[1]", "[\"" + new string('a', 17 * 1024 * 1024) + "\"]")), "limit", 413);

        // Inputs list
        Add("no inputs field", MiniLm, "{}", "request has no 'inputs'");
        Add("empty inputs", MiniLm, """{"inputs":[]}""", "request has no 'inputs'");
        Add("inputs is an object", MiniLm, """{"inputs":{}}""", "not a valid inference request");
        Add("null input", MiniLm, """{"inputs":[null]}""", "inputs[0] is null");
        Add("input without name", MiniLm, """{"inputs":[{"shape":[1],"datatype":"BYTES","data":["x"]}]}""", "inputs[0] has no 'name'");
        Add("unknown input", MiniLm, """{"inputs":[{"name":"txt","shape":[1],"datatype":"BYTES","data":["x"]}]}""", "unknown input 'txt'; model 'minilm' expects 'text' (BYTES [-1])");
        Add("duplicate input", MiniLm, """{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":["x"]},{"name":"text","shape":[1],"datatype":"BYTES","data":["y"]}]}""", "appears more than once");
        Add("missing input", Adder, """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""", "missing input 'b'");

        // Datatype
        Add("missing datatype", MiniLm, """{"inputs":[{"name":"text","shape":[1],"data":["x"]}]}""", "has no 'datatype'");
        Add("unknown datatype", MiniLm, Text("STRING", "[1]", "[\"x\"]"), "unknown datatype 'STRING'");
        Add("lower-case datatype", MiniLm, Text("bytes", "[1]", "[\"x\"]"), "unknown datatype 'bytes'");
        Add("wrong datatype", MiniLm, Text("FP32", "[1]", "[1.0]"), "input 'text' has datatype FP32; model 'minilm' expects BYTES");

        // Shape
        Add("missing shape", MiniLm, """{"inputs":[{"name":"text","datatype":"BYTES","data":["x"]}]}""", "has no 'shape'");
        Add("shape of wrong rank", MiniLm, Text("BYTES", "[1,1]", "[\"x\"]"), "model 'minilm' expects 1: [-1]");
        Add("negative dimension", MiniLm, Text("BYTES", "[-1]", "[\"x\"]"), "negative dimension -1");
        Add("huge dimensions", Adder, """{"inputs":[{"name":"a","shape":[4000000000,3],"datatype":"FP32","data":[1]},{"name":"b","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""", "elements, the limit per input");
        Add("fractional dimension", MiniLm, Text("BYTES", "[1.5]", "[\"x\"]"), "not a valid inference request");
        Add("dimension beyond int64", MiniLm, Text("BYTES", "[1e30]", "[\"x\"]"), "not a valid inference request");
        Add("fixed dimension mismatch", Adder, """{"inputs":[{"name":"a","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]},{"name":"b","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "dimension 1 must be 3");
        Add("batch larger than maxBatchSize", MiniLm, Text("BYTES", "[33]", "[" + string.Join(",", Enumerable.Repeat("\"x\"", 33)) + "]"), "accepts at most 32 per request");
        Add("inputs disagree on batch size", Adder, """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"b","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6]}]}""", "all inputs must share the first dimension");

        // Data
        Add("data shorter than shape", MiniLm, Text("BYTES", "[2]", "[\"x\"]"), "has 1 element(s) in 'data' but shape [2] needs 2");
        Add("data longer than shape", MiniLm, Text("BYTES", "[1]", "[\"x\",\"y\"]"), "has 2 element(s) in 'data' but shape [1] needs 1");
        Add("ragged nested data", Adder, Pair("[[1,2],[3]]", "[1,2,3]"), "nested 'data' does not match shape [1, 3]");
        Add("nested deeper than shape", MiniLm, Text("BYTES", "[1]", "[[\"x\"]]"), "deeper than shape");
        Add("flat and nested mixed", Adder, Pair("[1,[2,3]]", "[1,2,3]"), "mixes values and arrays");
        Add("missing data", MiniLm, """{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES"}]}""", "has no 'data'");
        Add("data is a string", MiniLm, Text("BYTES", "[1]", "\"x\""), "'data' is a JSON string");
        Add("number where BYTES expected", MiniLm, Text("BYTES", "[1]", "[5]"), "element 0 is 5; datatype BYTES needs a string");
        Add("string where FP32 expected", Adder, Pair("[\"1\",2,3]", "[1,2,3]"), "element 0 is \"1\"; datatype FP32 needs a finite number");
        Add("NaN as string", Adder, Pair("[\"NaN\",2,3]", "[1,2,3]"), "needs a finite number");
        Add("FP32 overflow", Adder, Pair("[1e39,2,3]", "[1,2,3]"), "within FP32 range");
        Add("number beyond double", Adder, Pair("[1e400,2,3]", "[1,2,3]"), "needs a finite number");
        Add("bool where FP32 expected", Adder, Pair("[true,2,3]", "[1,2,3]"), "datatype FP32 needs a finite number");
        Add("null element", Adder, Pair("[null,2,3]", "[1,2,3]"), "element 0 is null");
        Add("object element", Adder, Pair("[{},2,3]", "[1,2,3]"), "element 0 is {}");
        Add("empty string", MiniLm, Text("BYTES", "[2]", "[\"ok\",\"\"]"), "element 1 is an empty string");
        Add("whitespace-only string", MiniLm, Text("BYTES", "[1]", "[\"   \"]"), "element 0 is an empty string");
        Add("string over the length limit", MiniLm, Text("BYTES", "[1]", "[\"" + new string('w', 100_001) + "\"]"), "the limit is 100000");
        AddBytes("non-UTF-8 string", MiniLm, [.. Encoding.UTF8.GetBytes(Text("BYTES", "[1]", "[\"")), 0xFF, 0xFE, 0x41, .. Encoding.UTF8.GetBytes("\"]}]}")], "UTF");
        Add("lone surrogate escape", MiniLm, Text("BYTES", "[1]", "[\"\\ud800\"]"), "not valid");

        // Per-datatype ranges (through the identity graph)
        Add("INT8 out of range", Echo, EchoRequest("INT8", "[300]"), "datatype INT8 needs an integer in -128..127");
        Add("UINT8 negative", Echo, EchoRequest("UINT8", "[-1]"), "datatype UINT8 needs an integer in 0..255");
        Add("UINT64 negative", Echo, EchoRequest("UINT64", "[-5]"), "datatype UINT64 needs an integer in 0..18446744073709551615");
        Add("INT64 beyond range", Echo, EchoRequest("INT64", "[9223372036854775808]"), "datatype INT64 needs an integer");
        Add("fraction for INT32", Echo, EchoRequest("INT32", "[1.5]"), "datatype INT32 needs an integer");
        Add("number for BOOL", Echo, EchoRequest("BOOL", "[1]"), "datatype BOOL needs true or false");
        Add("FP16 overflow", Echo, EchoRequest("FP16", "[70000]"), "within FP16 range");

        // Outputs filter
        Add("unknown output", MiniLm, """{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":["x"]}],"outputs":[{"name":"pooled"}]}""", "unknown output 'pooled'; model 'minilm' has outputs 'embedding'");
        Add("output without name", MiniLm, """{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":["x"]}],"outputs":[{}]}""", "an output without a name");
        return cases;
    }

    private static string EchoRequest(string datatype, string data)
    {
        var inputs = new JsonArray();
        foreach (var (type, _) in ModelRepositoryBuilder.EchoTypes)
        {
            var values = type == datatype ? data : type switch { "BOOL" => "[false]", "BYTES" => "[\"x\"]", _ => "[0]" };
            inputs.Add(new JsonObject { ["name"] = $"x_{type.ToLowerInvariant()}", ["shape"] = new JsonArray(1), ["datatype"] = type, ["data"] = JsonNode.Parse(values) });
        }

        return new JsonObject { ["inputs"] = inputs }.ToJsonString();
    }
}
