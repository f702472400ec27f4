using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The HTTP API under the Functions host: one function per route of <see cref="ApiRoutes"/>, same name, method and
/// route, each running the route's handler through <see cref="ApiDispatcher"/> with its invocation's durable client.
/// (host.json sets the route prefix to empty, so routes are the same paths as locally.) A test checks the built
/// functions.metadata against the table. Each returns an empty result after its handler has written the response
/// (the host's http output binding then forwards what was written).
/// </summary>
public sealed class HttpFunctions(ApiDispatcher api)
{
    [Function("Campaigns_UploadScope")]
    public Task<IActionResult> CampaignsUploadScope([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/campaigns/{campaignId}/scope")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_UploadScope", request, client);

    [Function("Campaigns_Scope")]
    public Task<IActionResult> CampaignsScope([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/scope")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_Scope", request, client);

    [Function("Campaigns_Start")]
    public Task<IActionResult> CampaignsStart([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_Start", request, client);

    [Function("Campaigns_Get")]
    public Task<IActionResult> CampaignsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_Get", request, client);

    [Function("Campaigns_Extend")]
    public Task<IActionResult> CampaignsExtend([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{campaignId}/rounds/{round:int}/extend")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_Extend", request, client);

    [Function("Campaigns_UploadUrl")]
    public Task<IActionResult> CampaignsUploadUrl([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{campaignId}/rounds/{round:int}/upload-url")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_UploadUrl", request, client);

    [Function("Campaigns_BidTemplate")]
    public Task<IActionResult> CampaignsBidTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/rounds/{round:int}/template")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_BidTemplate", request, client);

    [Function("Campaigns_Missing")]
    public Task<IActionResult> CampaignsMissing([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/rounds/{round:int}/missing")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_Missing", request, client);

    [Function("Campaigns_Results")]
    public Task<IActionResult> CampaignsResults([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/results")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_Results", request, client);

    [Function("Campaigns_LeagueResults")]
    public Task<IActionResult> CampaignsLeagueResults([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/results/leagues/{league}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_LeagueResults", request, client);

    [Function("Campaigns_ReferencePrices")]
    public Task<IActionResult> CampaignsReferencePrices([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/results/round-1/leagues/{league}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_ReferencePrices", request, client);

    [Function("Campaigns_ResultFile")]
    public Task<IActionResult> CampaignsResultFile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/results/{*path}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_ResultFile", request, client);

    [Function("Campaigns_Reports")]
    public Task<IActionResult> CampaignsReports([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/hospitals/{hospital}/reports")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_Reports", request, client);

    [Function("Campaigns_ReportFile")]
    public Task<IActionResult> CampaignsReportFile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/hospitals/{hospital}/reports/{round:int}/{report}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_ReportFile", request, client);

    [Function("Campaigns_Submissions")]
    public Task<IActionResult> CampaignsSubmissions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/hospitals/{hospital}/submissions")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_Submissions", request, client);

    [Function("Campaigns_HospitalReferencePrices")]
    public Task<IActionResult> CampaignsHospitalReferencePrices([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/hospitals/{hospital}/reference-prices")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Campaigns_HospitalReferencePrices", request, client);

    [Function("Monitoring_Get")]
    public Task<IActionResult> MonitoringGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/monitoring")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Monitoring_Get", request, client);

    [Function("Monitoring_Evaluation")]
    public Task<IActionResult> MonitoringEvaluation([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/monitoring/evaluation")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Monitoring_Evaluation", request, client);

    [Function("Monitoring_NextScope")]
    public Task<IActionResult> MonitoringNextScope([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{campaignId}/monitoring/evaluation/next-scope")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Monitoring_NextScope", request, client);

    [Function("Monitoring_LeagueQuarter")]
    public Task<IActionResult> MonitoringLeagueQuarter([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/monitoring/{quarter}/leagues/{league}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Monitoring_LeagueQuarter", request, client);

    [Function("Simulations_Run")]
    public Task<IActionResult> SimulationsRun([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/simulations")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Simulations_Run", request, client);

    [Function("Simulations_UploadWorkbook")]
    public Task<IActionResult> SimulationsUploadWorkbook([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/simulations/workbooks/{workbookSetId}/rounds/{round:int}/hospitals/{hospital}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Simulations_UploadWorkbook", request, client);

    [Function("Simulations_Workbooks")]
    public Task<IActionResult> SimulationsWorkbooks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/simulations/workbooks/{workbookSetId}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Simulations_Workbooks", request, client);

    [Function("Simulations_List")]
    public Task<IActionResult> SimulationsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/simulations")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Simulations_List", request, client);

    [Function("Simulations_Get")]
    public Task<IActionResult> SimulationsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/simulations/{runId}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Simulations_Get", request, client);

    [Function("Simulations_Compare")]
    public Task<IActionResult> SimulationsCompare([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/simulations/{runId}/compare/{otherRunId}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Simulations_Compare", request, client);

    [Function("NewItems_Submit")]
    public Task<IActionResult> NewItemsSubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/new-items")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Submit", request, client);

    [Function("NewItems_UploadUrl")]
    public Task<IActionResult> NewItemsUploadUrl([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/new-items/upload-url")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_UploadUrl", request, client);

    [Function("NewItems_UploadWorkbook")]
    public Task<IActionResult> NewItemsUploadWorkbook([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/new-items/workbook")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_UploadWorkbook", request, client);

    [Function("NewItems_Workbook")]
    public Task<IActionResult> NewItemsWorkbook([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/new-items/workbook")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Workbook", request, client);

    [Function("NewItems_WorkbookTemplate")]
    public Task<IActionResult> NewItemsWorkbookTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/new-items/workbook/template")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_WorkbookTemplate", request, client);

    [Function("NewItems_Tasks")]
    public Task<IActionResult> NewItemsTasks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/new-items/tasks")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Tasks", request, client);

    [Function("NewItems_Done")]
    public Task<IActionResult> NewItemsDone([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/new-items/done")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Done", request, client);

    [Function("NewItems_Catalogue")]
    public Task<IActionResult> NewItemsCatalogue([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/new-items/catalogue")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Catalogue", request, client);

    [Function("NewItems_Positions")]
    public Task<IActionResult> NewItemsPositions([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/new-items/positions")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Positions", request, client);

    [Function("NewItems_Get")]
    public Task<IActionResult> NewItemsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/new-items/{applicationId}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Get", request, client);

    [Function("NewItems_Decide")]
    public Task<IActionResult> NewItemsDecide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/new-items/{applicationId}/decisions")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Decide", request, client);

    [Function("NewItems_Resubmit")]
    public Task<IActionResult> NewItemsResubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/new-items/{applicationId}/resubmission")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("NewItems_Resubmit", request, client);

    [Function("Fund_Statements")]
    public Task<IActionResult> FundStatements([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/fund/{fund}/{year:int}/statements")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Fund_Statements", request, client);

    [Function("Fund_Confirm")]
    public Task<IActionResult> FundConfirm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/fund/{fund}/{year:int}/transfers/{region}/confirm")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Fund_Confirm", request, client);

    [Function("Fund_Get")]
    public Task<IActionResult> FundGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/fund/{fund}/{year:int}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Fund_Get", request, client);

    [Function("Fund_File")]
    public Task<IActionResult> FundFile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/fund/{fund}/{year:int}/files/{*path}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Fund_File", request, client);

    [Function("Fund_Ledger")]
    public Task<IActionResult> FundLedger([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/fund/{fund}/ledger")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Fund_Ledger", request, client);

    [Function("Reviews_Indicators")]
    public Task<IActionResult> ReviewsIndicators([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/reviews/{year:int}/{kind}/indicators")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Reviews_Indicators", request, client);

    [Function("Reviews_DecideCampaign")]
    public Task<IActionResult> ReviewsDecideCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reviews/{year:int}/complex/campaigns/{league}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Reviews_DecideCampaign", request, client);

    [Function("Reviews_Get")]
    public Task<IActionResult> ReviewsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reviews/{year:int}/{kind}")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Reviews_Get", request, client);

    [Function("Audit_Search")]
    public Task<IActionResult> AuditSearch([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Audit_Search", request, client);

    [Function("Console_Me")]
    public Task<IActionResult> ConsoleMe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Console_Me", request, client);

    [Function("Console_Campaigns")]
    public Task<IActionResult> ConsoleCampaigns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Console_Campaigns", request, client);

    [Function("Console_UploadBid")]
    public Task<IActionResult> ConsoleUploadBid([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/campaigns/{campaignId}/rounds/{round:int}/bids")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Console_UploadBid", request, client);

    [Function("Console_Report")]
    public Task<IActionResult> ConsoleReport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/hospitals/{hospital}/report")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Console_Report", request, client);

    [Function("Console_NewItems")]
    public Task<IActionResult> ConsoleNewItems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/new-items")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Console_NewItems", request, client);

    [Function("Console_FundTasks")]
    public Task<IActionResult> ConsoleFundTasks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/fund/tasks")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => api.InvokeAsync("Console_FundTasks", request, client);

    /// <summary>The console's pages (static files shipped beside the app).</summary>
    [Function(ApiDispatcher.ConsoleFiles)]
    public Task<IActionResult> ConsoleFiles([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequest request, string? path)
        => ApiDispatcher.ServeConsoleFileAsync(request, path);
}
