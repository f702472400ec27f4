using System.Globalization;
using Serverless.Domain.Tabular;

namespace Serverless.Functions.Hosting;

/// <summary>The refusal of an upload over the size limit, in the report format of every other refusal.</summary>
public static class UploadLimits
{
    public const string TooLargeCode = "file_too_large";

    /// <summary>The whole of <paramref name="body"/> when it holds at most <paramref name="maxBytes"/>, else null (read no further than one byte past the limit).</summary>
    public static async Task<byte[]?> ReadAtMostAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The issue naming <paramref name="fileName"/> when <paramref name="size"/> is over <paramref name="maxBytes"/>, else null.</summary>
    public static SheetIssue? TooLarge(string fileName, long size, long maxBytes)
    {
        if (size <= maxBytes)
        {
            return null;
        }

        var megabytes = (size / 1024m / 1024m).ToString("0.0", CultureInfo.InvariantCulture);
        var limit = (maxBytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture);
        return new SheetIssue(fileName, null, null, null, null, TooLargeCode,
            $"文件 {fileName} 大小 {megabytes} MB，超过 {limit} MB 上限，未读取；请删减后重新上传",
            $"The file {fileName} is {megabytes} MB, over the {limit} MB limit; it was not read — make it smaller and upload again");
    }
}
