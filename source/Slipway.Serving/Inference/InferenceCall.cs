using System.Diagnostics;
using System.Globalization;
using Slipway.Serving.Batching;
using Slipway.Serving.Observability;
using Slipway.Serving.Repository;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Inference;

/// <summary>
/// One inference request from arrival to answer, whatever the protocol (REST, binary REST, gRPC): resolves the model,
/// decodes and runs, and records the request's metrics once. Both front ends answer with <see cref="Fail"/>'s status and
/// message, so a client sees the same text over every protocol.
/// </summary>
public sealed class InferenceCall(string model, string? version)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    // Unknown names are not used as label values, so probing requests cannot grow the metric set.
    private string _modelLabel = "_unknown";
    private string _versionLabel = "_unknown";

    public string Version => _versionLabel;

    /// <summary>The model version to run, ready (else a 404 or 503 <see cref="ProtocolException"/>).</summary>
    public (ServedModel Served, ModelDefinition Definition) Resolve(ModelRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var served = registry.Resolve(model, version);
        _modelLabel = served.Name;
        _versionLabel = served.Version;
        if (served.State != ModelState.Ready || served.Definition is not { } definition)
        {
            throw ProtocolException.Unavailable(served.NotReadyReason!);
        }

        return (served, definition);
    }

    /// <summary>Decodes the inputs against the model's signature; anything malformed is a 400 naming the input.</summary>
    public static Tensor[] Decode(IReadOnlyList<IWireTensor?>? inputs, ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        try
        {
            return TensorDecoder.DecodeInputs(inputs, definition.Name, definition.Inputs, definition.MaxBatchSize);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new ProtocolException(StatusCodes.Status400BadRequest, $"request inputs could not be decoded: {exception.Message}", exception);
        }
    }

    /// <summary>The outputs to return: the requested names (each must exist), or every output when none is requested.</summary>
    public static HashSet<string> SelectOutputs(IReadOnlyList<string?>? requested, ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (requested is null || requested.Count == 0)
        {
            return [.. definition.Outputs.Select(o => o.Name)];
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Count; i++)
        {
            var name = requested[i];
            if (string.IsNullOrEmpty(name) || !definition.Outputs.Any(o => o.Name == name))
            {
                throw ProtocolException.BadRequest(
                    $"outputs[{i}] asks for {(string.IsNullOrEmpty(name) ? "an output without a name" : $"unknown output '{name}'")}; model '{definition.Name}' has outputs {string.Join(", ", definition.Outputs.Select(o => $"'{o.Name}'"))}.");
            }

            wanted.Add(name);
        }

        return wanted;
    }

    public void Succeeded() => Record(StatusCodes.Status200OK, null);

    /// <summary>
    /// Records a failed request and says how to answer it: the protocol status (HTTP semantics), the message for the
    /// client, and whether the client should retry later. Unexpected exceptions are logged with the request id.
    /// </summary>
    public InferenceFailure Fail(Exception exception, string requestId, CancellationToken aborted, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(logger);
        switch (exception)
        {
            case ProtocolException protocol:
                Record(protocol.StatusCode, Reason(protocol.StatusCode));
                return new InferenceFailure(protocol.StatusCode, protocol.Message, RetryLater: false);
            case QueueFullException queueFull:
                Record(StatusCodes.Status503ServiceUnavailable, "queue_full");
                return new InferenceFailure(StatusCodes.Status503ServiceUnavailable, queueFull.Message, RetryLater: true);
            case OperationCanceledException when aborted.IsCancellationRequested:
                Record(499, "client_closed");
                return new InferenceFailure(499, "the client closed the request.", RetryLater: false);
            default:
                Log.InternalError(logger, exception, _modelLabel, _versionLabel);
                Record(StatusCodes.Status500InternalServerError, "internal");
                return new InferenceFailure(StatusCodes.Status500InternalServerError,
                    $"internal error while running model '{model}' version '{_versionLabel}' ({exception.GetType().Name}); the server log has details under request id '{requestId}'.",
                    RetryLater: false);
        }
    }

    private static string Reason(int status) => status switch
    {
        400 => "bad_request",
        404 => "not_found",
        413 => "payload_too_large",
        503 => "unavailable",
        _ => "other",
    };

    private void Record(int status, string? failure)
    {
        ServingMetrics.Requests.WithLabels(_modelLabel, _versionLabel, status.ToString(CultureInfo.InvariantCulture)).Inc();
        ServingMetrics.RequestDuration.WithLabels(_modelLabel, _versionLabel).Observe(Stopwatch.GetElapsedTime(_started).TotalSeconds);
        if (failure is not null)
        {
            ServingMetrics.Failures.WithLabels(_modelLabel, _versionLabel, failure).Inc();
        }
    }
}

/// <summary>How to answer a failed inference: status (HTTP semantics; gRPC maps it), message, and whether to retry later.</summary>
public readonly record struct InferenceFailure(int StatusCode, string Message, bool RetryLater);
