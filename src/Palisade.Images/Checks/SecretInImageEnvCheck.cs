using Palisade.Core.Findings;
using Palisade.Core.Secrets;

namespace Palisade.Images.Checks;

public sealed class SecretInImageEnvCheck : IImageCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("image.secret-in-env"),
        Title = "Credential in the image's environment",
        Severity = Severity.High,
        Description = "An ENV baked into an image is readable by anyone who can pull it, in every registry and cache it reaches.",
        Remediation = "Remove the credential from the Dockerfile's ENV and inject it at run time from a Secret; rotate it, since it is already public to pullers.",
        Mitre = CheckInfo.Techniques("T1552.001"),
    };

    public IEnumerable<(string, string?)> Evaluate(ImageConfig config)
    {
        foreach (var variable in config.Env)
        {
            var eq = variable.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && Credentials.Classify(variable[..eq], variable[(eq + 1)..]) is { } reason)
            {
                yield return ($"ENV {variable[..eq]} holds a literal value that {reason}", $"{variable[..eq]}={Credentials.Redact(variable[(eq + 1)..])}");
            }
        }
    }
}
