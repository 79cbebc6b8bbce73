using System.Text.Json.Nodes;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;

namespace Slipway.Build.Tests.Parameters;

public sealed class EncryptedParameterTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly BuildHarness _harness = new();

    // Secrets are registered process-wide, so every test uses a value no other test has seen.
    private readonly string _value = "tok-" + Guid.NewGuid().ToString("N");

    private string ParametersJson => File.ReadAllText(Path.Combine(_harness.Root, ".nuke", "parameters.json"));

    [Fact]
    public async Task AStoredSecretIsOnlyCiphertextOnDiskAndTheBuildDecryptsIt()
    {
        // Arrange
        _harness.Environment[SecretsPassword.Variable] = Password;
        _harness.Stdin = _value + "\n";

        // Act
        var stored = await _harness.RunAsync(new SecretBuild(), ["--secrets", "Token"]);
        var build = new SecretBuild();
        var ran = await _harness.RunAsync(build, ["Show"]);

        // Assert
        stored.ShouldBe(0);
        ParametersJson.ShouldNotContain(_value);
        JsonNode.Parse(ParametersJson)!["Token"]!.GetValue<string>().ShouldStartWith("enc:v1:600000:");
        ran.ShouldBe(0, _harness.Output);
        build.Seen.ShouldBe(_value);
        _harness.Output.ShouldContain("token is [secret]");
        _harness.Output.ShouldNotContain(_value);
        _harness.RunJson.ShouldNotContain(_value);
        Directory.EnumerateFiles(_harness.Root, "*", SearchOption.AllDirectories).ShouldAllBe(f => !File.ReadAllText(f).Contains(_value));
    }

    [Fact]
    public async Task OnATerminalThePasswordIsAskedTwiceForANewFileAndTheValueOnce()
    {
        // Arrange
        var asked = new List<string>();
        var answers = new Queue<string>([Password, Password, _value]);
        _harness.Prompt = prompt => { asked.Add(prompt); return answers.Dequeue(); };

        // Act
        var stored = await _harness.RunAsync(new SecretBuild(), ["--secrets", "token"]);
        answers.Enqueue(Password);
        var build = new SecretBuild();
        var ran = await _harness.RunAsync(build, ["Show"]);

        // Assert
        stored.ShouldBe(0, _harness.Output);
        asked.ShouldBe(["Secrets password: ", "Secrets password again: ", "Value of Token (not shown): ", "Secrets password: "]);
        ran.ShouldBe(0);
        build.Seen.ShouldBe(_value);
    }

    [Fact]
    public async Task AWrongPasswordIsAUsageErrorNamingTheParameterAndTheFile()
    {
        // Arrange
        await StoreAsync();
        _harness.Environment[SecretsPassword.Variable] = "not the password";

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["Show"]);

        // Assert
        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Parameter 'Token' in .nuke/parameters.json cannot be decrypted: the secrets password is wrong. Set SLIPWAY_SECRETS_PASSWORD");
    }

    [Fact]
    public async Task ATamperedValueIsRefusedAsChanged()
    {
        // Arrange: flip one character of the ciphertext
        await StoreAsync();
        var document = JsonNode.Parse(ParametersJson)!;
        var value = document["Token"]!.GetValue<string>();
        var last = value.LastIndexOf(':') + 3;
        document["Token"] = value[..last] + (value[last] == 'A' ? 'B' : 'A') + value[(last + 1)..];
        _harness.WriteFile(".nuke/parameters.json", document.ToJsonString());

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["Show"]);

        // Assert
        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Parameter 'Token' in .nuke/parameters.json was changed after it was encrypted");
        _harness.Output.ShouldContain("./build.sh --secrets Token");
    }

    [Fact]
    public async Task AValueCopiedToAnotherParameterDoesNotDecrypt()
    {
        // Arrange
        await StoreAsync();
        var document = JsonNode.Parse(ParametersJson)!;
        document["OtherToken"] = document["Token"]!.GetValue<string>();
        _harness.WriteFile(".nuke/parameters.json", document.ToJsonString());

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["Show"]);

        // Assert
        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Parameter 'OtherToken' in .nuke/parameters.json was changed after it was encrypted (or copied from another parameter)");
    }

    [Fact]
    public async Task AMalformedValueSaysWhatTheFormIs()
    {
        // Arrange
        _harness.Environment[SecretsPassword.Variable] = Password;
        _harness.WriteFile(".nuke/parameters.json", """{ "Token": "enc:v1:600000:c2FsdA==" }""");

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["Show"]);

        // Assert
        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Parameter 'Token' in .nuke/parameters.json is not a well-formed encrypted value");
    }

    [Fact]
    public async Task OnCiWithoutAPasswordTheErrorSaysToAddAMaskedSecretAndNobodyIsAsked()
    {
        // Arrange
        await StoreAsync();
        _harness.Environment.Remove(SecretsPassword.Variable);
        _harness.Environment["JENKINS_URL"] = "https://jenkins.example/";
        var asked = 0;
        _harness.Prompt = _ => { asked++; return Password; };

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["Show"]);

        // Assert
        exitCode.ShouldBe(2);
        asked.ShouldBe(0);
        _harness.Output.ShouldContain("Parameter 'Token' in .nuke/parameters.json is encrypted, and there is no password to decrypt it: SLIPWAY_SECRETS_PASSWORD is not set, and a CI server has no terminal to ask on: add it as a masked CI secret");
        _harness.Output.ShouldContain("Or give the value through the environment (TOKEN)");
    }

    [Fact]
    public async Task TheEnvironmentWinsOverAnEncryptedValueWithoutAPassword()
    {
        // Arrange
        await StoreAsync();
        _harness.Environment.Remove(SecretsPassword.Variable);
        _harness.Environment["TOKEN"] = _value + "-env";
        var build = new SecretBuild();

        // Act
        var exitCode = await _harness.RunAsync(build, ["Show"]);

        // Assert
        exitCode.ShouldBe(0);
        build.Seen.ShouldBe(_value + "-env");
    }

    [Fact]
    public async Task StoringWithAnotherPasswordThanTheFilesIsRefused()
    {
        // Arrange
        await StoreAsync();
        _harness.Environment[SecretsPassword.Variable] = "a different password";
        _harness.Stdin = "other\n";

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["--secrets", "OtherToken"]);

        // Assert
        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("the secrets password is wrong");
        _harness.Output.ShouldContain("A file keeps one password: nothing was stored.");
        JsonNode.Parse(ParametersJson)!["OtherToken"].ShouldBeNull();
    }

    [Fact]
    public async Task OnlySecretParametersAreStoredAndTheErrorListsThem()
    {
        // Arrange
        _harness.Environment[SecretsPassword.Variable] = Password;
        _harness.Stdin = "x\n";

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["--secrets", "Plain", "Nope"]);

        // Assert
        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("--secrets: 'Plain' is not a [Secret] parameter");
        _harness.Output.ShouldContain("--secrets: there is no parameter 'Nope' (secret parameters: Token, OtherToken).");
    }

    [Fact]
    public async Task StoringWithoutAPasswordOrTerminalIsRefused()
    {
        // Arrange
        _harness.Stdin = _value + "\n";

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["--secrets", "Token"]);

        // Assert
        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("--secrets needs a password to encrypt with: SLIPWAY_SECRETS_PASSWORD is not set and there is no terminal to ask on");
        File.Exists(Path.Combine(_harness.Root, ".nuke", "parameters.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task AnEncryptedValueForAParameterThatIsNotSecretIsRefused()
    {
        // Arrange
        await StoreAsync();
        var document = JsonNode.Parse(ParametersJson)!;
        document["Plain"] = document["Token"]!.GetValue<string>();
        _harness.WriteFile(".nuke/parameters.json", document.ToJsonString());

        // Act
        var exitCode = await _harness.RunAsync(new SecretBuild(), ["Show"]);

        // Assert
        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Parameter 'Plain' in .nuke/parameters.json has an encrypted value, but only a [Secret] parameter may");
    }

    public void Dispose() => _harness.Dispose();

    private async Task StoreAsync()
    {
        _harness.Environment[SecretsPassword.Variable] = Password;
        _harness.Stdin = _value + "\n";
        (await _harness.RunAsync(new SecretBuild(), ["--secrets", "Token"])).ShouldBe(0, _harness.Output);
        _harness.Stdin = null;
    }

    private sealed class SecretBuild : RecordingBuild
    {
        [Parameter("Token for the API"), Secret] string? Token;
        [Parameter("Another token"), Secret] string? OtherToken;
        [Parameter("Not a secret")] string? Plain;

        public string? Seen { get; private set; }

        Target Show => _ => _.Executes(() =>
        {
            Seen = Token;
            Serilog.Log.Information("token is {Token} {Other} {Plain}", Token, OtherToken, Plain);
        });
    }
}
