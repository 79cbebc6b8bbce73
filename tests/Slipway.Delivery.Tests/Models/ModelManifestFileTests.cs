using System.Text.Json;
using Slipway.Delivery.Models;
using Slipway.Delivery.Probes;

namespace Slipway.Delivery.Tests.Models;

public sealed class ModelManifestFileTests
{
    [Fact]
    public async Task WrittenManifestReadsBackEqual()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");

        try
        {
            // Act
            await ModelManifestFile.WriteAsync(path, ModelMaterializer.MiniLmManifest);
            var read = await ModelManifestFile.ReadAsync(path);

            // Assert
            ModelManifestFile.Serialize(read).ShouldBe(ModelManifestFile.Serialize(ModelMaterializer.MiniLmManifest));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task InvalidManifestErrorNamesTheFileAndHowToFixIt()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, "{ \"name\": ");

        try
        {
            // Act
            var exception = await Should.ThrowAsync<InvalidDataException>(() => ModelManifestFile.ReadAsync(path));

            // Assert
            exception.Message.ShouldContain($"Model manifest '{path}' is not valid");
            exception.Message.ShouldContain("materialise the model again");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ANullWhereTheManifestRequiresAValueIsRejected()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, """
            {"name":"minilm","version":"1","kind":"text-embedding","files":null,"inputs":[],"outputs":[]}
            """);

        try
        {
            // Act
            var exception = await Should.ThrowAsync<InvalidDataException>(() => ModelManifestFile.ReadAsync(path));

            // Assert
            exception.Message.ShouldContain($"Model manifest '{path}' is not valid");
            exception.Message.ShouldContain("files");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AManifestWithoutProbesStaysValidAndWritesNoProbesSection()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, """
            {"name":"m","version":"1","kind":"onnx","files":[{"path":"model.onnx","sha256":"aa"}],"inputs":[],"outputs":[]}
            """);

        try
        {
            // Act
            var manifest = await ModelManifestFile.ReadAsync(path);

            // Assert
            manifest.Probes.ShouldBeNull();
            manifest.Files.ShouldHaveSingleItem().Size.ShouldBeNull();
            ModelManifestFile.Serialize(manifest).ShouldNotContain("\"probes\"");
            ModelManifestFile.Serialize(manifest).ShouldNotContain("\"size\"");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AManifestWithProbesReadsTheirIdsAndInputTensors()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, """
            {"name":"minilm","version":"1","kind":"text-embedding","files":[{"path":"model.onnx","sha256":"aa","size":12}],
             "inputs":[{"name":"text","datatype":"BYTES","shape":[-1]}],"outputs":[{"name":"embedding","datatype":"FP32","shape":[-1,384]}],
             "probes":[{"id":"greeting","inputs":[{"name":"text","datatype":"BYTES","shape":[2],"data":["Grüß Gott","你好"]}]}]}
            """);

        try
        {
            // Act
            var manifest = await ModelManifestFile.ReadAsync(path);

            // Assert
            var probe = manifest.Probes.ShouldHaveSingleItem();
            probe.Id.ShouldBe("greeting");
            var input = probe.Inputs.ShouldHaveSingleItem();
            input.Shape.ShouldBe([2L]);
            input.Data.EnumerateArray().Select(e => e.GetString()).ShouldBe(["Grüß Gott", "你好"]);
            manifest.Files.Single().Size.ShouldBe(12);
            ProbeSet.For(manifest).Source.ShouldBe(ProbeSet.FromManifest);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AManifestWithProbesRoundTrips()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "slipway-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        var manifest = ModelMaterializer.MiniLmManifest with { Probes = [new Probe("one", [ProbeInput.Text("text", "模型")])] };

        try
        {
            // Act
            await ModelManifestFile.WriteAsync(path, manifest);
            var read = await ModelManifestFile.ReadAsync(path);

            // Assert
            ModelManifestFile.Serialize(read).ShouldBe(ModelManifestFile.Serialize(manifest));
            read.Probes!.Single().Inputs.Single().Data.EnumerateArray().Single().GetString().ShouldBe("模型");
            JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement.GetProperty("probes").GetArrayLength().ShouldBe(1);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
