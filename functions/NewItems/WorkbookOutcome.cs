using Serverless.Functions.WebConsole;

namespace Serverless.Functions.NewItems;

/// <summary>
/// What became of an application workbook: its name, whether the upload trigger has finished with it, the applications
/// it started and the problems its report lists (empty until <paramref name="Finished"/>).
/// </summary>
public sealed record WorkbookOutcome(string FileName, bool Finished, IReadOnlyList<FiledApplication> Applications, IReadOnlyList<ConsoleEndpoints.ReportRow> Problems);
