using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.Domain.NewItems;
using Serverless.Domain.Tabular;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Functions.Hosting;

namespace Serverless.Functions.NewItems;

/// <summary>
/// Takes an application in (JSON or one workbook row): intake validation listing every problem at once, then the
/// stored form and the started workflow. The same submission key always gives the same application id, so a
/// repeated POST or a re-delivered upload starts one workflow.
/// </summary>
public sealed class NewItemSubmissions(NewItemStore store, DurableTaskClient client, NewItemParameters parameters)
{
    public sealed record Submitted(string? ApplicationId, bool Created, IReadOnlyList<SheetIssue> Issues);

    public async Task<Submitted> SubmitAsync(ApplicationForm form, string source, int? row, string submissionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var issues = new List<SheetIssue>(NewItemIntake.Validate(form.ToDomain(source, row)));
        if (form.HospitalCode is { Length: > 0 } code && !Security.SignedInHospital.IsWellFormed(code.Trim()))
        {
            issues.Add(new SheetIssue(source, null, row, "hospital_code", code, "hospital_code_invalid", "机构编码只能包含字母、数字、- 和 _", "The hospital code may contain only letters, digits, - and _."));
        }

        if (issues.Count > 0)
        {
            return new Submitted(null, false, issues);
        }

        var hospital = form.HospitalCode!.Trim();
        var id = $"ni-{hospital}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{hospital}\n{submissionKey}")))[..12]}";
        if (await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken) is not null)
        {
            return new Submitted(id, false, []);
        }

        await store.SaveApplicationAsync(id, form with { HospitalCode = hospital }, source, "Submitted", cancellationToken);
        try
        {
            await client.StartNewAsync(NewItemOrchestration.Name, new NewItemStart(id, hospital, parameters), id, cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return new Submitted(id, false, []);
        }

        return new Submitted(id, true, []);
    }
}
