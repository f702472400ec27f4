namespace Serverless.Spreadsheets.Testing;

/// <summary>The kinds of broken and hostile uploads <see cref="HostileWorkbooks"/> makes (issue 10).</summary>
public enum HostileCategory
{
    Valid,
    RandomBytes,
    TruncatedZip,
    CorruptZip,
    ZipBomb,
    WrongHeaders,
    Formulas,
    MergedCells,
    HiddenSheets,
    FullWidthDigits,
    ExtremeNumbers,
    LongStrings,
    EmojiAndScripts,
    PathTricks,
    MillionRows,
}
