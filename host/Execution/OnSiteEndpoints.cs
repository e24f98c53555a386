using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Execution.Reports;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Ordering;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Execution;

/// <summary>
/// The worker on site: check-in and the photo report, each passed to the order workflow as an update that
/// decides whether it fits the order (the assigned worker, the right step, the radius, the photo count).
/// </summary>
public static class OnSiteEndpoints
{
    /// <summary>Room for the multipart framing around the images.</summary>
    private const long MultipartOverheadBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapOnSiteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/api/orders").WithTags("Execution");
        orders.MapPost("/{id:guid}/check-in", CheckInAsync).RequireRoles(PlatformRoles.Worker)
            .WithSummary("Check in on site with the device's coordinates, within the step's radius of the address: CheckedInViaApp (the assigned worker).")
            .ProducesOrderRefusals()
            .WithRequestExample(() => new JsonObject { ["latitude"] = 52.5068, ["longitude"] = 13.3904 });
        orders.MapPost("/{id:guid}/photo-report", SubmitPhotoReportAsync).RequireRoles(PlatformRoles.Worker).DisableAntiforgery()
            .WithSummary("Upload the photo report as multipart/form-data images (JPEG, PNG, WebP): PhotoReportSent (the assigned worker).")
            .AddOpenApiOperationTransformer(DescribePhotoUploadAsync)
            .ProducesOrderRefusals();
        orders.MapGet("/{id:guid}/photos", ListPhotosAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("The photos of the order's accepted report (managers, ops).");
        endpoints.MapGet("/api/photos/{photoId:guid}", GetPhotoAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops).WithTags("Execution")
            .WithSummary("One photo's image (managers, ops).");
        return endpoints;
    }

    private static async Task<Results<Ok<CheckInAccepted>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        Guid id, CheckInBody body, ClaimsPrincipal user, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body.Latitude is not (>= -90 and <= 90))
        {
            errors.Add("latitude", "'latitude' is required: degrees from -90 to 90.");
        }

        if (body.Longitude is not (>= -180 and <= 180))
        {
            errors.Add("longitude", "'longitude' is required: degrees from -180 to 180.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var attempt = new WorkerCheckIn(user.AccountId(), body.Latitude!.Value, body.Longitude!.Value);
        var handle = (await temporal.GetClientAsync(cancellationToken)).GetWorkflowHandle<OrderWorkflow>(OrderWorkflow.WorkflowId(id));
        var (accepted, problem) = await OrderUpdates.RunAsync(
            handle, workflow => workflow.CheckInAsync(attempt), answers => answers.WorkerId == attempt.WorkerId ? answers.CheckIn : null);
        return problem ?? (Results<Ok<CheckInAccepted>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(accepted!);
    }

    /// <summary>The handler reads the form itself (to answer a broken one with 400), so the body is described here.</summary>
    private static Task DescribePhotoUploadAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "photos" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["reportId"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Format = "uuid",
                                Description = "Optional: a UUID the app makes once per report and sends again with every retry, so a retry uses the upload stored the first time instead of storing another.",
                            },
                            ["photos"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Array,
                                Description = "The images, JPEG, PNG or WebP, as many as the step's minPhotos to maxPhotos.",
                                Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// Checks every file by its content and size, stores the report, then offers it to the order workflow. An upload
    /// sent without a <c>reportId</c> is this request's alone, so it is discarded again when the order refuses it or
    /// Temporal cannot be reached; one under the client's <c>reportId</c> is kept for the client's retry (which may be
    /// offering it right now), and the reconciliation's sweep removes it if no order takes it. Either is discarded
    /// when the order has another report already (a repeat, answered with that first report).
    /// </summary>
    private static async Task<Results<Ok<PhotoReportAccepted>, ValidationProblem, ProblemHttpResult>> SubmitPhotoReportAsync(
        Guid id,
        HttpContext context,
        ClaimsPrincipal user,
        IOptions<PhotoSettings> settings,
        PhotoStore store,
        TemporalClientProvider temporal,
        CancellationToken cancellationToken)
    {
        var limits = settings.Value;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = ((long)limits.MaxPhotos * limits.MaxPhotoBytes) + MultipartOverheadBytes;
        }

        if (!context.Request.HasFormContentType)
        {
            return new ValidationErrors().Add("photos", "Send the photos as multipart/form-data.").ToProblem();
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            // No boundary or one over 128 characters, part headers over the limit or not header lines at all.
            return new ValidationErrors().Add("photos", $"The multipart/form-data body cannot be read: {e.Message}").ToProblem();
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            return new ValidationErrors().Add("photos", "The multipart/form-data body ends before its closing boundary.").ToProblem();
        }

        var (photos, errors) = await ReadPhotosAsync(form.Files, limits, cancellationToken);
        var clientReportId = ReadReportId(form, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var workerId = user.AccountId();
        if (await store.SubmitAsync(id, workerId, clientReportId, photos, cancellationToken) is not { } reportId)
        {
            return errors.Add("reportId", $"'{clientReportId}' names another upload: send other photos under a new reportId.").ToProblem();
        }

        var ownedByThisRequest = clientReportId is null;
        var submission = new PhotoReportSubmission(reportId, workerId, photos.Count);
        PhotoReportAccepted? accepted;
        ProblemHttpResult? problem;
        try
        {
            var handle = (await temporal.GetClientAsync(cancellationToken)).GetWorkflowHandle<OrderWorkflow>(OrderWorkflow.WorkflowId(id));
            (accepted, problem) = await OrderUpdates.RunAsync(
                handle, workflow => workflow.SubmitPhotoReportAsync(submission), answers => answers.WorkerId == workerId ? answers.PhotoReport : null);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.Unavailable && ownedByThisRequest)
        {
            // Temporal was not reached, so no workflow has the report; the outage still answers 503. (When the
            // outcome is unknown, e.g. a deadline passed, the workflow may have taken it, so it is kept.)
            await store.DiscardAsync(reportId, CancellationToken.None);
            throw;
        }

        // A refused report, or a repeat answered with the first report, which stays the order's: this upload is not needed.
        if ((problem is not null && ownedByThisRequest) || (accepted is not null && accepted.ReportId != reportId))
        {
            await store.DiscardAsync(reportId, CancellationToken.None);
        }

        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(accepted!);
    }

    /// <summary>The optional <c>reportId</c>: a UUID the app makes once per report and sends again with every retry of it.</summary>
    private static Guid? ReadReportId(IFormCollection form, ValidationErrors errors)
    {
        if (!form.TryGetValue("reportId", out var values))
        {
            return null;
        }

        if (values.Count == 1 && Guid.TryParse(values[0], out var reportId) && reportId != Guid.Empty)
        {
            return reportId;
        }

        errors.Add("reportId", "'reportId' is optional; when sent, once, it is a non-empty UUID the app makes for the report and sends again with every retry of it.");
        return null;
    }

    private static async Task<(List<UploadedPhoto> Photos, ValidationErrors Errors)> ReadPhotosAsync(
        IFormFileCollection files, PhotoSettings limits, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var photos = new List<UploadedPhoto>();
        if (files.Count == 0 || files.Count > limits.MaxPhotos)
        {
            errors.Add("photos", $"Send 1 to {limits.MaxPhotos} images; {files.Count} were sent.");
            return (photos, errors);
        }

        for (var index = 0; index < files.Count; index++)
        {
            var field = $"photos[{index}]";
            var file = files[index];
            if (file.Length == 0 || file.Length > limits.MaxPhotoBytes)
            {
                errors.Add(field, $"'{file.FileName}' has {file.Length} bytes; an image must have 1 to {limits.MaxPhotoBytes}.");
                continue;
            }

            using var content = new MemoryStream();
            await file.CopyToAsync(content, cancellationToken);
            var bytes = content.ToArray();
            if (ImageContent.Detect(bytes) is { } contentType)
            {
                photos.Add(new UploadedPhoto(contentType, bytes));
            }
            else
            {
                errors.Add(field, $"'{file.FileName}' is not a JPEG, PNG or WebP image (judged by its content, not its name).");
            }
        }

        return (photos, errors);
    }

    private static async Task<Results<Ok<List<PhotoSummary>>, ProblemHttpResult>> ListPhotosAsync(
        Guid id, PhotoStore store, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var photos = await store.ListAcceptedAsync(id, cancellationToken);
        return photos.Count > 0 || await OrderExistsAsync(id, temporal, cancellationToken)
            ? TypedResults.Ok(photos)
            : TypedResults.Problem($"There is no order '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }

    /// <summary>Execution keeps no list of orders: the order workflow tells whether one exists.</summary>
    private static async Task<bool> OrderExistsAsync(Guid id, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var handle = (await temporal.GetClientAsync(cancellationToken)).GetWorkflowHandle(OrderWorkflow.WorkflowId(id));
        try
        {
            await handle.DescribeAsync(new() { Rpc = new() { CancellationToken = cancellationToken } });
            return true;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPhotoAsync(Guid photoId, PhotoStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(photoId, cancellationToken) is { } photo
            ? TypedResults.File(photo.Content, photo.ContentType)
            : TypedResults.Problem($"There is no photo '{photoId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
