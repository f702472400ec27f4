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
    public const string CustomHandlerPort = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string AppInsightsConnection = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string TelemetryConsole = "Telemetry__Console";
    public const string CalendarHolidays = "Calendar:Holidays";

    /// <summary>
    /// Whether a worker runs a step's activities in place (fewer storage requests). Off unless set true: with two or
    /// three hosts on one task hub the chaos run lost in-place activities (an open runtime bug), queued it does not.
    /// </summary>
    public const string InlineActivities = "Durable:InlineActivities";
    public const string CalendarMakeUpWorkingDays = "Calendar:MakeUpWorkingDays";
}
