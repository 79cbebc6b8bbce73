namespace Slipway.Serving.Inference;

/// <summary>Parameters of protocol extensions this server does not offer: refused with a 400 that says so, never silently ignored.</summary>
public static class UnsupportedExtensions
{
    /// <summary>Refuses the tensor <paramref name="where"/> (e.g. "input 'x'") when it has a parameter of an unsupported extension.</summary>
    public static void Refuse(string where, Func<string, bool> hasParameter)
    {
        ArgumentNullException.ThrowIfNull(hasParameter);
        if (hasParameter("shared_memory_region"))
        {
            throw ProtocolException.BadRequest($"{where} uses the shared-memory extension, which this server does not offer; send the tensor in the request.");
        }

        if (hasParameter("classification"))
        {
            throw ProtocolException.BadRequest($"{where} asks for the classification extension, which this server does not offer; request the output itself.");
        }
    }
}
