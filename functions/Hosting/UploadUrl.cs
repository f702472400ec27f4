namespace Serverless.Functions.Hosting;

/// <summary>
/// A short-lived URL a hospital PUTs one workbook to: <paramref name="Url"/> carries a SAS that allows creating and
/// writing exactly <paramref name="Blob"/> (container/name) until <paramref name="ExpiresOn"/>, nothing else.
/// </summary>
public sealed record UploadUrl(Uri Url, string Blob, DateTimeOffset ExpiresOn, string Method, IReadOnlyDictionary<string, string> Headers);
