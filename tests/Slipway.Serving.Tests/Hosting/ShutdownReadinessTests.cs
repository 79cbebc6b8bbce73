using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Slipway.Serving.Repository;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Hosting;

public sealed class ShutdownReadinessTests
{
    [Fact]
    public async Task ReadinessTurnsFalseAsSoonAsShutdownStarts()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder();
        await using var app = new ServingApp(repository.Root);
        await app.StartAsync();
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        registry.IsReady.ShouldBeTrue();

        // Act
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // Assert
        registry.IsReady.ShouldBeFalse();
        registry.NotReadyReason.ShouldBe("the server is shutting down.");
        app.LogLines.ShouldContain(l => l.StartsWith("Shutdown requested: readiness is now false; draining in-flight requests for up to 30 s"));
    }
}
