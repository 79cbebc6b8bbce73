namespace Slipway.Training.Data;

/// <summary>The data cannot be trained on: the message names the file, the line and the fix. Nothing is registered.</summary>
public sealed class DataException : Exception
{
    public DataException(string message) : base(message)
    {
    }

    public DataException(string message, Exception inner) : base(message, inner)
    {
    }
}
