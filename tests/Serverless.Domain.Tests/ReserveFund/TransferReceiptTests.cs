using Serverless.Domain.ReserveFund;

namespace Serverless.Domain.Tests.ReserveFund;

/// <summary>The receipt a finance office enters when it confirms a transfer (issue 20): an arrival date in the collection year up to today, a plain voucher number.</summary>
public sealed class TransferReceiptTests
{
    private static readonly DateOnly Today = new(2027, 3, 15);

    [Theory]
    [InlineData("2027-01-01", "HH-2027-0001")]
    [InlineData("2027-03-15", "1")]
    [InlineData(" 2027-02-28 ", " V1234567890123456789012345678901234567-X ")]
    public void A_date_from_the_collection_year_to_today_and_a_plain_voucher_make_a_receipt(string date, string voucher)
    {
        var receipt = TransferReceipt.TryParse(date, voucher, 2027, Today, out var problem);
        Assert.Null(problem);
        Assert.Equal((DateOnly.Parse(date.Trim(), System.Globalization.CultureInfo.InvariantCulture), voucher.Trim()), (receipt!.ArrivalDate, receipt.VoucherNumber));
    }

    [Theory]
    [InlineData("2027-03-16", "V-1", "bad_arrival_date")]
    [InlineData("2026-12-31", "V-1", "bad_arrival_date")]
    [InlineData("15/03/2027", "V-1", "bad_arrival_date")]
    [InlineData("2027-3-5", "V-1", "bad_arrival_date")]
    [InlineData(null, "V-1", "bad_arrival_date")]
    [InlineData("2027-03-01", null, "bad_voucher")]
    [InlineData("2027-03-01", "  ", "bad_voucher")]
    [InlineData("2027-03-01", "记字第1号", "bad_voucher")]
    [InlineData("2027-03-01", "V 1", "bad_voucher")]
    [InlineData("2027-03-01", "V1234567890123456789012345678901234567890", "bad_voucher")]
    public void Anything_else_is_refused_with_its_code(string? date, string? voucher, string code)
    {
        Assert.Null(TransferReceipt.TryParse(date, voucher, 2027, Today, out var problem));
        Assert.Equal(code, problem);
    }
}
