using Palisade.Core.Findings;

namespace Palisade.Operator.Images;

public enum ImageScanStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>Where one digest's scan stands, how many attempts it took, and what it found (or why it failed).</summary>
public sealed record ImageScanState(RunningImage Image, ImageScanStatus Status, int Attempts, IReadOnlyList<Finding> Findings, string? Problem)
{
    public static ImageScanState Queued(RunningImage image) => new(image, ImageScanStatus.Queued, 0, [], null);
}
