using System.Text.RegularExpressions;
using DurableTask.AzureStorage;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The Durable extension's settings as host.json gives them (<c>extensions:durableTask</c>), read the same way by the
/// local host so both run the engine alike: the task hub's name, the Azure Storage provider's partitions and polling,
/// extended sessions and concurrency. Validated at start.
/// </summary>
public sealed partial class DurableHubSettings
{
    /// <summary>The host.json section the Durable extension reads.</summary>
    public const string Section = "extensions:durableTask";

    /// <summary>The task hub; <c>%Setting%</c> takes it from that app setting, as the Functions host does.</summary>
    public string HubName { get; set; } = "%" + AppSettings.TaskHub + "%";

    public ProviderSettings StorageProvider { get; set; } = new();

    public bool ExtendedSessionsEnabled { get; set; }

    public int ExtendedSessionIdleTimeoutInSeconds { get; set; } = 30;

    public int MaxConcurrentActivityFunctions { get; set; } = 10;

    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10;

    /// <summary>The Azure Storage provider's part of the section (<c>storageProvider</c>).</summary>
    public sealed class ProviderSettings
    {
        public int PartitionCount { get; set; } = 4;

        public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(30);

        public int ControlQueueBatchSize { get; set; } = 32;

        /// <summary>How long a message a host took stays hidden if that host dies (the provider renews it while working).</summary>
        public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

        public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// The table partition manager (the extension's default) or, when false, the blob-lease one. The table manager
        /// gives each read-and-write of its partition table 2 seconds; a slower storage reply counts as a failure and
        /// enough of them drop the partitions until they are claimed again.
        /// </summary>
        public bool UseTablePartitionManagement { get; set; } = true;
    }

    /// <summary>
    /// Reads host.json's section (host.json is the one place the engine is tuned, here as under the Functions host),
    /// resolves <c>%Setting%</c> in the hub name from the app's settings, and refuses values the provider would reject.
    /// </summary>
    public static DurableHubSettings FromHostJson(string hostJsonPath, IConfiguration appSettings)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        var hostJson = new ConfigurationBuilder().AddJsonFile(hostJsonPath, optional: false, reloadOnChange: false).Build();
        var settings = hostJson.GetSection(Section).Get<DurableHubSettings>() ?? new DurableHubSettings();
        var configuration = appSettings;
        if (SettingReference().Match(settings.HubName) is { Success: true } reference)
        {
            settings.HubName = configuration[reference.Groups[1].Value] is { Length: > 0 } named ? named : AppSettings.DefaultTaskHub;
        }

        // Azure Storage task hub names: 3–45 characters, letters and digits, starting with a letter.
        if (!HubNamePattern().IsMatch(settings.HubName))
        {
            throw new InvalidOperationException($"Task hub name '{settings.HubName}' must be 3–45 letters or digits and start with a letter.");
        }

        if (settings.StorageProvider.PartitionCount is < 1 or > 16)
        {
            throw new InvalidOperationException($"{Section}:storageProvider:partitionCount must be 1–16, not {settings.StorageProvider.PartitionCount}.");
        }

        if (settings.StorageProvider.MaxQueuePollingInterval <= TimeSpan.Zero || settings.StorageProvider.MaxQueuePollingInterval > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"{Section}:storageProvider:maxQueuePollingInterval must be above zero and at most a minute.");
        }

        if (settings.StorageProvider.ControlQueueVisibilityTimeout < TimeSpan.FromSeconds(10) || settings.StorageProvider.WorkItemQueueVisibilityTimeout < TimeSpan.FromSeconds(10))
        {
            throw new InvalidOperationException($"{Section}:storageProvider: queue visibility timeouts below 10 s would hand live work to a second host.");
        }

        if (settings.MaxConcurrentActivityFunctions is < 1 or > 1000 || settings.MaxConcurrentOrchestratorFunctions is < 1 or > 1000)
        {
            throw new InvalidOperationException($"{Section}: the concurrency limits must be 1–1000.");
        }

        return settings;
    }

    /// <summary>
    /// The provider's settings for this app's storage account. Each engine gets its own worker name: the provider's
    /// default, the machine name, is shared by every process on one machine, and partition leases are owned by name —
    /// with two hosts on one machine (the chaos run, a developer's two terminals) a host that restarted after a kill
    /// found its dead predecessor's leases under its own name, renewed them and never listened on those partitions.
    /// </summary>
    /// <summary>
    /// How long the table partition manager waits for one read-and-write of its partition table (the provider's default
    /// is 2 s; host.json has no key for it). A busy embedded Azurite answers slower than that: CI logged 352 such
    /// timeouts in one test run, and an orchestration then stalled for minutes while its partition was lost and regained.
    /// </summary>
    public static readonly TimeSpan PartitionTableOperationTimeout = TimeSpan.FromSeconds(15);

    public AzureStorageOrchestrationServiceSettings ToProviderSettings(StorageClients storage, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = HubName,
            WorkerId = WorkerName(),
            StorageAccountClientProvider = storage.EngineAccount(),
            PartitionCount = StorageProvider.PartitionCount,
            MaxQueuePollingInterval = StorageProvider.MaxQueuePollingInterval,
            ControlQueueBatchSize = StorageProvider.ControlQueueBatchSize,
            ControlQueueVisibilityTimeout = StorageProvider.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = StorageProvider.WorkItemQueueVisibilityTimeout,
            UseTablePartitionManagement = StorageProvider.UseTablePartitionManagement,
            PartitionTableOperationTimeout = PartitionTableOperationTimeout,
            ExtendedSessionsEnabled = ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(ExtendedSessionIdleTimeoutInSeconds),
            MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestratorFunctions,
            LoggerFactory = loggerFactory,
        };
    }

    /// <summary>The machine, the process and a random part (a restarted process may get a dead one's id).</summary>
    public static string WorkerName() => $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    [GeneratedRegex(@"^%([A-Za-z0-9_:]+)%\z")]
    private static partial Regex SettingReference();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{2,44}\z")]
    private static partial Regex HubNamePattern();
}
