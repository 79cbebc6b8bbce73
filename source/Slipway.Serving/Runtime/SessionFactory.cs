using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Slipway.Serving.Runtime;

/// <summary>Creates ONNX Runtime sessions with the service's threading settings.</summary>
public static class SessionFactory
{
    public static InferenceSession Create(string modelPath, int intraOpThreads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        // Idle intra-op threads would spin and take the CPU from Kestrel and the other requests.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        return new InferenceSession(modelPath, options);
    }
}
