using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Configuration;

public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Serving:DrainTimeoutSeconds", "0", "Serving:DrainTimeoutSeconds must be 1..3600 seconds.")]
    [InlineData("Serving:MaxRequestBodyBytes", "10", "Serving:MaxRequestBodyBytes must be 1024..1073741824 bytes.")]
    [InlineData("Serving:IntraOpThreads", "-1", "Serving:IntraOpThreads must be 0..256")]
    [InlineData("Serving:Batching:QueueCapacity", "0", "Serving:Batching:QueueCapacity must be 1..100000.")]
    [InlineData("Serving:Auth:ApiKeys:0", "short", "Serving:Auth:ApiKeys:0 must be at least 16 characters")]
    [InlineData("Serving:Auth:ApiKeyFile", "/nonexistent/keys.txt", "Serving:Auth:ApiKeyFile '/nonexistent/keys.txt' does not exist")]
    public async Task BadSettingRefusesToStartAndNamesTheKey(string key, string value, string message)
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder();
        await using var app = new ServingApp(repository.Root, new Dictionary<string, string?> { [key] = value });

        // Act
        var exception = Should.Throw<OptionsValidationException>(() => app.CreateClient());

        // Assert
        exception.Message.ShouldContain(message);
    }

    [Fact]
    public async Task MissingModelRepositoryRefusesToStartAndSaysHowToFixIt()
    {
        // Arrange
        await using var app = new ServingApp("/nonexistent/models");

        // Act
        var exception = Should.Throw<OptionsValidationException>(() => app.CreateClient());

        // Assert
        exception.Message.ShouldContain("Serving:ModelRepository '/nonexistent/models' is not a folder");
        exception.Message.ShouldContain("Serving__ModelRepository");
    }

    [Fact]
    public async Task SettingThatIsNotANumberRefusesToStartAndNamesTheKey()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder();
        await using var app = new ServingApp(repository.Root, new Dictionary<string, string?> { ["Serving:DrainTimeoutSeconds"] = "soon" });

        // Act
        var exception = Should.Throw<InvalidOperationException>(() => app.CreateClient());

        // Assert
        exception.Message.ShouldContain("Serving:DrainTimeoutSeconds");
    }

    [Fact]
    public async Task ShutdownTimeoutFollowsTheDrainTimeout()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder();
        await using var app = new ServingApp(repository.Root, new Dictionary<string, string?> { ["Serving:DrainTimeoutSeconds"] = "42" });
        app.CreateClient().Dispose();

        // Act
        var options = (IOptions<HostOptions>)app.Services.GetService(typeof(IOptions<HostOptions>))!;

        // Assert
        options.Value.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(42));
    }
}
