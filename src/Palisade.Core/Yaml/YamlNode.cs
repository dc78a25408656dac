namespace Palisade.Core.Yaml;

/// <summary>A 1-based line and column in the source text.</summary>
public readonly record struct Mark(int Line, int Column);

/// <summary>
/// A parsed YAML or JSON node that keeps where it came from, so every finding can point at the offending field.
/// </summary>
public abstract record YamlNode(Mark Start);

public sealed record YamlScalar(Mark Start, string Value, bool IsPlain) : YamlNode(Start)
{
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Booleans as Kubernetes' YAML decoder (YAML 1.1 rules) reads an unquoted scalar.</summary>
    public bool? AsBool => !IsPlain ? null : Value switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N" => false,
        _ => null,
    };

    public long? AsInteger => IsPlain && long.TryParse(Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}

public sealed record YamlSequence(Mark Start, IReadOnlyList<YamlNode> Items) : YamlNode(Start);

public sealed record YamlEntry(YamlScalar Key, YamlNode Value);

public sealed record YamlMapping(Mark Start, IReadOnlyList<YamlEntry> Entries) : YamlNode(Start)
{
    public YamlEntry? Entry(string key)
    {
        // Indexed on purpose: this is the hottest call of every check, and foreach over the interface allocates.
        var entries = Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key.Value == key)
            {
                return entries[i];
            }
        }
        return null;
    }

    /// <summary>The value under <paramref name="key"/>, or null when it is missing or an explicit null.</summary>
    public YamlNode? this[string key] => Entry(key)?.Value is { } v && !(v is YamlScalar s && s.IsNull) ? v : null;

    public YamlMapping? Map(string key) => this[key] as YamlMapping;

    public YamlSequence? Seq(string key) => this[key] as YamlSequence;

    public YamlScalar? Scalar(string key) => this[key] as YamlScalar;

    public string? Str(string key) => Scalar(key)?.Value;

    public bool? Bool(string key) => Scalar(key)?.AsBool;

    public long? Int(string key) => Scalar(key)?.AsInteger;

    /// <summary>Present with a non-null value, as a Go pointer field decoded from it would be non-nil.</summary>
    public bool Has(string key) => this[key] is not null;

    public IEnumerable<YamlMapping> Maps(string key) => Seq(key)?.Items.OfType<YamlMapping>() ?? [];

    public IEnumerable<string> Strings(string key) =>
        Seq(key)?.Items.OfType<YamlScalar>().Where(s => !s.IsNull).Select(s => s.Value) ?? [];
}
