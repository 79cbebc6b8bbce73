using Slipway.Delivery.Models;

namespace Slipway.Delivery.Tests.Models;

internal sealed class TensorSpecificationComparer : IEqualityComparer<TensorSpecification>
{
    public bool Equals(TensorSpecification? x, TensorSpecification? y) =>
        x is not null && y is not null && x.Name == y.Name && x.Datatype == y.Datatype && x.Shape.SequenceEqual(y.Shape);

    public int GetHashCode(TensorSpecification obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
}
