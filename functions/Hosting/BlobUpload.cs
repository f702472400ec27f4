namespace Serverless.Functions.Hosting;

/// <summary>A blob that arrived in an upload container: what a blob-triggered function receives.</summary>
public sealed record BlobUpload(string Container, string Name, string ETag, DateTimeOffset CreatedAt)
{
    /// <summary>The ETag without its quotes (a listing reports it bare, a properties read quoted).</summary>
    public string BareETag => ETag.Trim('"');

    /// <summary>
    /// Azure's naming rule: a blob name must not end in "/" or "." — the SDK's <see cref="Uri"/> trims dot segments,
    /// so such a blob ("….xlsx/." is stored as "….xlsx/") cannot be read back, copied or moved.
    /// </summary>
    public bool HasAllowedName => IsAllowedName(Name);

    public static bool IsAllowedName(string name) => !string.IsNullOrEmpty(name) && !name.EndsWith('/') && !name.EndsWith('.');

    /// <summary>
    /// Names this blob version the same however the notification arrived: the creation time to the whole second (a
    /// listing and a properties read report it with different precision) and the ETag's last 8 letters or digits.
    /// Handlers name archives by it, so a second delivery of one version overwrites rather than adds.
    /// </summary>
    public string VersionStamp
    {
        get
        {
            var seconds = new DateTimeOffset(CreatedAt.UtcTicks - (CreatedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            return seconds.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "-" + new string([.. ETag.Where(char.IsAsciiLetterOrDigit).TakeLast(8)]);
        }
    }
}
