using Serverless.Domain.Monitoring;
using Serverless.Domain.Tabular;
using static Serverless.Domain.Tests.Monitoring.MonitoringFixture;

namespace Serverless.Domain.Tests.Monitoring;

/// <summary>DOMAIN.md §6: the quarterly workbook is validated as bids are — every problem at its row and column, good rows kept.</summary>
public sealed class MonitoringSheetsTests
{
    [Fact]
    public void Each_bad_cell_is_reported_at_its_row_and_column_and_only_good_public_rows_count()
    {
        var workbook = Workbook(
        [
            ["H3", "I1", "80", "9,600.00"],
            ["HX", "I1", "5", "600"],
            ["H2", "I9", "5", "600"],
            ["H2", "I2", "2.5", "450"],
            ["H1", "I2", "-1", "0"],
            ["H1", "I1", "１０", "972.001"],
            ["HP", "I1", "1000", "120000"],
            [null, "I1", "1", "1"],
            ["H2", "I1", "40", "很多"],
        ]);

        Assert.Equal([("H3", "I1", 80m, 9_600m)], workbook.Volumes.Select(v => (v.Hospital.Value, v.Item.Value, v.Volume, v.Charged.Value)));
        Assert.Equal(
            [
                "3:机构编码:not_in_league:Error",
                "4:项目编码:not_in_scope:Error",
                "5:服务量:not_a_count:Error",
                "6:服务量:negative:Error",
                "7:收费金额:too_many_decimals:Error",
                "8:机构编码:not_public:Warning",
                "9:机构编码:required:Error",
                "10:收费金额:not_a_number:Error",
            ],
            workbook.Issues.Select(i => $"{i.RowNumber}:{i.Column}:{i.Code}:{i.Severity}"));
        Assert.All(workbook.Issues, i => Assert.Equal(("L1-2027-Q1.xlsx", "服务量"), (i.FileName, i.SheetName!)));
        Assert.Equal(7, workbook.RejectedRowCount);
        Assert.False(workbook.IsRejected);
    }

    [Fact]
    public void A_hospital_and_item_given_twice_rejects_both_rows_even_when_one_is_otherwise_bad()
    {
        var workbook = Workbook([["H3", "I1", "80", "9600"], ["H3", "I2", "5", "900"], ["H3", "I1", "x", "1"]]);

        Assert.Equal(["I2"], workbook.Volumes.Select(v => v.Item.Value));
        Assert.Equal(["2:项目编码:duplicate_row", "4:服务量:not_a_number", "4:项目编码:duplicate_row"],
            workbook.Issues.Select(i => $"{i.RowNumber}:{i.Column}:{i.Code}"));
    }

    [Fact]
    public void Hospital_operations_are_bounded_and_service_revenue_cannot_exceed_medical_revenue()
    {
        var workbook = Workbook([],
            ["H3", "1000000", "300000", "250000"],
            ["H2", "1000", "1000.01", "0"],
            ["H1", "1000000000000.01", "0", "0"],
            ["H2", "500", "100", "10"],
            ["HP", "500", "100", "10"]);

        Assert.Equal(["H3"], workbook.Operations.Select(o => o.Hospital.Value));
        Assert.Equal(
            [
                "3:医疗服务收入:exceeds_medical_revenue",
                "3:机构编码:duplicate_row",
                "4:医疗收入:too_large",
                "5:机构编码:duplicate_row",
                "6:机构编码:not_public",
            ],
            workbook.Issues.Select(i => $"{i.RowNumber}:{i.Column}:{i.Code}"));
        Assert.All(workbook.Issues, i => Assert.Equal("机构运行", i.SheetName));
    }

    [Fact]
    public void Without_a_readable_volume_sheet_the_workbook_is_rejected_and_without_operations_it_is_not()
    {
        var missing = new SheetIssue("L1-2027-Q1.xlsx", null, null, null, null, "sheet_missing", "缺少工作表", "sheet missing");
        var noVolumes = MonitoringSheets.Read(Catalog(), L1, null, Sheet(MonitoringSheets.Operations, ["H3", "10", "1", "1"]), [missing]);
        Assert.True(noVolumes.IsRejected);
        Assert.Equal([missing], noVolumes.Issues);

        var noOperations = MonitoringSheets.Read(Catalog(), L1, Sheet(MonitoringSheets.Volumes, ["H3", "I1", "1", "120"]), null, [missing]);
        Assert.False(noOperations.IsRejected);
        Assert.Single(noOperations.Volumes);
        Assert.Empty(noOperations.Operations);
    }
}
