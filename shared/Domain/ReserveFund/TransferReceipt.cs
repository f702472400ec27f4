using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Domain.ReserveFund;

/// <summary>
/// What a finance office enters when it confirms a region's transfer (DOMAIN.md §3): the day the money arrived and the
/// bank voucher's number. Built only by <see cref="TryParse"/>, so a receipt always holds a date in the collection year
/// up to today and a voucher of 1–40 letters, digits and <c>-</c>.
/// </summary>
public sealed partial record TransferReceipt
{
    private TransferReceipt(DateOnly arrivalDate, string voucherNumber) => (ArrivalDate, VoucherNumber) = (arrivalDate, voucherNumber);

    public DateOnly ArrivalDate { get; }

    public string VoucherNumber { get; }

    /// <summary>
    /// The receipt, or null with the refusal's code: <c>bad_arrival_date</c> (not a yyyy-MM-dd date, before the
    /// collection year, or after <paramref name="today"/> in China), <c>bad_voucher</c>.
    /// </summary>
    public static TransferReceipt? TryParse(string? arrivalDate, string? voucherNumber, int collectionYear, DateOnly today, out string? problem)
    {
        if (!DateOnly.TryParseExact(arrivalDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date.Year < collectionYear || date > today)
        {
            problem = "bad_arrival_date";
            return null;
        }

        var voucher = voucherNumber?.Trim() ?? "";
        if (!Voucher().IsMatch(voucher))
        {
            problem = "bad_voucher";
            return null;
        }

        problem = null;
        return new TransferReceipt(date, voucher);
    }

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,40}\z")]
    private static partial Regex Voucher();
}
