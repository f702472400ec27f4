namespace Serverless.Spreadsheets.Writing;

/// <summary>A column of a written sheet: header, width in characters, and an optional list the cell must come from.</summary>
public sealed record TableColumn(string Header, double Width = 14, IReadOnlyList<string>? AllowedValues = null);
