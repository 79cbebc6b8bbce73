using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Slipway.Serving.Configuration;
using Slipway.Serving.Hosting;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Configuration;

/// <summary>The options wiring of <c>Program</c> (same extension methods), checked without starting a host.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly ModelRepositoryBuilder _repository = new ModelRepositoryBuilder().WithAdder();

    public void Dispose() => _repository.Dispose();

    [Theory]
    [InlineData("Serving:DrainTimeoutSeconds", "0", "Serving:DrainTimeoutSeconds must be 1..3600 seconds.")]
    [InlineData("Serving:MaxRequestBodyBytes", "10", "Serving:MaxRequestBodyBytes must be 1024..1073741824 bytes.")]
    [InlineData("Serving:IntraOpThreads", "-1", "Serving:IntraOpThreads must be 0..256")]
    [InlineData("Serving:ModelRepository", "", "Serving:ModelRepository is required")]
    public void BadServingSettingIsRefusedNamingTheKey(string key, string value, string message)
    {
        // Arrange
        using var app = Build(new() { [key] = value });

        // Act
        var exception = Should.Throw<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<ServingOptions>>().Value);

        // Assert
        exception.Message.ShouldContain(message);
    }

    [Fact]
    public void BadBatchingSettingIsRefusedNamingTheKey()
    {
        // Arrange
        using var app = Build(new() { ["Serving:Batching:QueueCapacity"] = "0" });

        // Act
        var exception = Should.Throw<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<BatchingOptions>>().Value);

        // Assert
        exception.Message.ShouldContain("Serving:Batching:QueueCapacity must be 1..100000.");
    }

    [Theory]
    [InlineData("Serving:Auth:ApiKeys:0", "short", "Serving:Auth:ApiKeys:0 must be at least 16 characters")]
    [InlineData("Serving:Auth:ApiKeys:1", "has spaces in the middle", "Serving:Auth:ApiKeys:1 must be at least 16 characters without spaces")]
    [InlineData("Serving:Auth:ApiKeyFile", "/nonexistent/keys.txt", "Serving:Auth:ApiKeyFile '/nonexistent/keys.txt' does not exist")]
    public void BadAuthSettingIsRefusedNamingTheKeyButNotTheSecret(string key, string value, string message)
    {
        // Arrange
        using var app = Build(new() { ["Serving:Auth:ApiKeys:0"] = "a-good-key-0123456789", [key] = value });

        // Act
        var exception = Should.Throw<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);

        // Assert
        exception.Message.ShouldContain(message);
        exception.Message.ShouldNotContain("a-good-key-0123456789");
        if (key.Contains("ApiKeys"))
        {
            exception.Message.ShouldNotContain(value);
        }
    }

    [Fact]
    public void MissingModelRepositoryIsRefusedAndSaysHowToFixIt()
    {
        // Arrange
        using var app = Build(new() { ["Serving:ModelRepository"] = "/nonexistent/models" });

        // Act
        var exception = Should.Throw<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<ServingOptions>>().Value);

        // Assert
        exception.Message.ShouldContain("Serving:ModelRepository '/nonexistent/models' is not a folder");
        exception.Message.ShouldContain("Serving__ModelRepository");
    }

    [Fact]
    public void SettingThatIsNotANumberIsRefusedNamingTheKey()
    {
        // Arrange
        using var app = Build(new() { ["Serving:DrainTimeoutSeconds"] = "soon" });

        // Act
        var exception = Should.Throw<InvalidOperationException>(() => app.Services.GetRequiredService<IOptions<ServingOptions>>().Value);

        // Assert
        exception.Message.ShouldContain("Serving:DrainTimeoutSeconds");
    }

    [Fact]
    public void ShutdownTimeoutFollowsTheDrainTimeout()
    {
        // Arrange
        using var app = Build(new() { ["Serving:DrainTimeoutSeconds"] = "42" });

        // Act
        var options = app.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        // Assert
        options.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(42));
    }

    private WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Serving:ModelRepository"] = settings.GetValueOrDefault("Serving:ModelRepository", _repository.Root) });
        builder.AddServingDefaults();
        builder.AddModelServing();
        return builder.Build();
    }
}
