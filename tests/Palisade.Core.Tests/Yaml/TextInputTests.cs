using System.Text;
using Palisade.Core.Yaml;

namespace Palisade.Core.Tests.Yaml;

public sealed class TextInputTests
{
    [Fact]
    public void A_byte_order_mark_is_dropped()
    {
        Assert.True(TextInput.TryDecode([.. Encoding.UTF8.GetPreamble(), .. "a: 1"u8], out var text, out _));
        Assert.Equal("a: 1", text);
    }

    [Fact]
    public void Invalid_utf8_names_its_line()
    {
        Assert.False(TextInput.TryDecode([.. "a: 1\nb: 2\nc: "u8, 0xC3, 0x28], out _, out var error));
        Assert.Equal(3, error!.Line);
    }

    [Fact]
    public void Nul_bytes_mean_binary()
    {
        Assert.False(TextInput.TryDecode([.. "a: 1\n"u8, 0, 1, 2], out _, out var error));
        Assert.Contains("binary", error!.Message, StringComparison.Ordinal);
    }
}
