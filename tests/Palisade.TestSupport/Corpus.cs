using Xunit;

namespace Palisade.TestSupport;

/// <summary>
/// Access to ../shared/corpora: in CI (CI=true) a missing corpus fails the test; elsewhere the test is skipped
/// with a message saying what is missing.
/// </summary>
public static class Corpus
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Require(string relative)
    {
        var path = Path.Combine(RepositoryPaths.Corpora, relative);
        if (Directory.Exists(path) || File.Exists(path))
        {
            return path;
        }
        var message = $"corpus '{relative}' not found at {path}";
        if (InCi)
        {
            throw new InvalidOperationException(message + " (CI=true: the corpus is required)");
        }
        Skip.If(true, message + ": skipped outside CI");
        return path;
    }

    public static bool Exists(string relative) => Path.Exists(Path.Combine(RepositoryPaths.Corpora, relative));
}
