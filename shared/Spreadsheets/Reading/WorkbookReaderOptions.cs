namespace Serverless.Spreadsheets.Reading;

/// <summary>Limits that keep a hostile upload from exhausting the host: file size, expanded size, rows.</summary>
public sealed record WorkbookReaderOptions
{
    public static readonly WorkbookReaderOptions Default = new();

    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>The declared uncompressed size of all parts together (a zip bomb declares or expands far past it).</summary>
    public long MaxExpandedBytes { get; init; } = 400L * 1024 * 1024;

    /// <summary>A part that expands more than this many times its compressed size is treated as a zip bomb.</summary>
    public long MaxCompressionRatio { get; init; } = 200;

    public int MaxDataRows { get; init; } = 200_000;

    /// <summary>The header row is looked for in the first rows (DOMAIN.md §1: the first 10).</summary>
    public int HeaderSearchRows { get; init; } = 10;
}
