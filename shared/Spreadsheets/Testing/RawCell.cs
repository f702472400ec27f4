namespace Serverless.Spreadsheets.Testing;

/// <summary>
/// A cell written exactly as given: <see cref="Inner"/> is the XML inside <c>&lt;c&gt;</c> (a <c>&lt;f&gt;</c> formula,
/// a <c>&lt;v&gt;</c> value, an inline string) and <see cref="Type"/> its <c>t</c> attribute, for cells no writer would make.
/// </summary>
public sealed record RawCell(string Inner, string? Type = null)
{
    public static RawCell Number(string text) => new($"<v>{text}</v>");

    public static RawCell Formula(string formula, string? cached, string? type = null)
        => new($"<f>{MinimalXlsx.Escape(formula)}</f>{(cached is null ? string.Empty : $"<v>{MinimalXlsx.Escape(cached)}</v>")}", type);

    public static RawCell SharedString(int index) => new($"<v>{index}</v>", "s");
}
