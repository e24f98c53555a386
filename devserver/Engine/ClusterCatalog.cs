using Google.Protobuf.WellKnownTypes;
using HelperPlatform.DevServer.Visibility;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.Replication.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace HelperPlatform.DevServer.Engine;

/// <summary>
/// What the server tells about itself rather than about one execution: its namespaces, cluster, search attributes
/// and the workers polling a task queue. This is what the Temporal Web UI reads to find its way around.
/// </summary>
internal sealed class ClusterCatalog(DevServerEngine engine)
{
    public const string ServerVersion = "1.26.0-helperplatform-devserver";

    private const string ClusterName = "active";

    private static readonly Duration Retention = Duration.FromTimeSpan(TimeSpan.FromDays(1));

    public DescribeNamespaceResponse DescribeNamespace(DescribeNamespaceRequest request) =>
        Describe(engine.NamespaceOf(string.IsNullOrEmpty(request.Namespace) ? request.Id : request.Namespace));

    /// <summary>
    /// Any namespace name is accepted, so the list is the default namespace and every namespace that holds an
    /// execution, by name; one page, as the dev server never has many.
    /// </summary>
    public ListNamespacesResponse ListNamespaces()
    {
        List<string> names;
        lock (engine.Gate)
        {
            names = engine.Store.AllRuns.Select(run => run.Namespace).Append(engine.DefaultNamespace)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        var response = new ListNamespacesResponse();
        response.Namespaces.AddRange(names.Select(Describe));
        return response;
    }

    public static GetClusterInfoResponse GetClusterInfo() => new()
    {
        ClusterId = "helperplatform-devserver",
        ClusterName = ClusterName,
        ServerVersion = ServerVersion,
        HistoryShardCount = 1,
        PersistenceStore = "memory",
        VisibilityStore = "memory",
    };

    /// <summary>The system attributes this server can filter on; it has no custom ones.</summary>
    public static ListSearchAttributesResponse ListSearchAttributes()
    {
        var response = new ListSearchAttributesResponse();
        foreach (var attribute in ListFilterAttributeCatalog.All)
        {
            response.SystemAttributes.Add(attribute.Name, attribute.ValueType);
        }
        return response;
    }

    /// <summary>
    /// The workers that polled the queue in the last five minutes. As on the real server an unspecified type means
    /// the workflow queue.
    /// </summary>
    public DescribeTaskQueueResponse DescribeTaskQueue(DescribeTaskQueueRequest request)
    {
        var name = request.TaskQueue?.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw RpcErrors.InvalidArgument("TaskQueue is not set on request.");
        }
        var @namespace = engine.NamespaceOf(request.Namespace);
        var response = new DescribeTaskQueueResponse();
        lock (engine.Gate)
        {
            var pollers = request.TaskQueueType == TaskQueueType.Activity
                ? engine.Queues.Activity(@namespace, name).RecentPollers()
                : engine.Queues.Workflow(@namespace, name).RecentPollers();
            response.Pollers.AddRange(pollers.Select(poller => new PollerInfo
            {
                Identity = poller.Identity,
                LastAccessTime = Timestamp.FromDateTimeOffset(poller.LastAccessTime),
            }));
        }
        return response;
    }

    private static DescribeNamespaceResponse Describe(string name) => new()
    {
        NamespaceInfo = new NamespaceInfo
        {
            Name = name,
            Id = name,
            State = NamespaceState.Registered,
            Description = "In-memory namespace of the HelperPlatform dev server.",
        },
        Config = new NamespaceConfig
        {
            WorkflowExecutionRetentionTtl = Retention,
            HistoryArchivalState = ArchivalState.Disabled,
            VisibilityArchivalState = ArchivalState.Disabled,
        },
        ReplicationConfig = new NamespaceReplicationConfig
        {
            ActiveClusterName = ClusterName,
            Clusters = { new ClusterReplicationConfig { ClusterName = ClusterName } },
            State = ReplicationState.Normal,
        },
    };
}
