using System.Globalization;
using System.Text.Json;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The app's functions, listed once in code: the Azure Functions host definitions (function.json) are generated from
/// this list, and the custom handler dispatches by the same names, so the two cannot drift.
/// </summary>
public static class FunctionCatalog
{
    public const string BidUpload = "BidUpload";
    public const string ApplicationUpload = "ApplicationUpload";
    public const string DurableWorkItems = "DurableWorkItems";
    public const string Api = "Api";
    public const string StatusIndexRebuild = "StatusIndexRebuild";
    public const string FundCollectionTimer = "FundCollectionTimer";
    public const string ComplexReviewTimer = "ComplexReviewTimer";
    public const string GeneralReviewTimer = "GeneralReviewTimer";

    /// <summary>NCRONTAB (seconds first), China Standard Time via WEBSITE_TIME_ZONE: 02:30 every night.</summary>
    public const string StatusIndexRebuildSchedule = "0 30 2 * * *";
    public const string ControlPrefix = "DurableControl";
    private const string Connection = "AzureWebJobsStorage";

    public static IReadOnlyList<FunctionDefinition> Build(string taskHub, int controlQueues)
    {
        var functions = new List<FunctionDefinition>
        {
            new(BidUpload, [Binding("blobTrigger", "blob", ("path", $"{StorageNames.BidsContainer}/{{name}}"), ("connection", Connection))]),
            new(ApplicationUpload, [Binding("blobTrigger", "blob", ("path", $"{StorageNames.ApplicationsContainer}/{{name}}"), ("connection", Connection))]),
            new(DurableWorkItems, [Binding("queueTrigger", "message", ("queueName", $"{taskHub}-workitems"), ("connection", Connection))]),
            new(StatusIndexRebuild, [Binding("timerTrigger", "timer", ("schedule", StatusIndexRebuildSchedule), ("runOnStartup", false), ("useMonitor", true))]),
            new(FundCollectionTimer, [Binding("timerTrigger", "timer", ("schedule", ReserveFund.FundTimer.DefaultSchedule), ("runOnStartup", false), ("useMonitor", true))]),
            new(ComplexReviewTimer, [Binding("timerTrigger", "timer", ("schedule", Reviews.ReviewsModule.ComplexSchedule), ("runOnStartup", false), ("useMonitor", true))]),
            new(GeneralReviewTimer, [Binding("timerTrigger", "timer", ("schedule", Reviews.ReviewsModule.GeneralSchedule), ("runOnStartup", false), ("useMonitor", true))]),
            new(Api,
            [
                Binding("httpTrigger", "req", ("authLevel", "anonymous"), ("methods", new[] { "get", "post", "put", "delete" }), ("route", "{*route}")),
                new Dictionary<string, object> { ["type"] = "http", ["direction"] = "out", ["name"] = "res" },
            ]),
        };
        for (var i = 0; i < controlQueues; i++)
        {
            functions.Add(new FunctionDefinition(ControlFunction(i), [Binding("queueTrigger", "message", ("queueName", $"{taskHub}-control-{i:D2}"), ("connection", Connection))]));
        }

        return functions;
    }

    public static string ControlFunction(int partition) => ControlPrefix + partition.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Writes one <c>{Name}/function.json</c> per function into <paramref name="folder"/>.</summary>
    public static void WriteFunctionFolders(string folder, IReadOnlyList<FunctionDefinition> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            var directory = Directory.CreateDirectory(Path.Combine(folder, function.Name));
            var json = JsonSerializer.Serialize(new { bindings = function.Bindings }, new JsonSerializerOptions { WriteIndented = true });
            File.WriteAllText(Path.Combine(directory.FullName, "function.json"), json);
        }
    }

    private static Dictionary<string, object> Binding(string type, string name, params (string Key, object Value)[] properties)
    {
        var binding = new Dictionary<string, object> { ["type"] = type, ["direction"] = "in", ["name"] = name };
        foreach (var (key, value) in properties)
        {
            binding[key] = value;
        }

        return binding;
    }
}
