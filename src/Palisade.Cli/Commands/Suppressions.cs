using System.CommandLine;
using Palisade.Core.Suppressions;

namespace Palisade.Cli.Commands;

/// <summary>Loads <c>.palisadeignore.yaml</c>; a broken suppressions file is fatal, since guessing could hide findings.</summary>
public static class Suppressions
{
    public const string DefaultFileName = ".palisadeignore.yaml";

    public static SuppressionFilter Load(ParseResult parsed, ReportingOptions reporting, CliEnvironment env)
    {
        var explicitPath = parsed.GetValue(reporting.IgnoreFile);
        var path = Path.GetFullPath(explicitPath ?? DefaultFileName, env.WorkingDirectory);
        var today = DateOnly.FromDateTime(env.Clock.GetUtcNow().UtcDateTime);
        if (!File.Exists(path))
        {
            return explicitPath is null ? new SuppressionFilter([], today) : throw new UsageException($"ignore file '{explicitPath}' does not exist");
        }
        var (rules, diagnostics) = IgnoreFileLoader.Load(Path.GetRelativePath(env.WorkingDirectory, path), File.ReadAllText(path));
        if (diagnostics.Count > 0)
        {
            throw new UsageException(string.Join(Environment.NewLine, diagnostics));
        }
        return new SuppressionFilter(rules, today);
    }
}
