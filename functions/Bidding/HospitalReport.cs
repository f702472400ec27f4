using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Serverless.Functions.Bidding;

/// <summary>One report of a hospital's upload in a campaign round, and where to download it.</summary>
public sealed partial record HospitalReport(
    int Round,
    string Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<HospitalReportKind>))] HospitalReportKind Kind,
    DateTimeOffset? CreatedAt,
    long Size,
    string Url)
{
    /// <summary>Whether <paramref name="name"/> is a report's file name as the campaign writes them (<see cref="CampaignStore.ValidationReportName"/>, <see cref="CampaignStore.RefusalReportName"/>).</summary>
    public static bool IsReportName(string name) => ReportName().IsMatch(name);

    /// <summary>The report stored as <paramref name="name"/> in the hospital's folder of a round, or null for a blob that is none.</summary>
    public static HospitalReport? Of(string campaignId, string hospital, int round, string name, long size, DateTimeOffset? createdAt)
    {
        var match = ReportName().Match(name);
        return match.Success
            ? new HospitalReport(round, name, match.Groups["kind"].Value == "refused" ? HospitalReportKind.Refused : HospitalReportKind.Validation, createdAt, size,
                $"/api/campaigns/{campaignId}/hospitals/{hospital}/reports/{round}/{name}")
            : null;
    }

    [GeneratedRegex(@"^(?<kind>validation|refused)-[A-Za-z0-9-]{1,40}\.xlsx\z")]
    private static partial Regex ReportName();
}
