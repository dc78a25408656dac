using Palisade.Vulnerabilities.Advisories;

namespace Palisade.Vulnerabilities.Tests.Database;

/// <summary>Base scores from FIRST's CVSS v3.1 calculator for well-known vectors.</summary>
public sealed class CvssTests
{
    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "critical")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "critical")]
    [InlineData("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5, "medium")]
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, "low")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, "medium")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "none")]
    public void Base_scores_match_the_specification(string vector, double score, string rating)
    {
        Assert.Equal(score, CvssV3.BaseScore(vector));
        Assert.Equal(rating, CvssV3.Rating(score));
    }

    [Theory]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P/A:P")]
    [InlineData("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    [InlineData("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
    public void Malformed_or_other_versions_give_no_score(string vector) => Assert.Null(CvssV3.BaseScore(vector));
}
