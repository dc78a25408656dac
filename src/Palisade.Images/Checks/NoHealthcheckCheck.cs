using Palisade.Core.Findings;

namespace Palisade.Images.Checks;

public sealed class NoHealthcheckCheck : IImageCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("image.no-healthcheck"),
        Title = "Image has no HEALTHCHECK",
        Severity = Severity.Info,
        Description = "Without a health check a hung process keeps serving nothing; Kubernetes ignores HEALTHCHECK, so this matters for other runtimes.",
        Remediation = "Add a HEALTHCHECK to the Dockerfile, and liveness/readiness probes to the Kubernetes workload.",
        Mitre = CheckInfo.Techniques("T1499"),
        Aliases = ["DS026"],
    };

    public IEnumerable<(string, string?)> Evaluate(ImageConfig config)
    {
        if (!config.HasHealthcheck)
        {
            yield return ("the image defines no HEALTHCHECK", null);
        }
    }
}
