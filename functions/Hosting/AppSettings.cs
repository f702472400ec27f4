namespace Serverless.Functions.Hosting;

/// <summary>
/// The settings the app reads, by their configuration keys (sections joined by <c>:</c>). As environment variables and
/// app settings they are written with <c>__</c> for <c>:</c> (<see cref="AsEnvironmentVariable"/>); see local.settings.sample.json.
/// </summary>
public static class AppSettings
{
    public const string StorageConnection = "AzureWebJobsStorage";
    public const string StorageAccountName = "AzureWebJobsStorage:accountName";
    public const string TaskHub = "TaskHub";
    public const string DefaultTaskHub = "serverless";
    public const string UploadScanInterval = "UploadScanIntervalMilliseconds";
    public const string AuthenticationMode = "Authentication:Mode";
    public const string TokenSigningKey = "Authentication:DevelopmentTokens:SigningKey";
    public const string AppInsightsConnection = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string TelemetryConsole = "Telemetry:Console";
    public const string CalendarHolidays = "Calendar:Holidays";
    public const string CalendarMakeUpWorkingDays = "Calendar:MakeUpWorkingDays";

    /// <summary>The name of a setting as an environment variable or Azure app setting: <c>A:B</c> is <c>A__B</c>.</summary>
    public static string AsEnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
