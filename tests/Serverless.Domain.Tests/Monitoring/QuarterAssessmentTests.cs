using Serverless.Domain.Bidding;
using Serverless.Domain.Monitoring;
using static Serverless.Domain.Tests.Monitoring.MonitoringFixture;

namespace Serverless.Domain.Tests.Monitoring;

/// <summary>DOMAIN.md §6 During: predicted, actual, fit, the two flags and the hospital indicators, figured by hand.</summary>
public sealed class QuarterAssessmentTests
{
    private static readonly MonitoringQuarter Q1 = MonitoringQuarter.Of(2027, 1);

    private static LeagueQuarterReport Assess(MonitoringWorkbook workbook, IReadOnlyList<HospitalOperation>? baseline = null, LeagueResult? campaign = null)
        => QuarterAssessment.Assess(Catalog(), campaign ?? Campaign(), Q1, workbook, baseline, MonitoringParameters.Default);

    [Fact]
    public void Predicted_is_a_quarter_of_the_campaign_impact_and_actual_prices_each_public_hospital_at_its_own_tier()
    {
        var report = Assess(Workbook(
        [
            ["H3", "I1", "80", "9600"], ["H2", "I1", "40", "4320"], ["H1", "I1", "10", "972"], ["HP", "I1", "1000", "120000"],
            ["H3", "I2", "40", "7200"],
            ["H3", "I3", "2001", "110055"],
            ["H3", "I4", "500", "50000"],
        ]));

        // Only adopted items, in rank order; I4 was skipped and is not monitored.
        Assert.Equal(["I1", "I2", "I3"], report.Items.Select(i => i.Item.Value));
        var (i1, i2, i3) = (report.Items[0], report.Items[1], report.Items[2]);

        // I1: predicted 11,600 ÷ 4 = 2,900; actual 20 × 80 + 18 × 40 + (97.20 − 81) × 10 = 1,600 + 720 + 162 = 2,482 (HP is private: not counted).
        Assert.Equal((2_900m, 2_482m, 130m, 150m), (i1.Predicted.Value, i1.Actual.Value, i1.Volume, i1.ExpectedVolume));
        Assert.Equal(PriceDirection.Rise, i1.Direction);
        Assert.False(i1.Deviating); // |2,482 − 2,900| = 418 ≤ 580
        Assert.False(i1.VolumeConflict); // 130 ≥ 150 × 0.7 = 105

        // I2 (a cut): predicted −500; actual −20 × 40 = −800: |−300| > 100, deviating; volume 40 > 25 × 1.3 = 32.5 after a cut: conflict.
        Assert.Equal((-500m, -800m, 40m, 25m), (i2.Predicted.Value, i2.Actual.Value, i2.Volume, i2.ExpectedVolume));
        Assert.Equal((PriceDirection.Cut, true, true), (i2.Direction, i2.Deviating, i2.VolumeConflict));
        Assert.Equal(-0.6m, i2.Deviation);

        // I3: predicted 0; actual 5 × 2,001 = 10,005 > 10,000: deviating; no providers last year, so no volume to conflict with.
        Assert.Equal((0m, 10_005m, true, false), (i3.Predicted.Value, i3.Actual.Value, i3.Deviating, i3.VolumeConflict));
        Assert.Null(i3.Deviation);

        // Fit: (2,482 − 800 + 10,005) ÷ (2,900 − 500 + 0) = 11,687 ÷ 2,400 = 4.869583… → 4.8696.
        Assert.Equal((2_400m, 11_687m), (report.TotalPredicted.Value, report.TotalActual.Value));
        Assert.Equal(4.8696m, report.Fit);
        Assert.Equal((2, 1), (report.DeviatingCount, report.ConflictCount));
    }

    [Fact]
    public void An_adopted_item_with_no_rows_has_actual_zero_and_a_league_predicted_at_zero_has_no_fit()
    {
        var none = Assess(Workbook([]));
        Assert.Equal([0m, 0m, 0m], none.Items.Select(i => i.Actual.Value));
        Assert.Equal(0m, none.Fit); // 0 ÷ 2,400
        Assert.True(none.Items[0].VolumeConflict); // a rise and the volume fell to 0

        var zero = Assess(Workbook([["H3", "I3", "10", "550"]]), campaign: Campaign(DefaultRows[2]));
        Assert.Equal((0m, 50m), (zero.TotalPredicted.Value, zero.TotalActual.Value));
        Assert.Null(zero.Fit);
    }

    [Theory]
    [InlineData(1000, 1200, false)]
    [InlineData(1000, 1199.99, false)]
    [InlineData(1000, 1200.01, true)]
    [InlineData(1000, 800, false)]
    [InlineData(1000, 799.99, true)]
    [InlineData(-1000, -1200, false)]
    [InlineData(-1000, -1200.01, true)]
    [InlineData(0, 10000, false)]
    [InlineData(0, 9999.99, false)]
    [InlineData(0, 10000.01, true)]
    [InlineData(0, -10000.01, true)]
    public void Deviating_is_more_than_twenty_percent_off_the_prediction_or_more_than_ten_thousand_yuan_off_zero(double predicted, double actual, bool expected)
        => Assert.Equal(expected, QuarterAssessment.IsDeviating(new Yuan((decimal)predicted), new Yuan((decimal)actual), MonitoringParameters.Default));

    [Theory]
    [InlineData(PriceDirection.Rise, 70, false)]
    [InlineData(PriceDirection.Rise, 70.01, false)]
    [InlineData(PriceDirection.Rise, 69.99, true)]
    [InlineData(PriceDirection.Rise, 200, false)]
    [InlineData(PriceDirection.Cut, 130, false)]
    [InlineData(PriceDirection.Cut, 129.99, false)]
    [InlineData(PriceDirection.Cut, 130.01, true)]
    [InlineData(PriceDirection.Cut, 10, false)]
    [InlineData(PriceDirection.Unchanged, 0, false)]
    public void A_price_volume_conflict_is_a_fall_of_over_thirty_percent_after_a_rise_or_a_rise_of_over_thirty_percent_after_a_cut(PriceDirection direction, double volume, bool expected)
        => Assert.Equal(expected, QuarterAssessment.IsVolumeConflict(direction, (decimal)volume, 100m, MonitoringParameters.Default));

    [Fact]
    public void Thresholds_are_parameters()
    {
        var looser = MonitoringParameters.Default with { DeviationShare = 0.5m, ZeroPredictionTolerance = 20_000m, VolumeConflictShare = 0.5m };
        Assert.False(QuarterAssessment.IsDeviating(new Yuan(1000m), new Yuan(1400m), looser));
        Assert.False(QuarterAssessment.IsDeviating(Yuan.Zero, new Yuan(15_000m), looser));
        Assert.False(QuarterAssessment.IsVolumeConflict(PriceDirection.Rise, 60m, 100m, looser));
        Assert.True(QuarterAssessment.IsVolumeConflict(PriceDirection.Rise, 49m, 100m, looser));
    }

    [Fact]
    public void Hospital_shares_are_set_against_the_same_quarter_of_the_baseline_year_in_percentage_points()
    {
        var report = Assess(Workbook([],
            ["H3", "1000000", "300000", "250000"],
            ["H2", "0", "0", "0"],
            ["H1", "300000", "100000", "60000"]),
            baseline: [Operation("H3", 900_000m, 252_000m, 243_000m), Operation("H2", 100m, 10m, 10m)]);

        Assert.Equal(["H1", "H2", "H3"], report.Hospitals.Select(h => h.Hospital.Value));
        var (h1, h2, h3) = (report.Hospitals[0], report.Hospitals[1], report.Hospitals[2]);

        // H3: 300,000 ÷ 1,000,000 = 0.30 against 252,000 ÷ 900,000 = 0.28: +2.00 points; 个人自付 0.25 against 0.27: −2.00 points.
        Assert.Equal((0.3m, 0.28m, 2.00m), (h3.ServiceShare, h3.BaselineServiceShare, h3.ServiceShareChangePoints));
        Assert.Equal((0.25m, 0.27m, -2.00m), (h3.OutOfPocketShare, h3.BaselineOutOfPocketShare, h3.OutOfPocketShareChangePoints));
        Assert.Equal("三级医院", h3.HospitalName);

        // H2 earned nothing this quarter: no share, no change.
        Assert.Equal((null, 0.1m, null), (h2.ServiceShare, h2.BaselineServiceShare, h2.ServiceShareChangePoints));

        // H1: 100,000 ÷ 300,000 = 0.3333 (to 4 places); no baseline row, so no change.
        Assert.Equal((0.3333m, (decimal?)null, (decimal?)null), (h1.ServiceShare, h1.BaselineServiceShare, h1.ServiceShareChangePoints));
        Assert.Equal(0.2m, h1.OutOfPocketShare);
    }

    [Fact]
    public void Points_are_taken_from_the_exact_shares_and_rounded_half_away_from_zero()
    {
        // 1 ÷ 3 − 0.32 = 0.013333… → 1.33 points; 2 ÷ 3 − 0.6 = 0.0666… → 6.67 points.
        var report = Assess(Workbook([], ["H3", "3", "1", "2"]), baseline: [Operation("H3", 100m, 32m, 60m)]);
        var h3 = Assert.Single(report.Hospitals);
        Assert.Equal((1.33m, 6.67m), (h3.ServiceShareChangePoints, h3.OutOfPocketShareChangePoints));
    }

    private static HospitalOperation Operation(string hospital, decimal medical, decimal service, decimal outOfPocket)
        => new(new HospitalCode(hospital), new Yuan(medical), new Yuan(service), new Yuan(outOfPocket));
}
