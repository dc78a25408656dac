using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Policy.Admission;

/// <summary>
/// Strict reading of a policy document, as the API server decodes with field validation on: an unknown or misspelled
/// field, a wrong type or a missing required field is a problem naming the file and line, never ignored.
/// </summary>
internal sealed class ObjectReader(string file, List<PolicyProblem> problems)
{
    public bool Failed { get; private set; }

    public SourceLocation At(YamlNode node) => new(file, node.Start.Line, node.Start.Column);

    public void Problem(YamlNode node, string message)
    {
        problems.Add(new PolicyProblem(At(node), message));
        Failed = true;
    }

    /// <summary>Reports every key of <paramref name="mapping"/> not in <paramref name="allowed"/>.</summary>
    public void Closed(YamlMapping mapping, string where, params string[] allowed)
    {
        foreach (var entry in mapping.Entries)
        {
            if (!allowed.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                Problem(entry.Key, $"unknown field \"{where}.{entry.Key.Value}\" (known: {string.Join(", ", allowed)})");
            }
        }
    }

    public YamlMapping? Map(YamlMapping parent, string key, string where, bool required = false)
    {
        switch (parent.Entry(key)?.Value)
        {
            case YamlMapping map:
                return map;
            case null or YamlScalar { IsNull: true }:
                if (required)
                {
                    Problem(parent, $"{where}.{key}: required");
                }
                return null;
            case var other:
                Problem(other, $"{where}.{key}: expected an object");
                return null;
        }
    }

    public IReadOnlyList<YamlMapping> Maps(YamlMapping parent, string key, string where)
    {
        switch (parent.Entry(key)?.Value)
        {
            case YamlSequence seq:
                var maps = new List<YamlMapping>();
                foreach (var item in seq.Items)
                {
                    if (item is YamlMapping map)
                    {
                        maps.Add(map);
                    }
                    else
                    {
                        Problem(item, $"{where}.{key}[]: expected an object");
                    }
                }
                return maps;
            case null or YamlScalar { IsNull: true }:
                return [];
            case var other:
                Problem(other, $"{where}.{key}: expected a list");
                return [];
        }
    }

    public string? Str(YamlMapping parent, string key, string where, bool required = false)
    {
        switch (parent.Entry(key)?.Value)
        {
            case YamlScalar { IsNull: false } scalar:
                return scalar.Value;
            case null or YamlScalar:
                if (required)
                {
                    Problem(parent, $"{where}.{key}: required");
                }
                return null;
            case var other:
                Problem(other, $"{where}.{key}: expected a string");
                return null;
        }
    }

    public IReadOnlyList<string> Strings(YamlMapping parent, string key, string where)
    {
        switch (parent.Entry(key)?.Value)
        {
            case YamlSequence seq:
                var values = new List<string>();
                foreach (var item in seq.Items)
                {
                    if (item is YamlScalar { IsNull: false } scalar)
                    {
                        values.Add(scalar.Value);
                    }
                    else
                    {
                        Problem(item, $"{where}.{key}[]: expected a string");
                    }
                }
                return values;
            case null or YamlScalar { IsNull: true }:
                return [];
            case var other:
                Problem(other, $"{where}.{key}: expected a list of strings");
                return [];
        }
    }

    /// <summary>One of the allowed values, or the default when absent.</summary>
    public string Enum(YamlMapping parent, string key, string where, string fallback, params string[] allowed)
    {
        var value = Str(parent, key, where);
        if (value is null)
        {
            return fallback;
        }
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Problem(parent.Entry(key)!.Value, $"{where}.{key}: '{value}' is not one of {string.Join(", ", allowed)}");
            return fallback;
        }
        return value;
    }
}

/// <summary>A problem in a policy file: where, and what.</summary>
public sealed record PolicyProblem(SourceLocation Location, string Message);
