namespace Slipway.Serving.Repository;

public enum ModelState
{
    Loading,
    Ready,
    Failed,
}
