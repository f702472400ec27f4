using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.Calendar;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.Security;

/// <summary>The audit search (issue 20): who did what, when and on which instance, for the officials who oversee (<see cref="Roles.AuditReaders"/>).</summary>
public static class AuditEndpoints
{
    /// <summary>
    /// <c>GET /api/audit?who=&amp;action=&amp;instance=&amp;from=&amp;to=&amp;pageSize=&amp;continuation=</c>: a page of the entries
    /// that match every filter given, and the token of the next page; 400 with a stable code for anything out of bounds.
    /// </summary>
    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> SearchAsync(string? who, string? action, string? instance, string? from, string? to,
        string? pageSize, string? continuation, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var search = AuditSearch.TryCreate(who, action, instance, from, to, pageSize, continuation, ChinaTime.ToChinaDate(time.GetUtcNow()), out var problem);
        if (search is null)
        {
            return ApiProblem.Of(StatusCodes.Status400BadRequest, problem.Code, "Bad audit search", problem.Detail);
        }

        try
        {
            return TypedResults.Ok(await audit.SearchAsync(search, cancellationToken));
        }
        catch (RequestFailedException refused) when (refused.Status == StatusCodes.Status400BadRequest && search.Continuation is not null)
        {
            // A well-formed token the table service does not accept (made up, or edited).
            return ApiProblem.Of(StatusCodes.Status400BadRequest, "bad_continuation", "Bad audit search", "continuation must be the token a previous page of this search returned.");
        }
    }
}
