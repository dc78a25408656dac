using Palisade.Images.Checks;

namespace Palisade.Images.Tests;

/// <summary>Every image check raises on Fixtures/configs/insecure.json and stays quiet on hardened.json.</summary>
public sealed class ImageCheckTests
{
    private static ImageConfig Config(string name) => ImageConfig.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "configs", name)));

    public static TheoryData<string> Checks() => [.. ImageChecks.All.Select(c => c.Info.Id.Value)];

    [Theory]
    [MemberData(nameof(Checks))]
    public void Raises_on_the_insecure_image_and_not_on_the_hardened_one(string id)
    {
        var check = ImageChecks.All.Single(c => c.Info.Id.Value == id);
        Assert.NotEmpty(check.Evaluate(Config("insecure.json")));
        Assert.Empty(check.Evaluate(Config("hardened.json")));
    }

    [Fact]
    public void Credentials_in_env_are_found_and_never_printed()
    {
        var hits = new SecretInImageEnvCheck().Evaluate(Config("insecure.json")).ToList();
        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", h.Item2, StringComparison.Ordinal));
        Assert.All(hits, h => Assert.DoesNotContain("hunter2", h.Item2, StringComparison.Ordinal));
    }

    [Fact]
    public void A_numeric_root_user_is_root()
    {
        var config = new ImageConfig("0:0", [], [], true, []);
        Assert.Single(new RunsAsRootCheck().Evaluate(config));
    }
}
