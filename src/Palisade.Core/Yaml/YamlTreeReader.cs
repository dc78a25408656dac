using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Palisade.Core.Yaml;

/// <summary>
/// Builds position-carrying trees from YamlDotNet's event parser, enforcing depth, alias-expansion and
/// document caps, rejecting duplicate keys (as Kubernetes' strict decoder does) and applying <c>&lt;&lt;</c> merge keys.
/// </summary>
public sealed class YamlTreeReader(DocumentLimits limits)
{
    public ParseOutcome Read(string text)
    {
        var documents = new List<ParsedDocument>();
        var errors = new List<ParseError>();
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.Accept<StreamEnd>(out _))
            {
                var start = parser.Consume<DocumentStart>();
                if (documents.Count >= limits.MaxDocuments)
                {
                    errors.Add(new ParseError(Line(start.Start), $"more than {limits.MaxDocuments} documents; the rest are not read"));
                    break;
                }
                var root = new DocumentBuilder(parser, limits).ReadNode(depth: 0);
                parser.Consume<DocumentEnd>();
                documents.Add(new ParsedDocument(documents.Count, root));
            }
        }
        catch (YamlTreeException ex)
        {
            errors.Add(new ParseError(ex.Line, ex.Message));
        }
        catch (YamlException ex)
        {
            errors.Add(new ParseError(Line(ex.Start), CleanMessage(ex.Message)));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input instead of a YamlException.
            errors.Add(new ParseError(LastLine(parser), "malformed YAML"));
        }
        return new ParseOutcome(documents, errors);
    }

    private static int LastLine(Parser parser)
    {
        try
        {
            return parser.Current is { } current ? Line(current.End) : 1;
        }
        catch (InvalidOperationException)
        {
            return 1;
        }
    }

    internal static int Line(YamlDotNet.Core.Mark mark) => (int)Math.Max(1, mark.Line);

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: x, Col: y, Idx: z) - (…): "; the diagnostic carries the line already.
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }

    private sealed class DocumentBuilder(IParser parser, DocumentLimits limits)
    {
        private readonly Dictionary<string, (YamlNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
        private long _expanded;

        public YamlNode ReadNode(int depth) => Read(depth).Node;

        private (YamlNode Node, long Size) Read(int depth)
        {
            if (depth > limits.MaxDepth)
            {
                throw new YamlTreeException(Line(parser.Current!.Start), $"nesting deeper than {limits.MaxDepth} levels");
            }
            var current = parser.Current ?? throw new YamlTreeException(1, "unexpected end of input");
            (YamlNode Node, long Size) result;
            string? anchor = null;
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new YamlTreeException(Line(alias.Start), $"alias *{alias.Value.Value} refers to no anchor");
                    }
                    Count(target.Size, alias.Start);
                    return target;
                case Scalar scalar:
                    parser.MoveNext();
                    anchor = AnchorName(scalar.Anchor);
                    Count(1, scalar.Start);
                    result = (new YamlScalar(ToMark(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty), 1);
                    break;
                case SequenceStart sequence:
                    parser.MoveNext();
                    anchor = AnchorName(sequence.Anchor);
                    result = ReadSequence(sequence, depth);
                    break;
                case MappingStart mapping:
                    parser.MoveNext();
                    anchor = AnchorName(mapping.Anchor);
                    result = ReadMapping(mapping, depth);
                    break;
                default:
                    throw new YamlTreeException(Line(current.Start), $"unexpected {current.GetType().Name}");
            }
            if (anchor is not null)
            {
                _anchors[anchor] = result;
            }
            return result;
        }

        private (YamlNode, long) ReadSequence(SequenceStart start, int depth)
        {
            Count(1, start.Start);
            var items = new List<YamlNode>();
            long size = 1;
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var (node, nodeSize) = Read(depth + 1);
                items.Add(node);
                size += nodeSize;
            }
            return (new YamlSequence(ToMark(start.Start), items), size);
        }

        private (YamlNode, long) ReadMapping(MappingStart start, int depth)
        {
            Count(1, start.Start);
            var entries = new KeyedEntries();
            List<YamlMapping>? merges = null;
            long size = 1;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                var (keyNode, _) = Read(depth + 1);
                if (keyNode is not YamlScalar key)
                {
                    throw new YamlTreeException(Line(keyEvent.Start), "a mapping key must be a scalar");
                }
                var (value, valueSize) = Read(depth + 1);
                size += valueSize + 1;
                if (key.Value == "<<" && key.IsPlain)
                {
                    merges ??= [];
                    merges.AddRange(MergeSources(value, key.Start.Line));
                    continue;
                }
                if (entries.Find(key.Value) is { } first)
                {
                    throw new YamlTreeException(key.Start.Line, $"duplicate key '{key.Value}' (first at line {first.Key.Start.Line})");
                }
                entries.Add(new YamlEntry(key, value));
            }
            if (merges is not null)
            {
                // Keys written in the mapping win over merged ones; earlier merge sources win over later ones.
                foreach (var entry in merges.SelectMany(m => m.Entries))
                {
                    if (entries.Find(entry.Key.Value) is null)
                    {
                        entries.Add(entry);
                    }
                }
            }
            return (new YamlMapping(ToMark(start.Start), entries.List), size);
        }

        private static IEnumerable<YamlMapping> MergeSources(YamlNode value, int line) => value switch
        {
            YamlMapping m => [m],
            YamlSequence s when s.Items.All(i => i is YamlMapping) => s.Items.Cast<YamlMapping>(),
            _ => throw new YamlTreeException(line, "a merge key '<<' must refer to a mapping or a list of mappings"),
        };

        private void Count(long nodes, YamlDotNet.Core.Mark at)
        {
            _expanded += nodes;
            if (_expanded > limits.MaxExpandedNodes)
            {
                throw new YamlTreeException(Line(at), $"document expands to more than {limits.MaxExpandedNodes:N0} nodes (alias bomb?)");
            }
        }

        private static string? AnchorName(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

        private static Mark ToMark(YamlDotNet.Core.Mark mark) => new((int)mark.Line, (int)mark.Column);
    }
}

internal sealed class YamlTreeException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Entries of a mapping being built, with duplicate lookup: a linear scan while small (Kubernetes mappings are),
/// a hash index once large, so a hostile mapping with many keys stays linear time.
/// </summary>
internal sealed class KeyedEntries
{
    private const int IndexThreshold = 16;
    private Dictionary<string, YamlEntry>? _index;

    public List<YamlEntry> List { get; } = [];

    public YamlEntry? Find(string key)
    {
        if (_index is not null)
        {
            return _index.GetValueOrDefault(key);
        }
        foreach (var entry in List)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }
        return null;
    }

    public void Add(YamlEntry entry)
    {
        List.Add(entry);
        if (_index is not null)
        {
            _index[entry.Key.Value] = entry;
        }
        else if (List.Count > IndexThreshold)
        {
            _index = List.ToDictionary(e => e.Key.Value, StringComparer.Ordinal);
        }
    }
}
