namespace Serverless.Functions.Hosting;

/// <summary>The settings the app reads (documented in local.settings.sample.json).</summary>
public static class AppSettings
{
    public const string StorageConnection = "AzureWebJobsStorage";
    public const string StorageAccountName = "AzureWebJobsStorage__accountName";
    public const string TaskHub = "TaskHub";
    public const string DefaultTaskHub = "serverless";
    public const string UploadScanInterval = "UploadScanIntervalMilliseconds";
    public const string TokenSigningKey = "DevTokens__SigningKey";
    public const string AppInsightsConnection = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string TelemetryConsole = "Telemetry__Console";
    public const string CalendarHolidays = "Calendar:Holidays";

    public const string CalendarMakeUpWorkingDays = "Calendar:MakeUpWorkingDays";
}
