using Docker.DotNet.Models;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Engine;

/// <summary>Against the real engine; each test labels what it creates with its own case label as well as the run's.</summary>
public sealed class LabelledResourcesTests(BaseImageFixture fixture) : IClassFixture<BaseImageFixture>, IAsyncLifetime
{
    private const string CaseLabel = "org.slipway.test.case";

    private readonly string _case = Guid.NewGuid().ToString("N")[..12];

    private Docker.DotNet.DockerClient Docker => fixture.Docker.Client;

    private string Filter => $"{CaseLabel}={_case}";

    [Fact]
    public async Task ALabelledContainerNetworkAndVolumeAreFoundThenRemoved()
    {
        // Arrange
        var container = await CreateContainerAsync();
        var network = await CreateNetworkAsync();
        var volume = await CreateVolumeAsync();

        // Act
        var found = await LabelledResources.ListAsync(Docker, Filter);
        var removed = await LabelledResources.RemoveAsync(Docker, Filter);

        // Assert
        found.ShouldBe(
            [
                new DockerResource(DockerResourceKind.Container, container, found[0].Name),
                new DockerResource(DockerResourceKind.Network, network, found[1].Name),
                new DockerResource(DockerResourceKind.Volume, volume, volume),
            ]);
        found[0].Name.ShouldStartWith("slipway-test-labelled-");
        found[1].Name.ShouldStartWith("slipway-test-labelled-");
        removed.ShouldBe(found, ignoreOrder: true);
        (await LabelledResources.ListAsync(Docker, Filter)).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheRunLabelFindsWhatTheTestsCreate()
    {
        // Arrange
        var container = await CreateContainerAsync();

        // Act
        var found = await LabelledResources.ListAsync(Docker, TestRun.Filter);

        // Assert
        found.ShouldContain(r => r.Kind == DockerResourceKind.Container && r.Id == container);
    }

    [Fact]
    public async Task RemovingWhatIsAlreadyGoneCountsAsRemoved()
    {
        // Arrange
        var container = new DockerResource(DockerResourceKind.Container, await CreateContainerAsync(), "gone");
        var network = new DockerResource(DockerResourceKind.Network, await CreateNetworkAsync(), "gone");
        await Docker.Containers.RemoveContainerAsync(container.Id, new ContainerRemoveParameters { Force = true });
        await Docker.Networks.DeleteNetworkAsync(network.Id);

        // Act
        var removed = await LabelledResources.RemoveAsync(Docker, [container, network, new DockerResource(DockerResourceKind.Image, "slipway-test-never-built:x", "never built")]);

        // Assert
        removed.Count.ShouldBe(3);
    }

    [Fact]
    public async Task OneResourceThatCannotBeRemovedNeverStopsTheOthersAndIsNamedInOneError()
    {
        // Arrange
        var volume = await CreateVolumeAsync();
        var network = await CreateNetworkAsync();
        var user = await Docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = UniqueName.Create("volume-user"),
            Image = fixture.BaseImage.Reference,
            Cmd = ["true"],
            Labels = TestRun.LabelsWith(),
            HostConfig = new HostConfig { Binds = [$"{volume}:/data"], NetworkMode = "none" },
        });
        try
        {
            // Act
            var failure = await Should.ThrowAsync<DockerResourceRemovalException>(() => LabelledResources.RemoveAsync(
                Docker,
                [new DockerResource(DockerResourceKind.Volume, volume, volume), new DockerResource(DockerResourceKind.Network, network, "net")],
                TimeSpan.Zero,
                CancellationToken.None));

            // Assert
            failure.Failures.Select(f => f.Resource.Id).ShouldBe([volume]);
            failure.Message.ShouldContain($"volume {volume}:");
            failure.Message.ShouldContain($"docker volume rm {volume}");
            (await LabelledResources.ListAsync(Docker, Filter)).ShouldBe([new DockerResource(DockerResourceKind.Volume, volume, volume)]);
        }
        finally
        {
            await LabelledResources.RemoveOneAsync(Docker, new DockerResource(DockerResourceKind.Container, user.ID, "volume user"));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await LabelledResources.RemoveAsync(Docker, Filter);

    private Dictionary<string, string> Labels() => TestRun.LabelsWith(new Dictionary<string, string> { [CaseLabel] = _case });

    private async Task<string> CreateContainerAsync() =>
        (await Docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = UniqueName.Create("labelled"),
            Image = fixture.BaseImage.Reference,
            Cmd = ["true"],
            Labels = Labels(),
            HostConfig = new HostConfig { NetworkMode = "none" },
        })).ID;

    private async Task<string> CreateNetworkAsync() =>
        (await Docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = UniqueName.Create("labelled"), Driver = "bridge", Labels = Labels() })).ID;

    private async Task<string> CreateVolumeAsync() =>
        (await Docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = UniqueName.Create("labelled"), Labels = Labels() })).Name;
}
