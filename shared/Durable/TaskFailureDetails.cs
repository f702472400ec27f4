namespace Serverless.Durable;

/// <summary>Why a task or an orchestration failed: the error type, its message and where it was thrown.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure = null)
{
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException failed)
        {
            return new TaskFailureDetails(failed.GetType().FullName!, failed.Message, failed.StackTrace, failed.FailureDetails);
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException));
    }

    /// <summary>True when this failure, or one it wraps, was caused by an exception of type <typeparamref name="TException"/>.</summary>
    public bool IsCausedBy<TException>()
        where TException : Exception
    {
        var name = typeof(TException).FullName;
        for (var failure = this; failure is not null; failure = failure.InnerFailure)
        {
            if (failure.ErrorType == name)
            {
                return true;
            }
        }

        return false;
    }
}
