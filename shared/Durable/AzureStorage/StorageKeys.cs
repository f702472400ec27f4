namespace Serverless.Durable.AzureStorage;

/// <summary>Table keys may not hold / \ # ? or control characters: instance ids are escaped reversibly.</summary>
internal static class StorageKeys
{
    public static string Escape(string instanceId) => Uri.EscapeDataString(instanceId).Replace('%', '!');

    public static string Unescape(string key) => Uri.UnescapeDataString(key.Replace('!', '%'));

    public static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
