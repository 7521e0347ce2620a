using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using ReplyX.Api.Flags;
using ReplyX.Api.Model;

namespace ReplyX.Api.Apis;

/// <summary>A user's dialogs and their messages: the chat product's hot paths.</summary>
internal static class DialogsApi
{
    private const int MaxContentLength = 4000;
    private static readonly string[] Senders = ["user", "assistant", "operator"];

    private const string KeysetPageSql =
        """
        SELECT id, dialog_id, sender, content, created_at
        FROM dialog_messages
        WHERE dialog_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::bigint))
        ORDER BY created_at DESC, id DESC
        LIMIT $4
        """;

    private const string LegacyPageSql =
        """
        SELECT id, dialog_id, sender, content, created_at
        FROM dialog_messages
        WHERE dialog_id = $1
          AND ($2::timestamptz IS NULL OR created_at < $2::timestamptz OR (created_at = $2::timestamptz AND id < $3::bigint))
        ORDER BY created_at DESC, id DESC
        LIMIT $4
        """;

    public static RouteGroupBuilder MapDialogsApi(this RouteGroupBuilder api)
    {
        var dialogs = api.MapGroup("/dialogs").WithTags("Dialogs");
        dialogs.MapGet("/", ListDialogs).WithName("ListDialogs").WithSummary("The caller's dialogs, most recently active first");
        dialogs.MapGet("/{dialogId:long}/messages", GetMessages).WithName("GetMessages").WithSummary("A page of a dialog's messages, newest first");
        dialogs.MapPost("/{dialogId:long}/messages", PostMessage).WithName("PostMessage").WithSummary("Append a message to a dialog");
        return dialogs;
    }

    public static async Task<Results<Ok<IReadOnlyList<DialogSummary>>, ValidationProblem>> ListDialogs(
        HttpContext http, [AsParameters] ReplyXServices services, int? limit, CancellationToken cancellationToken)
    {
        if (!RequestProblems.TryLimit(limit, 20, 100, out var take, out var problem))
        {
            return problem!;
        }

        await using var command = services.DataSource.CreateCommand(
            """
            SELECT id, channel, title, created_at, updated_at
            FROM dialogs
            WHERE user_id = $1
            ORDER BY updated_at DESC, id DESC
            LIMIT $2
            """);
        command.Parameters.AddWithValue(CallerIdentity.From(http).UserId);
        command.Parameters.AddWithValue(take);
        var result = new List<DialogSummary>(take);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DialogSummary(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return TypedResults.Ok<IReadOnlyList<DialogSummary>>(result);
    }

    public static async Task<Results<Ok<MessagePage>, ProblemHttpResult, ValidationProblem>> GetMessages(
        HttpContext http, [AsParameters] ReplyXServices services, long dialogId, string? before, int? limit,
        CancellationToken cancellationToken)
    {
        if (!RequestProblems.TryLimit(limit, 50, 200, out var take, out var problem))
        {
            return problem!;
        }

        MessageCursor? cursor = null;
        if (before is not null && !MessageCursor.TryDecode(before, out cursor))
        {
            return RequestProblems.Invalid("before", "before must be a cursor returned as nextCursor by a previous page.");
        }

        if (!await OwnsDialogAsync(services.DataSource, CallerIdentity.From(http).UserId, dialogId, cancellationToken))
        {
            return DialogNotFound(dialogId);
        }

        // Phase 01's flag picks the query: the treatment's row comparison matches the (dialog_id, created_at DESC,
        // id DESC) index exactly; the control path keeps the original OR-expanded condition.
        var treatment = await services.Flags.IsTreatmentAsync(http, PhaseFlags.KeysetPages, cancellationToken);
        await using var command = services.DataSource.CreateCommand(treatment ? KeysetPageSql : LegacyPageSql);
        command.Parameters.AddWithValue(dialogId);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = cursor?.CreatedAt, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue(cursor?.Id ?? 0L);
        command.Parameters.AddWithValue(take + 1);

        var messages = new List<DialogMessage>(take + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(new DialogMessage(
                    reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        string? next = null;
        if (messages.Count > take)
        {
            messages.RemoveAt(take);
            var last = messages[^1];
            next = new MessageCursor(last.CreatedAt, last.Id).Encode();
        }

        return TypedResults.Ok(new MessagePage(messages, next));
    }

    public static async Task<Results<Created<DialogMessage>, ProblemHttpResult, ValidationProblem>> PostMessage(
        HttpContext http, [AsParameters] ReplyXServices services, long dialogId, PostMessageRequest request,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Content))
        {
            return RequestProblems.Invalid("content", "content must not be empty.");
        }

        if (request.Content.Length > MaxContentLength)
        {
            return RequestProblems.Invalid("content", $"content must be at most {MaxContentLength} characters; got {request.Content.Length}.");
        }

        var sender = request.Sender ?? "user";
        if (!Senders.Contains(sender))
        {
            return RequestProblems.Invalid("sender", $"sender must be one of {string.Join(", ", Senders)}; got '{sender}'.");
        }

        var now = services.TimeProvider.GetUtcNow();
        await using var command = services.DataSource.CreateCommand(
            """
            WITH owned AS (
                UPDATE dialogs SET updated_at = $4 WHERE id = $1 AND user_id = $2 RETURNING id
            )
            INSERT INTO dialog_messages (dialog_id, sender, content, created_at)
            SELECT id, $3, $5, $4 FROM owned
            RETURNING id
            """);
        command.Parameters.AddWithValue(dialogId);
        command.Parameters.AddWithValue(CallerIdentity.From(http).UserId);
        command.Parameters.AddWithValue(sender);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(request.Content);
        var id = await command.ExecuteScalarAsync(cancellationToken);
        if (id is not long messageId)
        {
            return DialogNotFound(dialogId);
        }

        var message = new DialogMessage(messageId, dialogId, sender, request.Content, now);
        return TypedResults.Created($"/api/dialogs/{dialogId}/messages/{messageId}", message);
    }

    private static async Task<bool> OwnsDialogAsync(NpgsqlDataSource dataSource, long userId, long dialogId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM dialogs WHERE id = $1 AND user_id = $2)");
        command.Parameters.AddWithValue(dialogId);
        command.Parameters.AddWithValue(userId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // Another user's dialog is reported exactly like a missing one: its existence is not the caller's business.
    private static ProblemHttpResult DialogNotFound(long dialogId) =>
        TypedResults.Problem(
            title: "Dialog not found",
            detail: $"Dialog {dialogId} does not exist or does not belong to the caller.",
            statusCode: StatusCodes.Status404NotFound);
}
