using System.Xml;

namespace Serverless.Spreadsheets.Reading;

/// <summary>
/// Reads text nodes through a buffer and hands out one string per distinct short text: a sheet repeats its units,
/// flags and reasons in every row, and each row is kept until the sheet is judged, so repeats would otherwise
/// survive as copies for the collector to move. A column whose texts turn out distinct (item codes, prices) stops
/// being looked up, so it costs no hashing. Bounded, so a hostile sheet of distinct texts costs no more than without it.
/// </summary>
internal sealed class TextPool
{
    private const int MaxPooledLength = 32;
    private const int MaxEntries = 8_192;

    /// <summary>After this many look-ups in a column, the column keeps being pooled only if at least a quarter of them were hits.</summary>
    private const int TrialLookups = 256;
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _buffer = new char[256];
    private (int Lookups, int Hits)[] _columns = new (int, int)[16];

    public TextPool() => _lookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The value of the text node the reader is on, in the given zero-based column; the reader stays on it.</summary>
    public string Value(XmlReader reader, int column)
    {
        if (column >= _columns.Length)
        {
            Array.Resize(ref _columns, Math.Max(column + 1, _columns.Length * 2));
        }

        ref var counts = ref _columns[column];
        if (counts.Lookups >= TrialLookups && counts.Hits * 4 < counts.Lookups)
        {
            return reader.Value;
        }

        var length = 0;
        int read;
        while ((read = reader.ReadValueChunk(_buffer, length, _buffer.Length - length)) > 0)
        {
            length += read;
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }

        var chars = _buffer.AsSpan(0, length);
        if (length > MaxPooledLength)
        {
            return new string(chars);
        }

        counts.Lookups++;
        if (_lookup.TryGetValue(chars, out var known))
        {
            counts.Hits++;
            return known;
        }

        var text = new string(chars);
        if (_texts.Count < MaxEntries)
        {
            _texts.Add(text, text);
        }

        return text;
    }
}
