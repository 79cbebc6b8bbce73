using Slipway.Serving.Batching;
using Slipway.Serving.Runtime;
using Slipway.Serving.Tensors;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Batching;

public sealed class ModelBatcherTests : IDisposable
{
    private readonly ModelRepositoryBuilder _repository = new ModelRepositoryBuilder().WithAdder().WithMiniLm();

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task BatchedAdderResultsEqualUnbatchedOnes()
    {
        // Arrange
        using var runner = new RecordingRunner(new OnnxModelRunner(Definitions.Load(_repository, "adder"), 1));
        await using var batcher = new ModelBatcher(runner, "adder", "1", maxBatchSize: 8, TimeSpan.FromMilliseconds(300), capacity: 64);
        var requests = Enumerable.Range(0, 12).Select(i => AdderInputs(i, rows: 1 + i % 3)).ToArray();
        var expected = requests.Select(r => runner.Run(r)).ToArray();
        runner.RunRows.Clear();

        // Act
        var actual = await Task.WhenAll(requests.Select(r => batcher.EnqueueAsync(r)));

        // Assert
        for (var i = 0; i < requests.Length; i++)
        {
            actual[i].Count.ShouldBe(2);
            actual[i][0].Shape.ShouldBe(expected[i][0].Shape);
            ((float[])actual[i][0].Data).ShouldBe((float[])expected[i][0].Data);
            ((float[])actual[i][1].Data).ShouldBe((float[])expected[i][1].Data);
        }

        runner.RunRows.Max().ShouldBeGreaterThan(1);
        runner.RunRows.ShouldAllBe(rows => rows <= 8);
        runner.RunRows.Count.ShouldBeLessThan(requests.Length);
    }

    [Fact]
    public async Task BatchedMiniLmEmbeddingsEqualUnbatchedOnesWithin1e5()
    {
        // Arrange
        using var runner = new RecordingRunner(new TextEmbeddingRunner(Definitions.Load(_repository, "minilm"), 0));
        await using var batcher = new ModelBatcher(runner, "minilm", "1", maxBatchSize: 32, TimeSpan.FromMilliseconds(300), capacity: 64);
        string[] sentences = ["a", "a much longer sentence that forces padding in the batch", "Batching must not change answers.", "Zażółć gęślą jaźń", "42", "The end."];
        var requests = sentences.Select(s => (IReadOnlyList<Tensor>)[new Tensor("text", DataType.Bytes, [1], new[] { s })]).ToArray();
        var expected = requests.Select(r => (float[])runner.Run(r)[0].Data).ToArray();
        runner.RunRows.Clear();

        // Act
        var actual = await Task.WhenAll(requests.Select(r => batcher.EnqueueAsync(r)));

        // Assert
        runner.RunRows.Max().ShouldBeGreaterThan(1);
        for (var i = 0; i < sentences.Length; i++)
        {
            var vector = (float[])actual[i][0].Data;
            vector.Length.ShouldBe(384);
            vector.Zip(expected[i], (a, e) => Math.Abs(a - e)).Max().ShouldBeLessThan(1e-5f, sentences[i]);
        }
    }

    [Fact]
    public async Task FullQueueRefusesInsteadOfWaiting()
    {
        // Arrange
        using var runner = new RecordingRunner(new OnnxModelRunner(Definitions.Load(_repository, "adder"), 1));
        await using var batcher = new ModelBatcher(runner, "adder", "1", maxBatchSize: 1, TimeSpan.Zero, capacity: 1);
        runner.Hold();
        var running = Task.Run(() => batcher.EnqueueAsync(AdderInputs(1, 1))); // an idle model runs it on the caller's thread
        await runner.Started.WaitAsync();
        var queued = batcher.EnqueueAsync(AdderInputs(2, 1));

        // Act
        var exception = Should.Throw<QueueFullException>(() => batcher.EnqueueAsync(AdderInputs(3, 1)));
        runner.Release();

        // Assert
        exception.Message.ShouldBe("model 'adder' version '1' has 1 requests queued, its limit; retry shortly.");
        (await running).Count.ShouldBe(2);
        (await queued).Count.ShouldBe(2);
    }

    [Fact]
    public async Task DisposeFinishesEveryQueuedRequest()
    {
        // Arrange
        using var runner = new RecordingRunner(new OnnxModelRunner(Definitions.Load(_repository, "adder"), 1));
        var batcher = new ModelBatcher(runner, "adder", "1", maxBatchSize: 2, TimeSpan.Zero, capacity: 16);
        runner.Hold();
        var first = Task.Run(() => batcher.EnqueueAsync(AdderInputs(0, 1)));
        await runner.Started.WaitAsync();
        var pending = new[] { first }.Concat(Enumerable.Range(1, 5).Select(i => batcher.EnqueueAsync(AdderInputs(i, 1)))).ToArray();
        batcher.QueueDepth.ShouldBe(5);

        // Act
        var disposing = batcher.DisposeAsync().AsTask();
        runner.Release();
        await disposing;

        // Assert
        pending.ShouldAllBe(p => p.IsCompletedSuccessfully);
        var late = Should.Throw<Slipway.Serving.Inference.ProtocolException>(() => batcher.EnqueueAsync(AdderInputs(9, 1)).GetAwaiter().GetResult());
        late.StatusCode.ShouldBe(503);
        late.Message.ShouldContain("is shutting down");
    }

    [Fact]
    public async Task LoneRequestDoesNotWaitButSteadyLoadWaitsToFillTheBatch()
    {
        // Arrange: an adaptive wait far longer than the test, so only the rule decides
        using var runner = new RecordingRunner(new OnnxModelRunner(Definitions.Load(_repository, "adder"), 1));
        await using var batcher = new ModelBatcher(runner, "adder", "1", maxBatchSize: 8, TimeSpan.Zero, capacity: 16, adaptiveWait: TimeSpan.FromSeconds(30));

        // Act 1: a lone request (previous batch had one row) is answered without waiting
        await batcher.EnqueueAsync(AdderInputs(1, 1)).WaitAsync(TimeSpan.FromSeconds(10));
        await runner.Started.WaitAsync();

        // Act 2: a batch of two rows happens, so the next batch waits for a second request
        runner.Hold();
        var held = Task.Run(() => batcher.EnqueueAsync(AdderInputs(2, 1)));
        await runner.Started.WaitAsync();
        var pair = new[] { batcher.EnqueueAsync(AdderInputs(3, 1)), batcher.EnqueueAsync(AdderInputs(4, 1)) };
        runner.Release();
        await Task.WhenAll([held, .. pair]);
        var first = batcher.EnqueueAsync(AdderInputs(5, 1));
        var second = batcher.EnqueueAsync(AdderInputs(6, 1));
        await Task.WhenAll(first, second);

        // Assert
        runner.RunRows.ShouldBe([1L, 1L, 2L, 2L]);
    }

    private static IReadOnlyList<Tensor> AdderInputs(int seed, int rows)
    {
        var a = Enumerable.Range(0, rows * 3).Select(i => (float)(seed * 10 + i)).ToArray();
        var b = Enumerable.Range(0, rows * 3).Select(i => (float)(seed - i) / 4).ToArray();
        return [new Tensor("a", DataType.Fp32, [rows, 3], a), new Tensor("b", DataType.Fp32, [rows, 3], b)];
    }
}
