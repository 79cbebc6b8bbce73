using Slipway.Delivery.Images;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Images;

public sealed class ElfDependenciesTests
{
    [Fact]
    public async Task ThePublishedServiceNamesItsLoaderAndTheLibrariesItNeeds()
    {
        // Arrange
        var publish = await PublishedService.PublishDirectoryAsync();

        // Act
        var host = ElfDependencies.Read(Path.Combine(publish, "Slipway.Serving"));
        var onnxRuntime = ElfDependencies.Read(Path.Combine(publish, "libonnxruntime.so"));
        var notElf = ElfDependencies.Read(Path.Combine(publish, "Slipway.Serving.dll"));

        // Assert
        host.ShouldNotBeNull();
        host.Interpreter.ShouldBe("/lib64/ld-linux-x86-64.so.2");
        host.Needed.ShouldContain("libc.so.6");
        host.Needed.ShouldContain("libstdc++.so.6");
        onnxRuntime.ShouldNotBeNull();
        onnxRuntime.Interpreter.ShouldBeNull();
        onnxRuntime.Needed.ShouldContain("libstdc++.so.6");
        onnxRuntime.Needed.ShouldContain("libgcc_s.so.1");
        notElf.ShouldBeNull();
    }
}
