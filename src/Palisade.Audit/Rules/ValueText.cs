using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Palisade.Audit.Rules;

/// <summary>
/// The text rules compare a value by: a string's content, a number or boolean as written, an object or array as its
/// JSON. The UTF-8 form reads the document in place; only strings with escapes are decoded.
/// </summary>
public static class ValueText
{
    public static ReadOnlySpan<byte> Utf8(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(value);
                var content = raw[1..^1];
                return content.IndexOf((byte)'\\') < 0 ? content : Encoding.UTF8.GetBytes(value.GetString()!);
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return [];
            default:
                return JsonMarshal.GetRawUtf8Value(value);
        }
    }

    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    /// <summary>A value JSON null or absent counts as not there.</summary>
    public static bool IsPresent(JsonElement value) => value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
}
