using Microsoft.AspNetCore.Authorization;
using Serverless.Functions.Bidding;
using Serverless.Functions.Monitoring;
using Serverless.Functions.NewItems;
using Serverless.Functions.ReserveFund;
using Serverless.Functions.Reviews;
using Serverless.Functions.Security;
using Serverless.Functions.Simulation;
using Serverless.Functions.WebConsole;

namespace Serverless.Functions.Hosting;

/// <summary>
/// One HTTP route: its function name, method, template (ASP.NET Core syntax, from the site root), the handler, and
/// the policies a caller must meet (all of them). The local host maps it as a minimal API endpoint; under the
/// Functions host its <c>[HttpTrigger]</c> function of the same name, route and method runs the same handler
/// (<see cref="ApiDispatcher"/>); a test checks the built functions.metadata against this table.
/// </summary>
public sealed record ApiRoute(string Function, string Method, string Template, Delegate Handler, string Tag, IReadOnlyList<string> Policies, bool Anonymous = false, bool DevelopmentSignIn = false)
{
    /// <summary>The route as a Functions route (no leading slash; a catch-all written <c>{*name}</c>).</summary>
    public string FunctionsRoute => Template.TrimStart('/').Replace("{**", "{*", StringComparison.Ordinal);
}

/// <summary>Every route the app serves, in one table.</summary>
public static class ApiRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } = Build();

    private static List<ApiRoute> Build()
    {
        var routes = new List<ApiRoute>();
        void Add(string function, string method, string template, Delegate handler, string tag, params string[] policies)
            => routes.Add(new ApiRoute(function, method, template, handler, tag, policies));

        const string Any = ServerlessApp.AnyUser;
        const string Officials = ServerlessApp.AnyOfficial;

        // Bidding campaigns.
        Add("Campaigns_UploadScope", "PUT", "/api/campaigns/{campaignId}/scope", BiddingEndpoints.UploadScopeAsync, "Bidding", Any, Roles.PriceOffice);
        Add("Campaigns_Scope", "GET", "/api/campaigns/{campaignId}/scope", BiddingEndpoints.DownloadScopeAsync, "Bidding", Any, Roles.PriceOffice);
        Add("Campaigns_Start", "POST", "/api/campaigns", BiddingEndpoints.StartAsync, "Bidding", Any, Roles.PriceOffice);
        Add("Campaigns_Get", "GET", "/api/campaigns/{campaignId}", BiddingEndpoints.GetAsync, "Bidding", Any);
        Add("Campaigns_Extend", "POST", "/api/campaigns/{campaignId}/rounds/{round:int}/extend", BiddingEndpoints.ExtendAsync, "Bidding", Any, Roles.PriceOffice);
        Add("Campaigns_UploadUrl", "POST", "/api/campaigns/{campaignId}/rounds/{round:int}/upload-url", BiddingEndpoints.IssueUploadUrlAsync, "Bidding", Any, Roles.Hospital);
        Add("Campaigns_BidTemplate", "GET", "/api/campaigns/{campaignId}/rounds/{round:int}/template", BiddingEndpoints.BidTemplateAsync, "Bidding", Any, Roles.Hospital);
        Add("Campaigns_Missing", "GET", "/api/campaigns/{campaignId}/rounds/{round:int}/missing", BiddingEndpoints.MissingAsync, "Bidding", Any, Officials);
        Add("Campaigns_Results", "GET", "/api/campaigns/{campaignId}/results", BiddingEndpoints.ListResultsAsync, "Bidding", Any);
        Add("Campaigns_LeagueResults", "GET", "/api/campaigns/{campaignId}/results/leagues/{league}", BiddingEndpoints.LeagueResultsAsync, "Bidding", Any, Officials);
        Add("Campaigns_ReferencePrices", "GET", "/api/campaigns/{campaignId}/results/round-1/leagues/{league}", BiddingEndpoints.ReferencePricesAsync, "Bidding", Any, Officials);
        Add("Campaigns_ResultFile", "GET", "/api/campaigns/{campaignId}/results/{**path}", BiddingEndpoints.DownloadResultAsync, "Bidding", Any);
        Add("Campaigns_Reports", "GET", "/api/campaigns/{campaignId}/hospitals/{hospital}/reports", BiddingEndpoints.ReportsAsync, "Bidding", Any);
        Add("Campaigns_ReportFile", "GET", "/api/campaigns/{campaignId}/hospitals/{hospital}/reports/{round:int}/{report}", BiddingEndpoints.DownloadReportAsync, "Bidding", Any);
        Add("Campaigns_HospitalReferencePrices", "GET", "/api/campaigns/{campaignId}/hospitals/{hospital}/reference-prices", BiddingEndpoints.HospitalReferencePricesAsync, "Bidding", Any);
        Add("Campaigns_Submissions", "GET", "/api/campaigns/{campaignId}/hospitals/{hospital}/submissions", BiddingEndpoints.SubmissionsAsync, "Bidding", Any);

        // New-item applications.
        Add("NewItems_Submit", "POST", "/api/new-items", NewItemEndpoints.SubmitAsync, "NewItems", Any);
        Add("NewItems_UploadUrl", "POST", "/api/new-items/upload-url", NewItemEndpoints.IssueUploadUrlAsync, "NewItems", Any, Roles.Hospital);
        Add("NewItems_UploadWorkbook", "PUT", "/api/new-items/workbook", ApplicationWorkbookEndpoints.UploadAsync, "NewItems", Any, Roles.Hospital);
        Add("NewItems_Workbook", "GET", "/api/new-items/workbook", ApplicationWorkbookEndpoints.OutcomeAsync, "NewItems", Any, Roles.Hospital);
        Add("NewItems_WorkbookTemplate", "GET", "/api/new-items/workbook/template", ApplicationWorkbookEndpoints.Template, "NewItems", Any, Roles.Hospital);
        Add("NewItems_Tasks", "GET", "/api/new-items/tasks", NewItemEndpoints.TasksAsync, "NewItems", Any);
        Add("NewItems_Done", "GET", "/api/new-items/done", NewItemEndpoints.DoneAsync, "NewItems", Any, Officials);
        Add("NewItems_Catalogue", "PUT", "/api/new-items/catalogue", NewItemEndpoints.UploadCatalogueAsync, "NewItems", Any, Roles.PriceOffice);
        Add("NewItems_Positions", "PUT", "/api/new-items/positions", NewItemEndpoints.SavePositionsAsync, "NewItems", Any, Roles.PriceOffice);
        Add("NewItems_Get", "GET", "/api/new-items/{applicationId}", NewItemEndpoints.GetAsync, "NewItems", Any);
        Add("NewItems_Decide", "POST", "/api/new-items/{applicationId}/decisions", NewItemEndpoints.DecideAsync, "NewItems", Any);
        Add("NewItems_Resubmit", "POST", "/api/new-items/{applicationId}/resubmission", NewItemEndpoints.ResubmitAsync, "NewItems", Any);

        // Reserve fund.
        Add("Fund_Statements", "PUT", "/api/fund/{fund}/{year:int}/statements", FundEndpoints.UploadStatementsAsync, "ReserveFund", Officials, Roles.FundOffice);
        Add("Fund_Confirm", "POST", "/api/fund/{fund}/{year:int}/transfers/{region}/confirm", FundEndpoints.ConfirmAsync, "ReserveFund", Officials, Roles.FinanceOffice);
        Add("Fund_Get", "GET", "/api/fund/{fund}/{year:int}", FundEndpoints.GetAsync, "ReserveFund", Officials);
        Add("Fund_File", "GET", "/api/fund/{fund}/{year:int}/files/{**path}", FundEndpoints.DownloadAsync, "ReserveFund", Officials);
        Add("Fund_Ledger", "GET", "/api/fund/{fund}/ledger", FundEndpoints.LedgerAsync, "ReserveFund", Officials);

        // Annual reviews.
        Add("Reviews_Indicators", "PUT", "/api/reviews/{year:int}/{kind}/indicators", ReviewEndpoints.UploadIndicatorsAsync, "Reviews", Any, Roles.PriceOffice);
        Add("Reviews_DecideCampaign", "POST", "/api/reviews/{year:int}/complex/campaigns/{league}", ReviewEndpoints.DecideCampaignAsync, "Reviews", Any, Roles.PriceOffice);
        Add("Reviews_Get", "GET", "/api/reviews/{year:int}/{kind}", ReviewEndpoints.GetAsync, "Reviews", Any, Officials);

        // Monitoring and evaluation of a campaign's guide prices.
        Add("Monitoring_Get", "GET", "/api/campaigns/{campaignId}/monitoring", MonitoringEndpoints.GetAsync, "Monitoring", Any, Officials);
        Add("Monitoring_Evaluation", "GET", "/api/campaigns/{campaignId}/monitoring/evaluation", MonitoringEndpoints.EvaluationAsync, "Monitoring", Any, Officials);
        Add("Monitoring_NextScope", "POST", "/api/campaigns/{campaignId}/monitoring/evaluation/next-scope", NextScopeEndpoint.DraftAsync, "Monitoring", Any, Roles.PriceOffice);
        Add("Monitoring_LeagueQuarter", "GET", "/api/campaigns/{campaignId}/monitoring/{quarter}/leagues/{league}", MonitoringEndpoints.LeagueQuarterAsync, "Monitoring", Any, Officials);

        // What-if simulations on a campaign's bid workbooks (the price office's).
        Add("Simulations_Run", "POST", "/api/simulations", SimulationEndpoints.RunAsync, "Simulation", Any, Roles.PriceOffice);
        Add("Simulations_List", "GET", "/api/simulations", SimulationEndpoints.ListAsync, "Simulation", Any, Roles.PriceOffice);
        Add("Simulations_Get", "GET", "/api/simulations/{runId}", SimulationEndpoints.GetAsync, "Simulation", Any, Roles.PriceOffice);
        Add("Simulations_UploadWorkbook", "PUT", "/api/simulations/workbooks/{workbookSetId}/rounds/{round:int}/hospitals/{hospital}", SimulationEndpoints.UploadWorkbookAsync, "Simulation", Any, Roles.PriceOffice);
        Add("Simulations_Workbooks", "GET", "/api/simulations/workbooks/{workbookSetId}", SimulationEndpoints.WorkbooksAsync, "Simulation", Any, Roles.PriceOffice);
        Add("Simulations_Compare", "GET", "/api/simulations/{runId}/compare/{otherRunId}", SimulationEndpoints.CompareAsync, "Simulation", Any, Roles.PriceOffice);

        // The audit trail.
        Add("Audit_Search", "GET", "/api/audit", AuditEndpoints.SearchAsync, "Audit", Any, ServerlessApp.AuditReaders);

        // The console's API.
        Add("Console_Me", "GET", "/api/me", ConsoleEndpoints.MeAsync, "Console", Any);
        Add("Console_Campaigns", "GET", "/api/campaigns", ConsoleEndpoints.CampaignsAsync, "Console", Any);
        Add("Console_UploadBid", "PUT", "/api/campaigns/{campaignId}/rounds/{round:int}/bids", ConsoleEndpoints.UploadBidAsync, "Console", Any);
        Add("Console_Report", "GET", "/api/campaigns/{campaignId}/hospitals/{hospital}/report", ConsoleEndpoints.ReportAsync, "Console", Any);
        Add("Console_NewItems", "GET", "/api/new-items", ConsoleEndpoints.ApplicationsAsync, "Console", Any);
        Add("Console_FundTasks", "GET", "/api/fund/tasks", ConsoleEndpoints.FundTasksAsync, "Console", Any, Roles.FinanceOffice);
        // The local sign-in exists only in the development-token mode of the local host; the Functions app has no such function.
        routes.Add(new ApiRoute("Console_DevUsers", "GET", "/console/dev-users", ConsoleEndpoints.DevUsersList, "Console", [], Anonymous: true, DevelopmentSignIn: true));
        routes.Add(new ApiRoute("Console_DevSignIn", "POST", "/console/dev-signin", ConsoleEndpoints.DevSignIn, "Console", [], Anonymous: true, DevelopmentSignIn: true));
        return routes;
    }

    /// <summary>Maps the table as minimal API endpoints (the local host); the development sign-in only when asked.</summary>
    public static IEndpointRouteBuilder MapApiRoutes(this IEndpointRouteBuilder app, bool developmentSignIn)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var route in All.Where(r => developmentSignIn || !r.DevelopmentSignIn))
        {
            var endpoint = app.MapMethods(route.Template, [route.Method], route.Handler).WithName(route.Function).WithTags(route.Tag)
                .AddEndpointFilter(async (context, next) => RequestBounds.RouteProblem(context.HttpContext.Request.RouteValues) is { } problem
                    ? RequestBounds.Refusal(problem)
                    : await next(context));
            if (route.Anonymous)
            {
                endpoint.AllowAnonymous().ExcludeFromDescription();
                continue;
            }

            foreach (var policy in route.Policies)
            {
                endpoint.RequireAuthorization(policy);
            }
        }

        return app;
    }

    /// <summary>The authorization data of a route, for code that authorizes outside endpoint routing.</summary>
    public static IEnumerable<IAuthorizeData> AuthorizeData(ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Policies.Select(policy => new AuthorizeAttribute(policy));
    }
}
