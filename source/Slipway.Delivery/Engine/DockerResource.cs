namespace Slipway.Delivery.Engine;

/// <summary>One container, network, volume, Swarm service or image on the engine.</summary>
/// <param name="Id">What the engine removes it by: the id (a volume's name).</param>
/// <param name="Name">What a person recognises: the name, or an image's first tag; the short id when it has none.</param>
public sealed record DockerResource(DockerResourceKind Kind, string Id, string Name)
{
    public override string ToString() =>
        Name == Id || Name == ShortId ? $"{KindName} {Name}" : $"{KindName} '{Name}' ({ShortId})";

    /// <summary>The docker CLI command that removes it by hand.</summary>
    public string RemoveCommand => Kind switch
    {
        DockerResourceKind.Service => $"docker service rm {Id}",
        DockerResourceKind.Container => $"docker rm -f -v {Id}",
        DockerResourceKind.Network => $"docker network rm {Id}",
        DockerResourceKind.Volume => $"docker volume rm {Id}",
        _ => $"docker image rm -f {Id}",
    };

    private string KindName => Kind.ToString().ToLowerInvariant();

    private string ShortId => Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id[7..Math.Min(Id.Length, 19)] : Id[..Math.Min(Id.Length, 12)];
}
