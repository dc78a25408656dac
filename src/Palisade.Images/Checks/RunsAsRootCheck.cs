using Palisade.Core.Findings;

namespace Palisade.Images.Checks;

public sealed class RunsAsRootCheck : IImageCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("image.runs-as-root"),
        Title = "Image runs as root",
        Severity = Severity.Medium,
        Description = "Without a non-root USER the container's processes run as uid 0 unless the pod overrides it.",
        Remediation = "Add a USER instruction with a non-zero numeric UID (e.g. USER 10001) to the Dockerfile.",
        Mitre = CheckInfo.Techniques("T1611", "T1068"),
        Aliases = ["DS002"],
    };

    public IEnumerable<(string, string?)> Evaluate(ImageConfig config)
    {
        var user = config.User?.Split(':')[0].Trim() ?? "";
        if (user is "" or "root" or "0")
        {
            yield return (user.Length == 0 ? "the image sets no USER and runs as root" : $"the image runs as USER {config.User}", $"User: {(user.Length == 0 ? "(unset)" : config.User)}");
        }
    }
}
