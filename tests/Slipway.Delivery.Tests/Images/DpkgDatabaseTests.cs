using System.Formats.Tar;
using System.Text;
using Slipway.Delivery.Images;

namespace Slipway.Delivery.Tests.Images;

public sealed class DpkgDatabaseTests : IDisposable
{
    private const string Status = """
        Package: libc6
        Status: install ok installed
        Priority: optional
        Architecture: amd64
        Source: glibc (2.36-9+deb12u10)
        Version: 2.36-9+deb12u10
        Description: GNU C Library: Shared libraries
         Contains the standard libraries that are used by nearly all programs on
         the system.
         .
         This package includes shared versions of the standard C library.

        Package: tzdata
        Status: install ok installed
        Architecture: all
        Version: 2025b-0+deb12u1

        Package: removed-tool
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1:1.0

        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Source: openssl
        Version: 3.0.17-1~deb12u2
        """;

    private readonly string directory = Path.Combine(Path.GetTempPath(), "slipway-dpkg-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void ReadsTheInstalledPackagesWithTheirVersionsArchitecturesAndSources()
    {
        // Act
        var packages = DpkgDatabase.ReadStatus(new StringReader(Status), "status");

        // Assert
        packages.ShouldBe(
        [
            new DpkgPackage("libc6", "2.36-9+deb12u10", "amd64", "glibc"),
            new DpkgPackage("libssl3", "3.0.17-1~deb12u2", "amd64", "openssl"),
            new DpkgPackage("tzdata", "2025b-0+deb12u1", "all", null),
        ]);
    }

    [Fact]
    public void KeepsContinuationLinesOfAFieldAndSplitsParagraphsAtBlankLines()
    {
        // Act
        var paragraphs = Deb822.Read(new StringReader(Status), "status");

        // Assert
        paragraphs.Count.ShouldBe(4);
        paragraphs[0]["description"].ShouldStartWith("GNU C Library: Shared libraries\nContains the standard libraries");
        paragraphs[0]["Description"].ShouldEndWith("\n.\nThis package includes shared versions of the standard C library.");
        paragraphs[3]["Package"].ShouldBe("libssl3");
    }

    [Theory]
    [InlineData("Package: a\n continued\nnot a field\n", "status, line 3: 'not a field' is not a 'Field: value' line")]
    [InlineData(" orphan\nPackage: a\n", "status, line 1: a continuation line ('orphan') has no field above it")]
    [InlineData("Package: a\nVersion: 1\nVersion: 2\n", "status, line 3: the field 'Version' appears twice in one paragraph")]
    public void RejectsMalformedControlDataNamingTheLine(string text, string expected)
    {
        // Act
        var error = Should.Throw<FormatException>(() => Deb822.Read(new StringReader(text), "status"));

        // Assert
        error.Message.ShouldStartWith(expected);
    }

    [Fact]
    public void RejectsAnInstalledPackageWithoutAVersion()
    {
        // Act
        var error = Should.Throw<FormatException>(() => DpkgDatabase.ReadStatus(new StringReader("Package: a\nStatus: install ok installed\nArchitecture: amd64\n"), "status"));

        // Assert
        error.Message.ShouldBe("status: the installed package 'a' has no Version field. A dpkg status paragraph names its Package, Version and Architecture.");
    }

    [Fact]
    public void PackageUrlsEncodeEpochsAndPlusSigns()
    {
        // Act
        var url = new DpkgPackage("libfoo", "1:2.3+dfsg-1~deb12u1", "amd64", null).PackageUrl;

        // Assert
        url.ShouldBe("pkg:deb/debian/libfoo@1%3A2.3%2Bdfsg-1~deb12u1?arch=amd64");
    }

    [Fact]
    public async Task NamesThePackagesOwningFilesThroughAMergedUsrBase()
    {
        // Arrange: a merged-usr base where dpkg lists /lib/... and the files live under usr/lib
        var layer = Path.Combine(directory, "layer.tar");
        Directory.CreateDirectory(directory);
        await using (var stream = File.Create(layer))
        await using (var tar = new TarWriter(stream))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "lib") { LinkName = "usr/lib" });
            await AddAsync(tar, "usr/lib/x86_64-linux-gnu/libc.so.6", "elf");
            await AddAsync(tar, "usr/lib/x86_64-linux-gnu/libssl.so.3", "elf");
            await AddAsync(tar, "usr/share/zoneinfo/UTC", "TZif");
            await AddAsync(tar, "var/lib/dpkg/status", Status);
            await AddAsync(tar, "var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libc.so.6\n");
            await AddAsync(tar, "var/lib/dpkg/info/libssl3:amd64.list", "/usr/lib/x86_64-linux-gnu/libssl.so.3\n");
            await AddAsync(tar, "var/lib/dpkg/info/tzdata.list", "/usr/share/zoneinfo/UTC\n");
        }

        var root = await RootFileSystem.UnpackAsync([layer], Path.Combine(directory, "root"), CancellationToken.None);

        // Act
        var database = DpkgDatabase.Read(root);
        var owning = database.Owning(["usr/lib/x86_64-linux-gnu/libc.so.6", "usr/share/zoneinfo/UTC", "etc/passwd"]);

        // Assert
        database.Packages.Select(package => package.Name).ShouldBe(["libc6", "libssl3", "tzdata"]);
        owning.Select(package => package.PackageUrl).ShouldBe(["pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64", "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all"]);
    }

    [Fact]
    public async Task ABaseWithoutADpkgStatusIsRejectedWithTheFix()
    {
        // Arrange
        var layer = Path.Combine(directory, "layer.tar");
        Directory.CreateDirectory(directory);
        await using (var stream = File.Create(layer))
        await using (var tar = new TarWriter(stream))
            await AddAsync(tar, "etc/os-release", "ID=scratch\n");
        var root = await RootFileSystem.UnpackAsync([layer], Path.Combine(directory, "root"), CancellationToken.None);

        // Act
        var error = Should.Throw<ContainerImageBuildException>(() => DpkgDatabase.Read(root));

        // Assert
        error.Message.ShouldContain("The base image has no /var/lib/dpkg/status");
        error.Message.ShouldContain("the default BaseImage recipe bootstraps Debian");
    }

    private static async Task AddAsync(TarWriter tar, string path, string text)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
        await tar.WriteEntryAsync(entry);
    }
}
