using Google.Protobuf;

namespace HelperPlatform.DevServer.Engine;

/// <summary>What a task token hands to a worker stands for.</summary>
internal enum TaskTokenKind : byte
{
    WorkflowTask = 1,
    ActivityTask = 2,
    QueryTask = 3,
}

/// <summary>
/// The opaque token of a workflow, activity or query task. It names the run and the task's identity within it
/// (workflow task sequence, or activity scheduled event id and attempt, or query id), so a late answer to an
/// older task is recognised and refused.
/// </summary>
internal sealed record TaskToken(TaskTokenKind Kind, string RunId, long TaskId, int Attempt = 0, string QueryId = "")
{
    public ByteString ToByteString()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write((byte)Kind);
            writer.Write(RunId);
            writer.Write(TaskId);
            writer.Write(Attempt);
            writer.Write(QueryId);
        }
        return ByteString.CopyFrom(buffer.ToArray());
    }

    public static TaskToken Parse(ByteString token, TaskTokenKind expectedKind)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(token.ToByteArray()));
            var parsed = new TaskToken((TaskTokenKind)reader.ReadByte(), reader.ReadString(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadString());
            if (parsed.Kind != expectedKind)
            {
                throw RpcErrors.InvalidArgument($"The task token is for a {parsed.Kind}, not a {expectedKind}.");
            }
            return parsed;
        }
        catch (Exception exception) when (exception is IOException or FormatException or ArgumentException)
        {
            throw RpcErrors.InvalidArgument("Malformed task token.");
        }
    }
}
