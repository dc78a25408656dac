using Palisade.Core.Catalog;
using Palisade.Core.Findings;

namespace Palisade.Images.Checks;

/// <summary>A check over an image's configuration; one class per check.</summary>
public interface IImageCheck
{
    CheckInfo Info { get; }

    IEnumerable<(string Message, string? Evidence)> Evaluate(ImageConfig config);
}

public static class ImageChecks
{
    public static IReadOnlyList<IImageCheck> All { get; } =
        [new RunsAsRootCheck(), new SecretInImageEnvCheck(), new SecretInImageMetadataCheck(), new SshExposedCheck(), new RemoteAddCheck(), new NoHealthcheckCheck()];

    /// <summary>Configuration checks, secret rules and the setuid file check: everything an image scan reports besides advisories.</summary>
    public static ICheckSource Source { get; } = new CheckSource("image", () => All.Select(c => c.Info).Concat(Secrets.SecretRules.All.Select(r => r.Info)).Append(SetuidObserver.Info));
}
