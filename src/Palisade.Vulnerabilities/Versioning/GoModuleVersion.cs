namespace Palisade.Vulnerabilities.Versioning;

/// <summary>
/// Go module versions: semantic versions with a leading v (v1.2.3, pseudo-versions such as
/// v0.0.0-20210101000000-abcdef123456, +incompatible), ordered by SemVer precedence as the go command orders them.
/// </summary>
public sealed class GoModuleVersion : IVersionScheme
{
    public string Name => "go";

    public bool IsValid(string version) => Parse(version) is not null;

    public int Compare(string a, string b) =>
        (Parse(a) ?? throw new FormatException($"not a Go module version: '{a}'"))
            .CompareTo(Parse(b) ?? throw new FormatException($"not a Go module version: '{b}'"));

    public Comparison<string> Comparison() => new ParsedVersions<SemanticVersion>(Parse, "a Go module version").Compare;

    /// <summary>The Go toolchain reports itself as go1.22.3; OSV's Go records drop the leading v (1.2.3).</summary>
    private static SemanticVersion? Parse(string text)
    {
        var version = text.Trim();
        if (version.StartsWith("go", StringComparison.Ordinal))
        {
            version = "v" + version[2..];
            var dots = version.Count(c => c == '.');
            version = dots == 1 ? version + ".0" : version;
        }
        return SemanticVersion.TryParse(version.StartsWith('v') ? version : "v" + version);
    }
}
