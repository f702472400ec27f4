using Serverless.Domain.Bidding;
using Serverless.Domain.Simulation;
using Serverless.Domain.Tabular;

namespace Serverless.Spreadsheets.Reading;

/// <summary>A hospital's bid workbook read for judging, the same way for the campaign and for a what-if run.</summary>
public static class BidSheets
{
    /// <summary>
    /// Reads the bid sheet of <paramref name="xlsx"/>, named <c>{hospital}.xlsx</c> in every issue. A file the reader did
    /// not foresee never throws: it comes back with an <c>unreadable</c> issue, so it is refused whole with the reason.
    /// </summary>
    public static BidSheet Read(WorkbookReader reader, byte[] xlsx, HospitalCode hospital, int round)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fileName = $"{hospital.Value}.xlsx";
        try
        {
            var read = reader.ReadSheet(new MemoryStream(xlsx), fileName, WorkbookSchemas.Bids);
            return new BidSheet(hospital, round, fileName, read.Sheet, read.Issues);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            var issue = new SheetIssue(fileName, null, null, null, null, "unreadable",
                $"无法读取该文件：{error.GetType().Name}", $"The file could not be read: {error.GetType().Name}: {error.Message}");
            return new BidSheet(hospital, round, fileName, null, [issue]);
        }
    }
}
