using System.Text.Json;
using Slipway.Serving.Protocol;
using Slipway.Serving.Repository;

namespace Slipway.Serving.Tests.Fixtures;

public static class Definitions
{
    /// <summary>The validated definition of a version written by <see cref="ModelRepositoryBuilder"/>.</summary>
    public static ModelDefinition Load(ModelRepositoryBuilder repository, string name, string version = "1")
    {
        var directory = repository.VersionDirectory(name, version);
        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(directory, "model.json")), ProtocolJson.Context.ModelManifest)!;
        return ManifestValidator.Validate(manifest, directory, name, version);
    }
}
