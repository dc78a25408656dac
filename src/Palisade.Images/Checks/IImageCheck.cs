using Palisade.Core.Catalog;
using Palisade.Core.Findings;
using Palisade.Core.Registration;

namespace Palisade.Images.Checks;

/// <summary>A check over an image's configuration; one class per check.</summary>
public interface IImageCheck
{
    CheckInfo Info { get; }

    IEnumerable<(string Message, string? Evidence)> Evaluate(ImageConfig config);
}

/// <summary>Every image configuration check, found at build time by the registration generator.</summary>
public static partial class ImageChecks
{
    public static IReadOnlyList<IImageCheck> All { get; } = Discovered();

    [Discovered]
    private static partial IReadOnlyList<IImageCheck> Discovered();

    /// <summary>Configuration checks, secret rules and the setuid file check: everything an image scan reports besides advisories.</summary>
    public static ICheckSource Source { get; } = new CheckSource("image", () => All.Select(c => c.Info).Concat(Secrets.SecretRules.All.Select(r => r.Info)).Append(SetuidObserver.Info));
}
