using Slipway.Delivery.Probes;

namespace Slipway.Delivery.Tests.Probes;

public sealed class ProbeReferencesFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-probes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheFileIsIndentedWithOneLineOfDataPerOutputAndUnescapedText()
    {
        // Act
        var text = ProbeReferencesFile.Serialize(Sample());

        // Assert
        text.ShouldBe("""
            {
              "model": "minilm",
              "version": "1",
              "modelDigest": "8e7e841874f89c7fd40c0f5ad2a5d69b8efe560ba4f08bd60c124f85eb6d7bbc",
              "recordedAt": "2026-01-02T03:04:05+00:00",
              "tolerance": {
                "absolute": 0.0001,
                "minCosine": 0.9999
              },
              "probes": [
                {
                  "id": "german-umlauts",
                  "inputs": [
                    {
                      "name": "text",
                      "datatype": "BYTES",
                      "shape": [
                        1
                      ],
                      "data": [
                        "Übermäßige Latenz beim Modell"
                      ]
                    }
                  ],
                  "outputs": [
                    {
                      "name": "embedding",
                      "datatype": "FP32",
                      "shape": [
                        1,
                        4
                      ],
                      "data": [0.1,-0.25,1E-07,0.30000001192092896]
                    }
                  ]
                }
              ]
            }

            """);
    }

    [Fact]
    public async Task WritingWhatWasReadGivesTheSameBytes()
    {
        // Arrange
        var path = Path.Combine(_directory, ProbeReferencesFile.FileName);
        await ProbeReferencesFile.WriteAsync(path, Sample());
        var first = await File.ReadAllBytesAsync(path);

        // Act
        await ProbeReferencesFile.WriteAsync(path, await ProbeReferencesFile.ReadAsync(path));

        // Assert
        (await File.ReadAllBytesAsync(path)).ShouldBe(first);
    }

    [Fact]
    public async Task ValuesReadBackExactlyIncludingNonFiniteOnes()
    {
        // Arrange
        var path = Path.Combine(_directory, ProbeReferencesFile.FileName);
        double[] data = [0.1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, (double)0.123456789f, -1e-30];
        var references = Sample() with { Probes = [new ProbeReference("p", [ProbeInput.Text("text", "模型推理服务 🚀")], [new ProbeOutput("y", "FP64", [6], data)])] };

        // Act
        await ProbeReferencesFile.WriteAsync(path, references);
        var read = await ProbeReferencesFile.ReadAsync(path);

        // Assert
        read.Probes.Single().Outputs.Single().Data.ShouldBe(data);
        read.Probes.Single().Inputs.Single().Data.EnumerateArray().Single().GetString().ShouldBe("模型推理服务 🚀");
        read.RecordedAt.ShouldBe(references.RecordedAt);
    }

    [Fact]
    public async Task AFileWhoseDataDoesNotFitItsShapeIsRejectedNamingTheProbe()
    {
        // Arrange
        var path = Path.Combine(_directory, ProbeReferencesFile.FileName);
        var broken = Sample() with { Probes = [new ProbeReference("p", [], [new ProbeOutput("y", "FP32", [1, 3], [1.0])])] };
        await ProbeReferencesFile.WriteAsync(path, broken);

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(() => ProbeReferencesFile.ReadAsync(path));

        // Assert
        exception.Message.ShouldContain($"Probe references '{path}' are not valid");
        exception.Message.ShouldContain("probe 'p' output 'y' has 1 values for shape [1, 3]");
        exception.Message.ShouldContain("./build.sh RecordProbes");
    }

    [Fact]
    public async Task AFileThatIsNotJsonIsRejectedNamingTheFile()
    {
        // Arrange
        var path = Path.Combine(_directory, ProbeReferencesFile.FileName);
        await File.WriteAllTextAsync(path, "{ \"model\": ");

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(() => ProbeReferencesFile.ReadAsync(path));

        // Assert
        exception.Message.ShouldContain($"Probe references '{path}' are not valid");
    }

    [Fact]
    public void TheFileLivesBesideModelJson()
    {
        // Act, Assert
        ProbeReferencesFile.PathBeside("/repo/models/minilm/1/model.json").ShouldBe("/repo/models/minilm/1/probes.json");
    }

    internal static ProbeReferences Sample() => new()
    {
        Model = "minilm",
        Version = "1",
        ModelDigest = "8e7e841874f89c7fd40c0f5ad2a5d69b8efe560ba4f08bd60c124f85eb6d7bbc",
        RecordedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Probes =
        [
            new ProbeReference("german-umlauts", [ProbeInput.Text("text", "Übermäßige Latenz beim Modell")],
                [new ProbeOutput("embedding", "FP32", [1, 4], [0.1, -0.25, 1e-7, 0.3f])]),
        ],
    };
}
