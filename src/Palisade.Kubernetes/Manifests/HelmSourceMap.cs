using System.Text.RegularExpressions;
using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Kubernetes.Manifests;

/// <summary>
/// `helm template` output names the template each document came from in a "# Source: chart/templates/x.yaml"
/// comment; findings are attributed to that template, with the line counted within the rendered document.
/// </summary>
public sealed partial class HelmSourceMap : ILocationResolver
{
    private readonly (int Line, string Template)[] _sources;

    private HelmSourceMap((int Line, string Template)[] sources) => _sources = sources;

    /// <summary>The map of a rendered stream, or null when it carries no Source comments.</summary>
    public static HelmSourceMap? Detect(string text)
    {
        if (!text.Contains("# Source: ", StringComparison.Ordinal))
        {
            return null;
        }
        var sources = new List<(int, string)>();
        var line = 0;
        foreach (var content in text.AsSpan().EnumerateLines())
        {
            line++;
            // Only comment lines can name a template; the rest of the stream is not matched at all.
            if (content.IsEmpty || content[0] != '#')
            {
                continue;
            }
            var match = SourceComment().Match(content.ToString());
            if (match.Success)
            {
                sources.Add((line, match.Groups[1].Value.Trim()));
            }
        }
        return sources.Count == 0 ? null : new HelmSourceMap([.. sources]);
    }

    public SourceLocation Locate(KubernetesObject obj, YamlNode node)
    {
        var line = node.Start.Line;
        var document = obj.Root.Start.Line;
        // The Source comment that precedes the object's document; findings inside it count lines from there.
        var index = Array.FindLastIndex(_sources, s => s.Line < document);
        return index < 0
            ? new SourceLocation(obj.File, line, node.Start.Column)
            : new SourceLocation(_sources[index].Template, line - _sources[index].Line, node.Start.Column);
    }

    [GeneratedRegex(@"^#\s*Source:\s*(\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceComment();
}
