using Slipway.Serving.Configuration;
using Slipway.Serving.Security;

namespace Slipway.Serving.Tests.Configuration;

public sealed class ApiKeyLineTests : IDisposable
{
    private const string Key = "s3cret-0123456789abcdef";
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-keys-").FullName;

    [Fact]
    public void ABareKeyMayUseEveryModelWithoutALimit()
    {
        // Act
        var parsed = ApiKeyLine.Parse(Key, "here", []);

        // Assert
        parsed.ShouldNotBeNull();
        parsed.Value.Secret.ShouldBe(Key);
        parsed.Value.Key.Models.ShouldBeNull();
        parsed.Value.Key.Rate.ShouldBeNull();
        parsed.Value.Key.Name.ShouldBe(ApiKeyLine.DefaultName(Key));
        parsed.Value.Key.Name.ShouldNotContain(Key[..8]);
    }

    [Fact]
    public void OptionsGiveTheNameScopesAndRate()
    {
        // Act
        var parsed = ApiKeyLine.Parse($"{Key}  name=ci models=minilm,resnet18 rate=600/m", "here", []);

        // Assert
        var key = parsed.ShouldNotBeNull().Key;
        key.Name.ShouldBe("ci");
        key.Models!.Order().ShouldBe(["minilm", "resnet18"]);
        key.Rate.ShouldBe(new ApiKeyRate(600, TimeSpan.FromMinutes(1)));
        key.Allows("minilm").ShouldBeTrue();
        key.Allows("other").ShouldBeFalse();
    }

    [Theory]
    [InlineData("name=bad/name", "here: the name must be 1 to 64 letters, digits")]
    [InlineData("models=", "here: models= takes model names separated by commas")]
    [InlineData("models=a,,b", "here: models= takes model names separated by commas")]
    [InlineData("rate=fast", "here: rate= takes a positive number of requests per second or minute, e.g. rate=100/s")]
    [InlineData("rate=0/s", "here: rate= takes a positive number")]
    [InlineData("rate=10/h", "here: rate= takes a positive number")]
    [InlineData("scope=all", "here: option 1 is not name=, models= or rate=; write '<key> [name=<name>]")]
    public void AMalformedOptionIsRefusedSayingHowToWriteIt(string option, string message)
    {
        // Arrange
        var problems = new List<string>();

        // Act
        var parsed = ApiKeyLine.Parse($"{Key} {option}", "here", problems);

        // Assert
        parsed.ShouldBeNull();
        problems.ShouldHaveSingleItem().ShouldContain(message);
        problems[0].ShouldNotContain(Key);
    }

    [Fact]
    public void TheKeyFileNamesTheLineOfAProblemCountingCommentsAndBlankLines()
    {
        // Arrange
        var file = Path.Combine(_directory, "keys");
        File.WriteAllText(file, $"# keys\n\n{Key} name=a\nshort name=b\n");
        var problems = new List<string>();

        // Act
        AuthOptionsValidator.Read(new AuthOptions { ApiKeyFile = file }, problems);

        // Assert
        problems.ShouldHaveSingleItem().ShouldStartWith($"Serving:Auth:ApiKeyFile '{file}' line 4 must be at least 16 characters");
    }

    [Fact]
    public void TheOriginalFormatsStillRead()
    {
        // Arrange: a list entry and a file of one bare key per line, with comments
        var file = Path.Combine(_directory, "keys");
        File.WriteAllText(file, "# rotated monthly\nfile-key-0123456789abcdef\n\nsecond-key-0123456789abcdef\n");
        var problems = new List<string>();

        // Act
        var keys = AuthOptionsValidator.Read(new AuthOptions { ApiKeys = [Key], ApiKeyFile = file }, problems);

        // Assert
        problems.ShouldBeEmpty();
        keys.Select(k => k.Secret).ShouldBe([Key, "file-key-0123456789abcdef", "second-key-0123456789abcdef"]);
        keys.ShouldAllBe(k => k.Key.Models == null && k.Key.Rate == null);
    }

    [Fact]
    public void TheSameBareKeyInTheSettingsAndTheFileIsOneKey()
    {
        // Arrange
        var file = Path.Combine(_directory, "keys");
        File.WriteAllText(file, Key + "\n");
        var problems = new List<string>();

        // Act
        var keys = AuthOptionsValidator.Read(new AuthOptions { ApiKeys = [Key], ApiKeyFile = file }, problems);

        // Assert
        problems.ShouldBeEmpty();
        keys.ShouldHaveSingleItem();
    }

    [Fact]
    public void OneKeyWithTwoDefinitionsIsRefusedNamingBoth()
    {
        // Arrange
        var problems = new List<string>();

        // Act
        AuthOptionsValidator.Read(new AuthOptions { ApiKeys = [$"{Key} models=a", $"{Key} models=b"] }, problems);

        // Assert
        problems.ShouldHaveSingleItem().ShouldBe("Serving:Auth:ApiKeys:0 and Serving:Auth:ApiKeys:1 define the same key; keep one definition per key.");
    }

    [Fact]
    public void TwoKeysWithOneNameAreRefusedBecauseLimitsCountPerName()
    {
        // Arrange
        var problems = new List<string>();

        // Act
        AuthOptionsValidator.Read(new AuthOptions { ApiKeys = [$"{Key} name=ci", "another-key-0123456789 name=ci"] }, problems);

        // Assert
        problems.ShouldHaveSingleItem().ShouldContain("Serving:Auth:ApiKeys:0 and Serving:Auth:ApiKeys:1 are all named 'ci'; give each key its own name=");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
