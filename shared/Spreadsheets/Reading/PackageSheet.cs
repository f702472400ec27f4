namespace Serverless.Spreadsheets.Reading;

/// <summary>A sheet as the workbook part lists it: its name, whether a clerk sees it, and its worksheet part (null when it has none).</summary>
internal sealed record PackageSheet(string Name, bool IsVisible, string? Part);
