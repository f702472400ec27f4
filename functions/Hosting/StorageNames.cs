namespace Serverless.Functions.Hosting;

/// <summary>Every container and table the app uses, in one list so the infrastructure can be checked against it.</summary>
public static class StorageNames
{
    public const string ScopesContainer = "scopes";
    public const string BidsContainer = "bids";
    public const string ArchiveContainer = "archive";
    public const string ReportsContainer = "reports";
    public const string ResultsContainer = "results";
    public const string WorkContainer = "work";
    public const string CampaignRoundsTable = "campaignrounds";
    public const string SubmissionsTable = "bidsubmissions";
    public const string ReceiptsTable = "uploadreceipts";
    public const string AuditTable = "audit";
    public const string NewItemsTable = "newitems";
    public const string NotificationsTable = "notifications";
    public const string MarketPositionsTable = "marketpositions";
    public const string ApplicationsContainer = "applications";
    public const string MonitoringContainer = "monitoring";
    public const string SimulationsContainer = "simulations";
    public const string MonitoringTable = Monitoring.MonitoringStore.TableName;
    public const string FundContributionsTable = "fundcontributions";
    public const string FundLedgerTable = ReserveFund.LedgerTable.TableName;
    public const string TimerFiringsTable = TimerRunner.TableName;
    public const string ReviewDecisionsTable = Reviews.ReviewStore.DecisionsTable;
    public const string UploadPoisonQueue = "uploads-poison";

    public static IReadOnlyList<string> Containers { get; } = [ScopesContainer, BidsContainer, ArchiveContainer, ReportsContainer, ResultsContainer, WorkContainer, ApplicationsContainer, MonitoringContainer, SimulationsContainer];

    public static IReadOnlyList<string> Tables { get; } = [CampaignRoundsTable, SubmissionsTable, ReceiptsTable, AuditTable, NewItemsTable, NotificationsTable, MarketPositionsTable, FundContributionsTable, FundLedgerTable, TimerFiringsTable, ReviewDecisionsTable, MonitoringTable];

    public static IReadOnlyList<string> Queues { get; } = [UploadPoisonQueue];
}
