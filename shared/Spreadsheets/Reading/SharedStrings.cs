using System.Xml;

namespace Serverless.Spreadsheets.Reading;

/// <summary>The shared-strings part, read once into memory: cells refer to its items by index.</summary>
internal static class SharedStrings
{
    public static IReadOnlyList<string> Load(XmlReader? reader)
    {
        if (reader is null)
        {
            return [];
        }

        using (reader)
        {
            var items = new List<string>();
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
                {
                    items.Add(CellText.StringItem(reader));
                }
                else
                {
                    reader.Read();
                }
            }

            return items;
        }
    }
}
