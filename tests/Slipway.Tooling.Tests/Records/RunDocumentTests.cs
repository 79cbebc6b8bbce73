using System.Text.Json;
using Slipway.Tooling.Records;

namespace Slipway.Tooling.Tests.Records;

public sealed class RunDocumentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-run-document-").FullName;

    private string RecordPath => Path.Combine(_directory, RunDocument.FileName);

    // The shape the engine has always written: existing run.json files and the report's fixtures depend on it.
    private const string Written = """
        {
          "schemaVersion": 1,
          "invocation": {
            "targets": [
              "Deploy"
            ],
            "arguments": [
              "Deploy",
              "--registry-password",
              "[secret]"
            ],
            "profiles": [],
            "host": "gitlab-ci",
            "runUrl": "https://gitlab.example.org/group/slipway/-/jobs/42",
            "startedAt": "2026-11-29T10:00:00+00:00",
            "finishedAt": "2026-11-29T10:01:38.67+00:00",
            "durationMs": 98670,
            "exitCode": 1,
            "commit": "3f2a9c1",
            "key": "0123456789ABCDEF"
          },
          "parameters": {
            "Configuration": "Release",
            "RegistryPassword": "[secret]",
            "Registry": null
          },
          "outcome": "Failed",
          "targets": [
            {
              "name": "Compile",
              "status": "Succeeded",
              "startedAt": "2026-11-29T10:00:00+00:00",
              "durationMs": 8400,
              "skipReason": null,
              "error": null,
              "description": "Compile the solution"
            },
            {
              "name": "Deploy",
              "status": "Failed",
              "startedAt": "2026-11-29T10:00:08.4+00:00",
              "durationMs": 90270,
              "skipReason": null,
              "error": "engine went away",
              "description": null
            },
            {
              "name": "SmokeTest",
              "status": "NotRun",
              "startedAt": null,
              "durationMs": 0,
              "skipReason": null,
              "error": null,
              "description": null
            }
          ]
        }
        """;

    [Fact]
    public void SerializesToTheShapeTheEngineHasAlwaysWritten()
    {
        // Arrange
        var document = Document();

        // Act
        var json = JsonSerializer.Serialize(document, RunDocument.JsonOptions);

        // Assert
        json.ReplaceLineEndings("\n").ShouldBe(Written.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task AWrittenRecordReadsBackEqual()
    {
        // Arrange
        await File.WriteAllTextAsync(RecordPath, Written);

        // Act
        var read = await RunDocument.ReadAsync(RecordPath);

        // Assert
        read.Outcome.ShouldBe("Failed");
        read.Invocation.Key.ShouldBe("0123456789ABCDEF");
        read.Invocation.ExitCode.ShouldBe(1);
        read.Parameters["Registry"].ShouldBeNull();
        read.Targets.Select(t => (t.Name, t.Status)).ShouldBe([("Compile", TargetStatus.Succeeded), ("Deploy", TargetStatus.Failed), ("SmokeTest", TargetStatus.NotRun)]);
        JsonSerializer.Serialize(read, RunDocument.JsonOptions).ReplaceLineEndings("\n").ShouldBe(Written.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ARecordWrittenWhileTheRunGoesOnReadsWithoutTheFieldsItLacks()
    {
        // Arrange: no host, run URL, key, finish or parameters
        await File.WriteAllTextAsync(RecordPath, """
            {"schemaVersion":1,"invocation":{"targets":["Deploy"],"startedAt":"2026-11-29T10:00:00Z","exitCode":null,"durationMs":30000},
             "outcome":"Running","targets":[{"name":"Compile","status":"Succeeded","startedAt":"2026-11-29T10:00:00Z","durationMs":9000}]}
            """);

        // Act
        var read = await RunDocument.ReadAsync(RecordPath);

        // Assert
        (read.Invocation.Host, read.Invocation.RunUrl, read.Invocation.Key, read.Invocation.FinishedAt, read.Invocation.ExitCode).ShouldBe((null, null, null, null, null));
        read.Parameters.ShouldBeEmpty();
        read.Targets.ShouldHaveSingleItem().Error.ShouldBeNull();
    }

    [Fact]
    public async Task AMissingRecordNamesTheFileAndHowToWriteIt()
    {
        // Act
        var exception = await Should.ThrowAsync<FileNotFoundException>(() => RunDocument.ReadAsync(RecordPath));

        // Assert
        exception.Message.ShouldContain($"'{RecordPath}'");
        exception.Message.ShouldContain("./build.sh <Target>");
    }

    [Fact]
    public async Task ACutShortRecordNamesTheFileAndHowToRewriteIt()
    {
        // Arrange
        await File.WriteAllTextAsync(RecordPath, "{ \"outcome\": ");

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(() => RunDocument.ReadAsync(RecordPath));

        // Assert
        exception.Message.ShouldContain($"The run record '{RecordPath}' is not a valid run.json");
        exception.Message.ShouldContain("Run the pipeline again");
        exception.InnerException.ShouldBeOfType<JsonException>();
    }

    [Fact]
    public async Task AStatusTheEngineNeverWritesIsRejected()
    {
        // Arrange
        await File.WriteAllTextAsync(RecordPath, """
            {"invocation":{"startedAt":"2026-11-29T10:00:00Z"},"outcome":"Failed","targets":[{"name":"Compile","status":"Broken"}]}
            """);

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(() => RunDocument.ReadAsync(RecordPath));

        // Assert
        exception.Message.ShouldContain("status");
    }

    [Fact]
    public async Task ARecordWithoutAnOutcomeIsRejected()
    {
        // Arrange
        await File.WriteAllTextAsync(RecordPath, """{"invocation":{"startedAt":"2026-11-29T10:00:00Z"},"targets":[]}""");

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(() => RunDocument.ReadAsync(RecordPath));

        // Assert
        exception.Message.ShouldContain("outcome");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static RunDocument Document()
    {
        var start = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
        return new RunDocument
        {
            Invocation = new InvocationDocument
            {
                Targets = ["Deploy"],
                Arguments = ["Deploy", "--registry-password", "[secret]"],
                Profiles = [],
                Host = "gitlab-ci",
                RunUrl = "https://gitlab.example.org/group/slipway/-/jobs/42",
                StartedAt = start,
                FinishedAt = start.AddMilliseconds(98670),
                DurationMs = 98670,
                ExitCode = 1,
                Commit = "3f2a9c1",
                Key = "0123456789ABCDEF",
            },
            Parameters = new Dictionary<string, string?> { ["Configuration"] = "Release", ["RegistryPassword"] = "[secret]", ["Registry"] = null },
            Outcome = "Failed",
            Targets =
            [
                new TargetDocument { Name = "Compile", Status = TargetStatus.Succeeded, StartedAt = start, DurationMs = 8400, Description = "Compile the solution" },
                new TargetDocument { Name = "Deploy", Status = TargetStatus.Failed, StartedAt = start.AddMilliseconds(8400), DurationMs = 90270, Error = "engine went away" },
                new TargetDocument { Name = "SmokeTest", Status = TargetStatus.NotRun },
            ],
        };
    }
}
