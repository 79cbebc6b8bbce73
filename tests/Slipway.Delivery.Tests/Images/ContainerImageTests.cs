using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Images;
using Slipway.Delivery.Models;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Images;

[Trait("Category", Deployment.DeployFixture.ServiceCategory)]
public sealed class ContainerImageTests(ServingImageFixture fixture) : IClassFixture<ServingImageFixture>
{
    [Fact]
    public async Task TheImageRunsBecomesHealthyAndAnswersAnInferenceRequest()
    {
        // Arrange
        await using var container = await ServingContainer.StartAsync(fixture.Docker, fixture.Image.References.First());
        using var http = new HttpClient { BaseAddress = container.BaseAddress };
        var request = new { id = "image-test", inputs = new[] { new { name = "text", shape = new[] { 2 }, datatype = "BYTES", data = new[] { "a ship in harbour", "containers on a quay" } } } };

        // Act
        await container.WaitHealthyAsync(TimeSpan.FromSeconds(120));
        using var response = await http.PostAsJsonAsync("v2/models/minilm/infer", request);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("id").GetString().ShouldBe("image-test");
        var output = json.RootElement.GetProperty("outputs")[0];
        output.GetProperty("name").GetString().ShouldBe("embedding");
        output.GetProperty("shape").EnumerateArray().Select(dimension => dimension.GetInt32()).ShouldBe([2, 384]);
    }

    [Fact]
    public async Task TheServiceRunsAsTheNonRootAppUser()
    {
        // Arrange: the image has no shell to ask, so the kernel is asked about the service's process
        var image = await fixture.Docker.Images.InspectImageAsync(fixture.Image.Id);
        await using var container = await ServingContainer.StartAsync(fixture.Docker, fixture.Image.Id);

        // Act
        var pid = (await fixture.Docker.Containers.InspectContainerAsync(container.Id)).State!.Pid;
        var status = await File.ReadAllLinesAsync($"/proc/{pid}/status");

        // Assert
        image.Config!.User.ShouldBe("1654:1654");
        status.Single(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..].ShouldAllBe(id => id == "1654");
        status.Single(line => line.StartsWith("Gid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..].ShouldAllBe(id => id == "1654");
    }

    [Fact]
    public async Task TheImageHoldsTheRuntimeFilesButNoShellNoPackageManagerAndNoWindowsRuntime()
    {
        // Arrange
        var created = await fixture.Docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = UniqueName.Create("files"), Image = fixture.Image.Id, Labels = TestRun.LabelsWith(),
        });
        try
        {
            // Act
            var present = new Dictionary<string, bool>();
            foreach (var path in new[]
            {
                "/bin/sh", "/usr/bin/sh", "/bin/bash", "/usr/bin/dpkg", "/usr/bin/apt", "/usr/bin/apt-get", "/app/onnxruntime.dll", "/app/createdump",
                "/app/Slipway.Serving", "/app/libonnxruntime.so", "/etc/ssl/certs/ca-certificates.crt", "/usr/share/zoneinfo/UTC", "/etc/passwd",
                "/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/ld-linux-x86-64.so.2",
            })
            {
                present[path] = await ExistsAsync(created.ID, path);
            }

            // Assert
            present.Where(file => file.Value).Select(file => file.Key).ShouldBe(
            [
                "/app/Slipway.Serving", "/app/libonnxruntime.so", "/etc/ssl/certs/ca-certificates.crt", "/usr/share/zoneinfo/UTC", "/etc/passwd",
                "/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/ld-linux-x86-64.so.2",
            ]);
        }
        finally
        {
            await fixture.Docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    [Fact]
    public async Task TheImageCarriesTheServiceContractAndItsHealthcheck()
    {
        // Arrange
        var image = await fixture.Docker.Images.InspectImageAsync(fixture.Image.Id);

        // Act
        var config = image.Config!;

        // Assert
        config.Entrypoint.ShouldBe(["/app/Slipway.Serving"]);
        config.Env!.ShouldContain("Serving__ModelRepository=/models");
        config.Env!.ShouldContain("Serving__GrpcUrl=http://127.0.0.1:8081");
        config.ExposedPorts!.Keys.ShouldBe(["8080/tcp", "8081/tcp"], ignoreOrder: true);
        config.Healthcheck!.Test.ShouldBe(["CMD", "/app/Slipway.Serving", "healthcheck"]);
    }

    [Fact]
    public async Task TheImageCarriesOciAndModelLabels()
    {
        // Arrange
        var manifest = await ModelManifestFile.ReadAsync(Path.Combine(fixture.ModelDirectory, "minilm", "1", ModelManifestFile.FileName));

        // Act
        var labels = (await fixture.Docker.Images.InspectImageAsync(fixture.Image.Id)).Config!.Labels!;

        // Assert
        labels[ImageLabels.Version].ShouldBe("0.0.0-7+0123456789ab");
        labels[ImageLabels.Revision].ShouldBe(fixture.Version.Commit);
        labels[ImageLabels.Source].ShouldBe("https://example.invalid/slipway");
        labels[ImageLabels.Created].ShouldBe("2026-01-02T03:04:05Z", "the commit time, so that a rebuild of the commit is the same image");
        labels[ImageLabels.ModelName].ShouldBe("minilm");
        labels[ImageLabels.ModelVersion].ShouldBe("1");
        labels[ImageLabels.ModelSha256].ShouldBe(ModelDigest.Compute(manifest));
    }

    [Fact]
    public async Task TheImageIsTaggedWithTheVersionTheCommitAndLatest()
    {
        // Arrange
        var expected = new[] { "0.0.0-7.0123456789ab", fixture.Version.Commit, "latest" }.Select(tag => $"{fixture.Repository}:{tag}");

        // Act
        var tags = (await fixture.Docker.Images.InspectImageAsync(fixture.Image.Id)).RepoTags;

        // Assert
        tags.ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task ImageJsonDescribesTheImageForTheReport()
    {
        // Arrange
        var path = Path.Combine(fixture.OutputDirectory, ContainerImageBuilder.ReportFileName);

        // Act
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = json.RootElement;

        // Assert
        root.GetProperty("id").GetString().ShouldBe(fixture.Image.Id);
        root.GetProperty("repository").GetString().ShouldBe(fixture.Repository);
        root.GetProperty("basePath").GetString().ShouldBeOneOf("reused", "bootstrapped");
        root.GetProperty("size").GetInt64().ShouldBeGreaterThan(fixture.Base.BaseImage.Size);
        root.GetProperty("buildSeconds").GetDouble().ShouldBeGreaterThan(0);
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        layers.Count.ShouldBeGreaterThanOrEqualTo(3);
        layers.ShouldContain(layer => layer.GetProperty("createdBy").GetString()!.Contains(" in /models", StringComparison.Ordinal));
        layers.ShouldContain(layer => layer.GetProperty("createdBy").GetString()!.Contains(" in /app", StringComparison.Ordinal));
        root.GetProperty("labels").GetProperty(ImageLabels.ModelName).GetString().ShouldBe("minilm");
    }

    [Fact]
    public void TheBuildLogShowsEachLayerAndTheArchiveSent()
    {
        // Arrange
        var log = fixture.BuildLog.Messages;

        // Act
        var layers = log.Where(line => line.StartsWith("Layer ", StringComparison.Ordinal)).ToList();

        // Assert
        layers.ShouldContain(line => line.StartsWith("Layer COPY minilm/1 in /models/minilm/1: ", StringComparison.Ordinal));
        layers.ShouldContain(line => line.StartsWith("Layer COPY app in /app: ", StringComparison.Ordinal));
        log.ShouldContain(line => line.StartsWith("Image archive: ", StringComparison.Ordinal) && line.EndsWith("MB sent in all", StringComparison.Ordinal));
        log.ShouldContain(line => line.StartsWith($"Image {fixture.Image.Id}: ", StringComparison.Ordinal), "the ID is known before the engine loads the image");
    }

    [Fact]
    public async Task TwoBuildsOfTheSameCommitGiveTheSameImageId()
    {
        // Arrange: fresh copies of the same files (new mtimes, new paths) and a later wall clock
        var publish = Directory.CreateTempSubdirectory("slipway-test-publish-").FullName;
        var models = Directory.CreateTempSubdirectory("slipway-test-models-").FullName;
        try
        {
            CopyDirectory(fixture.PublishDirectory, publish);
            CopyDirectory(fixture.ModelDirectory, models);
            var request = fixture.Request() with { PublishDirectory = publish, ModelDirectory = models, OutputDirectory = null };

            // Act
            var again = await ContainerImageBuilder.BuildAsync(fixture.Docker, request, TestLog.Silent);

            // Assert
            again.Id.ShouldBe(fixture.Image.Id, await ImageDifference.DescribeAsync(fixture.Docker, fixture.Image.Id, again.Id));
            again.Layers.ShouldBe(fixture.Image.Layers);
            again.CachedSteps.ShouldBe(again.TotalSteps, "the engine already held every layer");
        }
        finally
        {
            Directory.Delete(publish, recursive: true);
            Directory.Delete(models, recursive: true);
        }
    }

    [Fact]
    public async Task ADifferentImageIsExplainedByItsFirstDifferingLayerAndFile()
    {
        // Arrange
        var changedPublish = Directory.CreateTempSubdirectory("slipway-test-publish-").FullName;
        try
        {
            CopyDirectory(fixture.PublishDirectory, changedPublish);
            await File.AppendAllTextAsync(Path.Combine(changedPublish, "appsettings.json"), " ");
            var request = fixture.Request() with { PublishDirectory = changedPublish, Repository = fixture.Repository + "-differs", OutputDirectory = null };
            var changed = await ContainerImageBuilder.BuildAsync(fixture.Docker, request, TestLog.Silent);

            // Act
            var difference = await ImageDifference.DescribeAsync(fixture.Docker, fixture.Image.Id, changed.Id);

            // Assert
            difference.ShouldNotBeNull();
            difference.ShouldStartWith($"Layer {fixture.Image.Layers.Count} of {fixture.Image.Layers.Count} differs: {fixture.Image.Layers[^1].Digest}");
            difference.ShouldContain("1 entries differ: app/appsettings.json: content sha256");
            (await ImageDifference.DescribeAsync(fixture.Docker, fixture.Image.Id, fixture.Image.References.First())).ShouldBeNull();
        }
        finally
        {
            Directory.Delete(changedPublish, recursive: true);
        }
    }

    [Fact]
    public async Task TheProvenanceBesideTheImageHasTheImageAsSubjectAndTheResolvedDependencies()
    {
        // Arrange
        var path = Path.Combine(fixture.OutputDirectory, ImageProvenance.FileName);
        var weights = (await ModelManifestFile.ReadAsync(Path.Combine(fixture.ModelDirectory, "minilm", "1", ModelManifestFile.FileName))).Files.Single(file => file.Path == "model.onnx");

        // Act
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = json.RootElement;
        var predicate = root.GetProperty("predicate");
        var dependencies = predicate.GetProperty("buildDefinition").GetProperty("resolvedDependencies").EnumerateArray()
            .ToDictionary(dependency => dependency.GetProperty("uri").GetString()!, dependency => dependency.GetProperty("digest").EnumerateObject().Single());

        // Assert
        root.GetProperty("_type").GetString().ShouldBe("https://in-toto.io/Statement/v1");
        root.GetProperty("predicateType").GetString().ShouldBe("https://slsa.dev/provenance/v1");
        var subject = root.GetProperty("subject")[0];
        ("sha256:" + subject.GetProperty("digest").GetProperty("sha256").GetString()).ShouldBe(fixture.Image.Id);
        predicate.GetProperty("runDetails").GetProperty("builder").GetProperty("id").GetString().ShouldBe(ImageProvenance.BuilderId);
        predicate.GetProperty("buildDefinition").GetProperty("externalParameters").GetProperty("commit").GetString().ShouldBe(fixture.Version.Commit);
        dependencies[$"git+https://example.invalid/slipway@{fixture.Version.Commit}"].Value.GetString().ShouldBe(fixture.Version.Commit);
        ("sha256:" + dependencies[$"docker-image:{fixture.Base.BaseImage.Reference}"].Value.GetString()).ShouldBe(fixture.Base.BaseImage.ImageId);
        dependencies["file:/models/minilm/1/model.onnx"].Value.GetString().ShouldBe(weights.Sha256);
        dependencies.Keys.ShouldContain(uri => uri.StartsWith("pkg:nuget/Microsoft.ML.OnnxRuntime@", StringComparison.Ordinal));
        dependencies.Where(dependency => dependency.Key.StartsWith("pkg:nuget/", StringComparison.Ordinal)).ShouldAllBe(dependency => dependency.Value.Name == "sha512" && dependency.Value.Value.GetString()!.Length == 128);
        (await File.ReadAllTextAsync(path)).ShouldNotContain("password", Case.Insensitive);
        var labels = (await fixture.Docker.Images.InspectImageAsync(fixture.Image.Id)).Config!.Labels!;
        labels.Values.ShouldNotContain(value => value.Contains("slsa", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImageJsonReadsBackIntoTheResultForLaterSteps()
    {
        // Arrange
        var text = await File.ReadAllTextAsync(Path.Combine(fixture.OutputDirectory, ContainerImageBuilder.ReportFileName));

        // Act
        var read = JsonSerializer.Deserialize<ContainerImageResult>(text)!;

        // Assert
        read.Id.ShouldBe(fixture.Image.Id);
        read.Tags.ShouldBe(fixture.Image.Tags);
        read.Layers.ShouldBe(fixture.Image.Layers);
        read.Labels.ShouldBe(fixture.Image.Labels);
        read.ModelLayer.ShouldBe(fixture.Image.ModelLayer);
        read.References.ShouldBe(fixture.Image.References);
    }

    [Fact]
    public async Task ACodeOnlyChangeReusesTheModelLayer()
    {
        // Arrange
        var changedPublish = Directory.CreateTempSubdirectory("slipway-test-publish-").FullName;
        try
        {
            CopyDirectory(fixture.PublishDirectory, changedPublish);
            await File.WriteAllTextAsync(Path.Combine(changedPublish, "code-change.txt"), Guid.NewGuid().ToString());
            var request = fixture.Request() with { PublishDirectory = changedPublish, Repository = fixture.Repository + "-code", OutputDirectory = null };
            // another fixture may build the same model step at the same time: any cached copy of it is a reuse
            var layersBefore = await LayersOnTheEngineAsync();

            // Act
            var rebuilt = await ContainerImageBuilder.BuildAsync(fixture.Docker, request, TestLog.Silent);

            // Assert
            rebuilt.ModelLayer.ShouldNotBeNull();
            rebuilt.ModelLayer.ShouldBe(fixture.Image.ModelLayer);
            layersBefore.ShouldContain(rebuilt.ModelLayer, "the engine already holds the model layer, so it is not loaded again");
            rebuilt.CachedSteps.ShouldBe(rebuilt.TotalSteps - 1, "only the app layer is new");
            rebuilt.Layers[^1].Digest.ShouldNotBe(fixture.Image.Layers[^1].Digest);
            rebuilt.Id.ShouldNotBe(fixture.Image.Id);
        }
        finally
        {
            Directory.Delete(changedPublish, recursive: true);
        }
    }

    [Fact]
    public async Task ABaseImageTheEngineDoesNotHoldIsNamedWithTheFix()
    {
        // Arrange
        var missing = UniqueName.Create("no-such-base") + ":1";
        var request = fixture.Request() with { BaseImage = missing, Repository = fixture.Repository + "-nobase", OutputDirectory = null };

        // Act
        var error = await Should.ThrowAsync<ContainerImageBuildException>(() => ContainerImageBuilder.BuildAsync(fixture.Docker, request, TestLog.Silent));

        // Assert
        error.Step.ShouldBe("base");
        error.Message.ShouldContain($"'{missing}'");
        error.Message.ShouldContain("BaseImage target");
    }

    [Fact]
    public async Task AMissingPublishDirectoryAndModelDirectoryAreBothNamed()
    {
        // Arrange
        var request = fixture.Request() with { PublishDirectory = "/nonexistent/publish", ModelDirectory = "/nonexistent/models" };

        // Act
        var error = await Should.ThrowAsync<ArgumentException>(() => ContainerImageBuilder.BuildAsync(fixture.Docker, request, TestLog.Silent));

        // Assert
        error.Message.ShouldContain("'/nonexistent/publish'");
        error.Message.ShouldContain("dotnet publish");
        error.Message.ShouldContain("'/nonexistent/models'");
    }

    private async Task<bool> ExistsAsync(string container, string path)
    {
        try
        {
            await fixture.Docker.Containers.GetArchiveFromContainerAsync(container, new ContainerPathStatParameters { Path = path }, statOnly: true);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            File.Copy(file, copy);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy, File.GetUnixFileMode(file));
            }
        }
    }

    private async Task<HashSet<string>> LayersOnTheEngineAsync()
    {
        var layers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in await fixture.Docker.Images.ListImagesAsync(new ImagesListParameters { All = true }))
        {
            try
            {
                layers.UnionWith((await fixture.Docker.Images.InspectImageAsync(image.ID)).RootFS?.Layers ?? []);
            }
            catch (DockerImageNotFoundException)
            {
                // removed by another test between the list and the inspect
            }
        }

        return layers;
    }
}
