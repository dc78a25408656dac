namespace Palisade.Policy.Export;

/// <summary>Literals for generated CEL.</summary>
internal static class CelText
{
    public static string Quote(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Order(StringComparer.Ordinal).Select(Quote)) + "]";
}
