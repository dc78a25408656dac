namespace Palisade.Vulnerabilities.Versioning;

/// <summary>Every version scheme, by the name advisories and package analyzers use for it.</summary>
public static class VersionSchemes
{
    public static IReadOnlyList<IVersionScheme> All { get; } =
    [
        new DpkgVersion(), new RpmVersion(), new ApkVersion(), new SemverScheme(), new Pep440Version(),
        new MavenVersion(), new NuGetVersion(), new GoModuleVersion(),
    ];

    public static IVersionScheme? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
