using Palisade.TestSupport;

namespace Palisade.Cli.Tests;

/// <summary>The real Alpine v3.11 secdb, with the corpus image's openssl fix moved one release later so that it matches.</summary>
internal static class AlpineAdvisories
{
    public static string Secdb311 => Corpus.Require("vulnerability-data/alpine/legacy-secdb-v3.11-main.yaml");

    public static string WithOpensslAhead(string folder)
    {
        var text = File.ReadAllText(Secdb311).Replace("        1.1.1d-r3:\n          - CVE-2019-1551", "        1.1.1d-r4:\n          - CVE-2019-1551", StringComparison.Ordinal);
        var path = Path.Combine(folder, "secdb-v3.11-main.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
