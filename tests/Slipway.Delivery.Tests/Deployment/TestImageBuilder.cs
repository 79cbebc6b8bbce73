using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>Builds a small image from a Dockerfile and files held in memory, labelled with the test run; returns its id.</summary>
public static class TestImageBuilder
{
    public static async Task<string> BuildAsync(IDockerClient docker, string tag, IReadOnlyDictionary<string, string> files)
    {
        var context = new MemoryStream();
        await using (var tar = new TarWriter(context, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"))),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                });
            }
        }

        context.Position = 0;
        var errors = new StringBuilder();
        await docker.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [tag], Labels = TestRun.LabelsWith(), Remove = true, ForceRemove = true, NetworkMode = "host" },
            context, null, null, new Progress(message => { if (message.Error is not null) errors.Append(message.Error.Message); }));
        if (errors.Length > 0)
        {
            throw new InvalidOperationException($"Building the test image '{tag}' failed: {errors}");
        }

        return (await docker.Images.InspectImageAsync(tag)).ID;
    }

    private sealed class Progress(Action<JSONMessage> onMessage) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => onMessage(value);
    }
}
