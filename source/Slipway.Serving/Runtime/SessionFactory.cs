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
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        return new InferenceSession(modelPath, options);
    }
}
