using System.Threading.Channels;
using Slipway.Serving.Inference;
using Slipway.Serving.Observability;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Batching;

/// <summary>
/// Merges concurrent requests for one model version into a single run along the first dimension and splits the
/// outputs back. The queue is bounded: when it is full, <see cref="EnqueueAsync"/> throws <see cref="QueueFullException"/>.
/// </summary>
public sealed class ModelBatcher : IAsyncDisposable
{
    private readonly Channel<BatchItem> _queue;
    private readonly IModelRunner _runner;
    private readonly string _model;
    private readonly string _version;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _maxQueueDelay;
    private readonly int _capacity;
    private readonly Task _loop;
    private readonly TimeSpan _adaptiveWait;
    private readonly SemaphoreSlim _running = new(1, 1);
    private BatchItem? _carried;
    private volatile int _lastBatchRows = 1;
    private volatile bool _stopping;

    /// <param name="maxQueueDelay">The manifest's wait for a full batch (Triton's max_queue_delay); zero means do not wait for a full batch.</param>
    /// <param name="adaptiveWait">
    /// Longest wait for as many rows as the previous batch had. Under steady concurrent load this keeps batches full
    /// instead of alternating one-row and many-row runs; a lone client (previous batch of one row) never waits.
    /// </param>
    public ModelBatcher(IModelRunner runner, string model, string version, int maxBatchSize, TimeSpan maxQueueDelay, int capacity, TimeSpan adaptiveWait = default)
    {
        _adaptiveWait = adaptiveWait;
        _runner = runner;
        _model = model;
        _version = version;
        _maxBatchSize = Math.Max(1, maxBatchSize);
        _maxQueueDelay = maxQueueDelay;
        _capacity = capacity;
        _queue = Channel.CreateBounded<BatchItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        ServingMetrics.QueueDepth.WithLabels(model, version).Set(0);
        _loop = Task.Run(RunLoopAsync);
    }

    public int QueueDepth => _queue.Reader.Count;

    public Task<IReadOnlyList<Tensor>> EnqueueAsync(IReadOnlyList<Tensor> inputs, CancellationToken cancellationToken = default)
    {
        // Light load (last batch was one row, nothing waiting, model idle, no configured queue delay): run on the
        // caller's thread and skip two thread hops. Requests that arrive meanwhile queue up and form the next batch.
        if (!_stopping && _lastBatchRows <= 1 && _maxQueueDelay <= TimeSpan.Zero && _queue.Reader.Count == 0 && Volatile.Read(ref _carried) is null && _running.Wait(0))
        {
            try
            {
                ServingMetrics.BatchSize.WithLabels(_model, _version).Observe(inputs[0].Shape[0]);
                return Task.FromResult(_runner.Run(inputs));
            }
            catch (Exception exception)
            {
                return Task.FromException<IReadOnlyList<Tensor>>(exception);
            }
            finally
            {
                _running.Release();
            }
        }

        var item = new BatchItem(inputs);
        if (!_queue.Writer.TryWrite(item))
        {
            throw _stopping
                ? ProtocolException.Unavailable($"model '{_model}' version '{_version}' is shutting down; send the request to another instance.")
                : new QueueFullException(_model, _version, _capacity);
        }

        ServingMetrics.QueueDepth.WithLabels(_model, _version).Set(_queue.Reader.Count);
        return item.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking requests and finishes every queued one.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunLoopAsync()
    {
        var reader = _queue.Reader;
        while (_carried is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Collect only once the model is free, so everything that queued during the previous run joins this one.
            await _running.WaitAsync().ConfigureAwait(false);
            try
            {
                var batch = await CollectAsync(reader).ConfigureAwait(false);
                ServingMetrics.QueueDepth.WithLabels(_model, _version).Set(reader.Count);
                if (batch.Count > 0)
                {
                    Execute(batch);
                }
            }
            finally
            {
                _running.Release();
            }
        }
    }

    private async Task<List<BatchItem>> CollectAsync(ChannelReader<BatchItem> reader)
    {
        var batch = new List<BatchItem>();
        var first = _carried;
        _carried = null;
        if (first is null && !reader.TryRead(out first))
        {
            return batch;
        }

        batch.Add(first);
        var rows = first.Rows;
        var (target, wait) = _maxQueueDelay > TimeSpan.Zero
            ? (_maxBatchSize, _maxQueueDelay)
            : (Math.Min(_maxBatchSize, _lastBatchRows), _adaptiveWait);
        using var delay = new CancellationTokenSource(wait > TimeSpan.Zero ? wait : Timeout.InfiniteTimeSpan);
        while (rows < _maxBatchSize)
        {
            if (!reader.TryRead(out var next))
            {
                if (rows >= target || wait <= TimeSpan.Zero || delay.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    if (!await reader.WaitToReadAsync(delay.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            if (rows + next.Rows > _maxBatchSize || !first.CanJoin(next))
            {
                _carried = next; // starts the next batch
                break;
            }

            batch.Add(next);
            rows += next.Rows;
        }

        _lastBatchRows = rows;
        return batch;
    }

    private void Execute(List<BatchItem> batch)
    {
        var rows = batch.Sum(b => b.Rows);
        ServingMetrics.BatchSize.WithLabels(_model, _version).Observe(rows);
        if (batch.Count == 1)
        {
            RunSingle(batch[0]);
            return;
        }

        IReadOnlyList<Tensor> outputs;
        try
        {
            var merged = new Tensor[batch[0].Inputs.Count];
            for (var i = 0; i < merged.Length; i++)
            {
                merged[i] = Tensor.ConcatRows([.. batch.Select(b => b.Inputs[i])]);
            }

            outputs = _runner.Run(merged);
            if (outputs.Any(o => o.Shape.Length == 0 || o.Shape[0] != rows))
            {
                throw new InvalidOperationException($"model '{_model}' returned outputs whose first dimension is not the batch size {rows}; set maxBatchSize to 0 in its manifest.");
            }
        }
        catch (Exception)
        {
            // One faulty request must not fail the others: run each alone so each gets its own answer.
            foreach (var item in batch)
            {
                RunSingle(item);
            }

            return;
        }

        var offset = 0;
        foreach (var item in batch)
        {
            item.Completion.TrySetResult([.. outputs.Select(o => o.SliceRows(offset, item.Rows))]);
            offset += item.Rows;
        }
    }

    private void RunSingle(BatchItem item)
    {
        try
        {
            item.Completion.TrySetResult(_runner.Run(item.Inputs));
        }
        catch (Exception exception)
        {
            item.Completion.TrySetException(exception);
        }
    }
}
