using Slipway.Training.Data;

namespace Slipway.Training.Tests.Data;

public sealed class DataSplitsTests
{
    [Theory]
    [InlineData("req-0001")]
    [InlineData("another id")]
    public void ASplitDependsOnTheIdAlone(string id) =>
        Enumerable.Range(0, 5).Select(_ => DataSplits.Of(id)).Distinct().Count().ShouldBe(1);

    [Fact]
    public void BucketsFollowTheDocumentedHash()
    {
        // sha256("req-0001") starts with these four bytes; big-endian modulo 100
        var hash = System.Security.Cryptography.SHA256.HashData("req-0001"u8);
        var expected = (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash) % 100);

        DataSplits.Bucket("req-0001").ShouldBe(expected);
        DataSplits.Of("req-0001").ShouldBe(expected < 70 ? DataSplit.Train : expected < 85 ? DataSplit.Validation : DataSplit.Test);
    }
}
