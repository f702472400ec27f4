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
    /// Whether a worker runs a step's activities in place (fewer storage requests; the undisturbed chaos run takes
    /// 12 s instead of 32 s). Off unless set true: with several hosts it once lost activities, traced to an outbox race
    /// since fixed (a step committed over another host's unsent outbox); chaos runs with it on now match the
    /// undisturbed run, but it stays opt-in until it has run longer.
    /// </summary>
    public const string InlineActivities = "Durable:InlineActivities";
    public const string CalendarMakeUpWorkingDays = "Calendar:MakeUpWorkingDays";
}
