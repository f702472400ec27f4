namespace Serverless.Durable;

/// <summary>An activity or sub-orchestration failed; carries the failed task's name and its failure details.</summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with {failureDetails?.ErrorType}: {failureDetails?.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails ?? throw new ArgumentNullException(nameof(failureDetails));
    }

    public TaskFailedException()
        : this("unknown", -1, new TaskFailureDetails("unknown", "unknown", null))
    {
    }

    public TaskFailedException(string message)
        : this("unknown", -1, new TaskFailureDetails("unknown", message, null))
    {
    }

    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = "unknown";
        TaskId = -1;
        FailureDetails = TaskFailureDetails.FromException(innerException);
    }

    public string TaskName { get; } = "unknown";

    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }
}
