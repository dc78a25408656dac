using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Palisade.Policy.Export;

[JsonSourceGenerationOptions]
[JsonSerializable(typeof(string))]
internal sealed partial class PolicyJson : JsonSerializerContext
{
    /// <summary>Keeps ', &lt; and &gt; as they are: the output is YAML for people, not HTML.</summary>
    public static PolicyJson Relaxed { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
