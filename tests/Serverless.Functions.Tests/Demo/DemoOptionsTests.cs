using Serverless.Functions.Demo;

namespace Serverless.Functions.Tests.Demo;

public sealed class DemoOptionsTests
{
    [Fact]
    public void Monitoring_is_a_flag_among_the_sized_options_in_any_place()
    {
        Assert.Equal(new DemoOptions(Leagues: 3, Items: 50, Monitoring: true), DemoOptions.Parse(["--leagues", "3", "--monitoring", "--items", "50"]));
        Assert.Equal(new DemoOptions(Leagues: 3, Monitoring: true), DemoOptions.Parse(["--leagues", "3", "--monitoring"]));
        Assert.False(DemoOptions.Parse(["--window", "30"]).Monitoring);
    }

    [Fact]
    public void A_sized_option_without_its_number_or_an_unknown_one_is_refused()
    {
        Assert.Contains("--items", Assert.Throws<ArgumentException>(() => DemoOptions.Parse(["--items"])).Message, StringComparison.Ordinal);
        Assert.Contains("--monitoring", Assert.Throws<ArgumentException>(() => DemoOptions.Parse(["--fast", "1"])).Message, StringComparison.Ordinal);
    }
}
