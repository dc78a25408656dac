using Palisade.Core.Findings;
using Palisade.Core.Secrets;
using Palisade.Images.Secrets;

namespace Palisade.Images.Checks;

/// <summary>Credentials in image labels or in the build history (RUN lines and build arguments are recorded there).</summary>
public sealed class SecretInImageMetadataCheck : IImageCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("image.secret-in-metadata"),
        Title = "Credential in the image's labels or build history",
        Severity = Severity.High,
        Description = "Labels and the build history (every RUN line, with the build arguments it used) are part of the image config that anyone who pulls the image can read.",
        Remediation = "Pass build-time secrets with BuildKit secret mounts (RUN --mount=type=secret), not ARG or inline values, and keep credentials out of labels; rotate the exposed credential.",
        Mitre = CheckInfo.Techniques("T1552.001"),
    };

    public IEnumerable<(string, string?)> Evaluate(ImageConfig config)
    {
        foreach (var (name, value) in config.Labels)
        {
            // Label names like "auth-mode" are common; under a credential-like name only a token-like value counts.
            if (Credentials.Classify(name, value) is { } reason && (reason == "looks like a credential" || LooksLikeToken(value)))
            {
                yield return ($"label {name} holds a value that {reason}", $"{name}={Credentials.Redact(value)}");
            }
        }
        for (var i = 0; i < config.History.Count; i++)
        {
            if (config.History[i].StartsWith("ENV ", StringComparison.Ordinal) || config.History[i].Contains("#(nop)  ENV ", StringComparison.Ordinal))
            {
                continue; // the ENV check reports these from the final environment
            }
            foreach (var hit in SecretScanner.Scan("history", config.History[i]))
            {
                yield return ($"history step {i + 1} contains a {hit.Rule.Info.Title.Replace(" in an image layer", "", StringComparison.Ordinal).ToLowerInvariant()}", hit.Redacted);
            }
            foreach (var assignment in config.History[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.Contains('=', StringComparison.Ordinal)))
            {
                var eq = assignment.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (assignment[..eq], assignment[(eq + 1)..].Trim('"', '\''));
                if (name.Length > 0 && Credentials.Classify(name, value) is { } reason && (reason == "looks like a credential" || LooksLikeToken(value)))
                {
                    yield return ($"history step {i + 1} sets {name} to a value that {reason}", $"{name}={Credentials.Redact(value)}");
                }
            }
        }
    }

    private static bool LooksLikeToken(string value) => value.Length >= 12 && value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter) && !value.Contains(' ', StringComparison.Ordinal);
}
