using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci;

public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("on", "'on'")]
    [InlineData("true", "'true'")]
    [InlineData("No", "'No'")]
    [InlineData("null", "'null'")]
    [InlineData("30", "'30'")]
    [InlineData("1.0", "'1.0'")]
    [InlineData(".5", "'.5'")]
    [InlineData("2026-01-01", "'2026-01-01'")]
    [InlineData("0 3 * * 1-5", "'0 3 * * 1-5'")]
    [InlineData("*.md", "'*.md'")]
    [InlineData("!cancelled()", "'!cancelled()'")]
    [InlineData("key: value", "'key: value'")]
    [InlineData("text #comment", "'text #comment'")]
    [InlineData("it's", "it's")]
    [InlineData("'quoted'", "'''quoted'''")]
    [InlineData("", "''")]
    [InlineData(" padded", "' padded'")]
    [InlineData("- item", "'- item'")]
    public void QuotesScalarsThatYamlWouldReadAsSomethingElse(string value, string expected)
    {
        YamlWriter.Scalar(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("./build.sh Test --skip")]
    [InlineData("ubuntu-latest")]
    [InlineData("${{ matrix.os }}")]
    [InlineData("${{ runner.os }}-slipway-${{ hashFiles('**/*.csproj', 'global.json') }}")]
    [InlineData("release/**")]
    [InlineData("actions/checkout@v4")]
    [InlineData("always()")]
    public void LeavesOrdinaryScalarsPlain(string value)
    {
        YamlWriter.Scalar(value).ShouldBe(value);
    }

    [Theory]
    [InlineData("on")]
    [InlineData("0 3 * * *")]
    [InlineData("'single' and \"double\"")]
    [InlineData("a: b # c")]
    [InlineData("tab\there")]
    [InlineData("first\nsecond")]
    [InlineData("trailing newline\n")]
    [InlineData("${{ secrets.NU_GET_API_KEY }}")]
    public void EveryStringReadsBackUnchanged(string value)
    {
        var text = YamlWriter.Write(new YamlMap { { "value", value }, { "list", new List<object> { value } } });

        var read = YamlNavigation.Load(text);

        read.Text("value").ShouldBe(value);
        read.Texts("list").ShouldBe([value]);
    }

    [Fact]
    public void WritesMultiLineStringsAsLiteralBlocks()
    {
        var text = YamlWriter.Write(new YamlMap { { "path", "~/.nuget/packages\n.nuke/temp" } });

        text.ShouldBe("path: |-\n  ~/.nuget/packages\n  .nuke/temp\n");
    }

    [Fact]
    public void IndentsNestedMappingsAndSequencesByTwoSpaces()
    {
        var map = new YamlMap
        {
            { "on", new YamlMap { { "push", null } } },
            { "steps", new List<object> { new YamlMap { { "name", "Checkout" }, { "with", new YamlMap { { "fetch-depth", 0 } } } } } },
            { "empty", new List<object>() },
            { "flag", false },
        };

        var text = YamlWriter.Write(map);

        text.ShouldBe("on:\n  push:\nsteps:\n  - name: Checkout\n    with:\n      fetch-depth: 0\nempty: []\nflag: false\n");
    }

    [Fact]
    public void SpacedMappingsSeparateEntriesByABlankLine()
    {
        var map = new YamlMap { Spaced = true };
        map.Add("name", "ci");
        map.Add("jobs", new YamlMap { { "a", "x" }, { "b", "z" } });

        var text = YamlWriter.Write(map);

        text.ShouldBe("name: ci\n\njobs:\n  a: x\n  b: z\n");
    }

    [Fact]
    public void RejectsAKeyGivenTwice()
    {
        var map = new YamlMap { { "name", "a" } };

        var error = Should.Throw<InvalidOperationException>(() => map.Add("name", "b"));

        error.Message.ShouldContain("already has the key 'name'");
    }
}
