using System.Security.Cryptography;
using Slipway.Training.Data;
using Slipway.Training.Tests.Fixtures;

namespace Slipway.Training.Tests.Data;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly RepositoryCopy _repository = new();

    public void Dispose() => _repository.Dispose();

    private async Task<Dataset> ReadAsync()
    {
        var manifest = await DataManifestFile.ReadAsync(Path.Combine(_repository.Root, "data", "manifest.json"));
        return await DatasetReader.ReadAsync(Path.Combine(_repository.Root, "data"), manifest.Datasets.Single(d => d.Name == "support-requests"));
    }

    private async Task<string> FailureAsync() => (await Should.ThrowAsync<DataException>(ReadAsync)).Message;

    [Fact]
    public async Task TheCommittedDatasetHasAtLeast600RowsInAtLeastFourClassesWithALicence()
    {
        var dataset = await ReadAsync();

        dataset.Rows.Count.ShouldBeGreaterThanOrEqualTo(600);
        dataset.Classes.Count.ShouldBeGreaterThanOrEqualTo(4);
        dataset.Entry.Licence.ShouldBe("CC0-1.0");
        foreach (var name in dataset.Classes)
        {
            dataset.Rows.Count(r => r.Label == name).ShouldBeGreaterThan(100, $"class {name}");
        }
    }

    [Fact]
    public async Task TheCommittedManifestRecordsTheSha256AndRowCountOfEveryFile()
    {
        var manifest = await DataManifestFile.ReadAsync(Path.Combine(RepositoryCopy.RepositoryRoot(), "data", "manifest.json"));

        foreach (var file in manifest.Datasets.SelectMany(d => d.Files))
        {
            var path = Path.Combine(RepositoryCopy.RepositoryRoot(), "data", file.Path);
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))).ShouldBe(file.Sha256, file.Path);
            (File.ReadAllLines(path).Count(l => l.Length > 0) - 1).ShouldBe(file.Rows, file.Path);
        }
    }

    [Fact]
    public async Task SplitsRoughlySeventyFifteenFifteen()
    {
        var dataset = await ReadAsync();

        var share = (DataSplit split) => (double)dataset.In(split).Count / dataset.Rows.Count;
        share(DataSplit.Train).ShouldBeInRange(0.62, 0.78);
        share(DataSplit.Validation).ShouldBeInRange(0.09, 0.21);
        share(DataSplit.Test).ShouldBeInRange(0.09, 0.21);
    }

    [Fact]
    public async Task AddingRowsLeavesEveryOldRowInItsSplit()
    {
        var before = (await ReadAsync()).Rows.ToDictionary(r => r.Id, r => r.Split);
        _repository.EditRows(lines => [.. lines, .. Enumerable.Range(1, 50).Select(i => $"new-{i}\tMy invoice {i} is wrong.\tbilling")]);

        var after = await ReadAsync();

        after.Rows.Count.ShouldBe(before.Count + 50);
        foreach (var row in after.Rows.Where(r => before.ContainsKey(r.Id)))
        {
            row.Split.ShouldBe(before[row.Id], row.Id);
        }
    }

    [Fact]
    public async Task AMissingColumnNamesTheFileTheLineAndTheHeaderToWrite()
    {
        _repository.EditRows(lines => [lines[0].Replace("\tlabel", "\tcategory", StringComparison.Ordinal), .. lines[1..]]);

        var message = await FailureAsync();

        message.ShouldContain("data/support-requests/requests.tsv line 1: missing column(s) 'label'");
        message.ShouldContain("name the columns id<TAB>text<TAB>label");
        message.ShouldContain("nothing was registered");
    }

    [Fact]
    public async Task AnUnknownLabelNamesTheLineAndTheValidClasses()
    {
        _repository.EditRows(lines => [.. lines.Select((l, i) => i == 5 ? l[..l.LastIndexOf('\t')] + "\tbiling" : l)]);

        var message = await FailureAsync();

        message.ShouldContain("requests.tsv line 6: unknown label 'biling'");
        message.ShouldContain("use one of 'account-access', 'billing'");
        message.ShouldContain("or add the class to data/manifest.json");
    }

    [Fact]
    public async Task ADuplicateIdNamesBothLines()
    {
        _repository.EditRows(lines => [.. lines, "req-0003\tPlease refund the last charge.\tbilling"]);

        var message = await FailureAsync();

        message.ShouldContain($"requests.tsv line {File.ReadAllLines(_repository.DataFile).Length}: duplicate id 'req-0003', already used at data/support-requests/requests.tsv line 4");
        message.ShouldContain("give every row its own id");
    }

    [Fact]
    public async Task AClassWithoutRowsNamesTheClassAndTheFix()
    {
        _repository.EditRows(lines => [.. lines.Where(l => !l.EndsWith("\toutage", StringComparison.Ordinal))]);

        var message = await FailureAsync();

        message.ShouldContain("class 'outage' has no rows in the train split of dataset 'support-requests'");
        message.ShouldContain("add labelled rows for it");
    }

    [Fact]
    public async Task BytesThatAreNotUtf8NameTheLine()
    {
        var bytes = await File.ReadAllBytesAsync(_repository.DataFile);
        var lines = bytes.Select((b, i) => (b, i)).Where(p => p.b == (byte)'\n').Select(p => p.i).ToArray();
        bytes[lines[2] + 3] = 0xE9; // 'é' in Latin-1, inside line 4
        await File.WriteAllBytesAsync(_repository.DataFile, bytes);

        var message = await FailureAsync();

        message.ShouldContain("requests.tsv line 4: byte 0xE9");
        message.ShouldContain("is not UTF-8; save the file as UTF-8");
    }

    [Fact]
    public async Task AWrongNumberOfFieldsAndEveryOtherProblemAreGatheredIntoOneMessage()
    {
        _repository.EditRows(lines => [.. lines.Select((l, i) => i == 2 ? l.Replace('\t', ' ') : i == 9 ? l[..l.LastIndexOf('\t')] + "\tspam" : l)]);

        var message = await FailureAsync();

        message.ShouldContain("2 problem(s)");
        message.ShouldContain("requests.tsv line 3: 1 field(s) where the header has 3");
        message.ShouldContain("requests.tsv line 10: unknown label 'spam'");
    }
}
